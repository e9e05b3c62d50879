import { describe, expect, it } from 'vitest';
import { mosquittoPubCommand, shellQuote } from './mosquitto-pub-command';

const b64 = (s: string | Uint8Array) => Buffer.from(s as string).toString('base64');

describe('mosquitto_pub command', () => {
  it('single-quotes text payloads and topics, escaping quotes', () => {
    const c = mosquittoPubCommand({ topic: "a b/it's", payloadBase64: b64(`{"v":"it's"}`), qos: 1, retain: true, host: '127.0.0.1', port: 1884 });
    expect(c.binary).toBe(false);
    expect(c.command).toBe(`mosquitto_pub -h 127.0.0.1 -p 1884 -t 'a b/it'\\''s' -q 1 -r -m '{"v":"it'\\''s"}'`);
  });

  it('sends binary through printf octal escapes and -f', () => {
    const c = mosquittoPubCommand({ topic: 't', payloadBase64: b64(new Uint8Array([0, 0x25, 0x5c, 0x27, 65, 255])) });
    expect(c.binary).toBe(true);
    expect(c.command).toBe(`printf '\\000\\045\\134\\047A\\377' > fieldscope-payload.bin && mosquitto_pub -h localhost -t t -f fieldscope-payload.bin`);
  });

  it('uses -n for an empty payload and adds MQTT 5 properties', () => {
    const c = mosquittoPubCommand({
      topic: 't',
      payloadBase64: '',
      protocolVersion: 5,
      mqttProperties: { contentType: 'application/json', userProperties: { k: ['a', 'b c'] } },
    });
    expect(c.command).toBe(
      `mosquitto_pub -h localhost -V mqttv5 -t t -D publish content-type application/json -D publish user-property k a -D publish user-property k 'b c' -n`,
    );
  });

  it('quotes only when needed', () => {
    expect(shellQuote('abc/def')).toBe('abc/def');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('$HOME')).toBe("'$HOME'");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('{"a":1}')).toBe(`'{"a":1}'`);
  });
});
