import { describe, expect, it } from 'vitest';
import { copyAsCode } from './copy-as-code';
import { PASSWORD_ENV, type CodeConnection } from './code-target';

const conn: CodeConnection = {
  host: 'broker.example',
  port: 8884,
  transport: 'wss',
  wsPath: '/mqtt',
  clientId: "it's-me",
  username: 'eng',
  usesPassword: true,
  protocolVersion: 5,
  clean: false,
  rejectUnauthorized: false,
};
const binary = Buffer.from([0, 1, 2, 0x27, 0xff]).toString('base64');

describe('copyAsCode', () => {
  it('MQTTX CLI: connection flags, password from the environment, binary as base64', () => {
    const s = copyAsCode('mqttx-cli', conn, { kind: 'publish', topic: 'a/b', payloadBase64: binary, qos: 1, retain: true });
    expect(s.text).toBe(
      `mqttx pub -h broker.example -p 8884 -l wss --path /mqtt -V 5 -i 'it'\\''s-me' --no-clean -u eng -P "$${PASSWORD_ENV}" --insecure -t a/b -q 1 -r --format base64 -m AAECJ/8=`,
    );
    expect(copyAsCode('mqttx-cli', { ...conn, usesPassword: false }, { kind: 'subscribe', filter: 'a/#', qos: 2 }).text).toBe(
      `mqttx sub -h broker.example -p 8884 -l wss --path /mqtt -V 5 -i 'it'\\''s-me' --no-clean -u eng --insecure -t 'a/#' -q 2`,
    );
  });

  it('mosquitto: says the clients do not speak WebSocket, reads the password from the environment', () => {
    const s = copyAsCode('mosquitto', conn, { kind: 'subscribe', filter: 'a/#', qos: 1 });
    expect(s.text).toMatch(/^# mosquitto clients do not speak MQTT over WebSocket/);
    expect(s.text).toContain(`-P "$${PASSWORD_ENV}"`);
    expect(s.text).toContain("-t 'a/#' -q 1 -v");
  });

  it('Python and Node: MQTT 5, WebSocket path, no inline password', () => {
    const py = copyAsCode('python-paho', conn, { kind: 'subscribe', filter: 'a/#', qos: 1 });
    expect(py.text).toContain('protocol=mqtt.MQTTv5, transport="websockets"');
    expect(py.text).toContain(`os.environ["${PASSWORD_ENV}"]`);
    expect(py.text).toContain('client.ws_set_options(path="/mqtt")');
    expect(py.text).toContain('client.tls_insecure_set(True)');
    const js = copyAsCode('node-mqttjs', conn, { kind: 'publish', topic: 'a/b', payloadBase64: binary, qos: 0, retain: false });
    expect(js.text).toContain('mqtt.connectAsync("wss://broker.example:8884/mqtt"');
    expect(js.text).toContain(`password: process.env.${PASSWORD_ENV}`);
    expect(js.text).toContain(`Buffer.from("AAECJ/8=", 'base64')`);
  });
});
