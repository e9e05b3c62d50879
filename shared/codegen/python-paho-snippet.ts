import { PASSWORD_ENV, type CodeAction, type CodeConnection, type CodeSnippet } from './code-target';
import { printablePayload, pythonBytesLiteral, stringLiteral } from './payload-literal';

/** A runnable Python script for paho-mqtt 2.x. */
export function pythonPahoSnippet(conn: CodeConnection, action: CodeAction): CodeSnippet {
  const ws = conn.transport === 'ws' || conn.transport === 'wss';
  const tls = conn.transport === 'tls' || conn.transport === 'wss';
  const L: string[] = ['import os', 'import paho.mqtt.client as mqtt', ''];
  const args =
    `client_id=${stringLiteral(conn.clientId ?? '')}, protocol=${conn.protocolVersion === 5 ? 'mqtt.MQTTv5' : 'mqtt.MQTTv311'}, ` +
    `transport=${ws ? '"websockets"' : '"tcp"'}${conn.protocolVersion === 5 ? '' : `, clean_session=${conn.clean === false ? 'False' : 'True'}`}`;
  // paho-mqtt 2.x wants the callback API version first; 1.x (still what many distributions ship) has none.
  L.push('try:', `    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, ${args})`, 'except AttributeError:', `    client = mqtt.Client(${args})`);
  if (conn.username || conn.usesPassword) {
    L.push(`client.username_pw_set(${stringLiteral(conn.username ?? '')}${conn.usesPassword ? `, os.environ[${stringLiteral(PASSWORD_ENV)}]` : ''})`);
  }
  if (tls) {
    L.push(`client.tls_set(${conn.caFile ? `ca_certs=${stringLiteral(conn.caFile)}` : ''})`);
    if (conn.rejectUnauthorized === false) L.push('client.tls_insecure_set(True)  # the profile skips certificate verification');
  }
  if (ws) L.push(`client.ws_set_options(path=${stringLiteral(conn.wsPath ?? '/mqtt')})`);
  const connect = `client.connect(${stringLiteral(conn.host)}, ${conn.port}, keepalive=${conn.keepaliveSec ?? 60})`;
  if (action.kind === 'publish') {
    const { text, bytes } = printablePayload(action.payloadBase64);
    L.push(connect, 'client.loop_start()');
    L.push(`payload = ${text === null ? pythonBytesLiteral(bytes) : `${stringLiteral(text)}.encode("utf-8")`}`);
    L.push(`info = client.publish(${stringLiteral(action.topic)}, payload, qos=${action.qos}, retain=${action.retain ? 'True' : 'False'})`);
    L.push('info.wait_for_publish()', 'client.disconnect()', 'client.loop_stop()');
  } else {
    L.push('', '', 'def on_connect(client, userdata, flags, *reason):');
    L.push(`    client.subscribe(${stringLiteral(action.filter)}, qos=${action.qos})`, '', '');
    L.push('def on_message(client, userdata, msg):', '    print(msg.topic, msg.payload)', '', '');
    L.push('client.on_connect = on_connect', 'client.on_message = on_message', connect, 'client.loop_forever()');
  }
  return { target: 'python-paho', language: 'python', text: L.join('\n') + '\n', env: conn.usesPassword ? [PASSWORD_ENV] : [] };
}
