import { PASSWORD_ENV, type CodeAction, type CodeConnection, type CodeSnippet } from './code-target';
import { printablePayload, stringLiteral } from './payload-literal';
import { bytesToBase64 } from '../mqtt/base64';

const SCHEME: Record<CodeConnection['transport'], string> = { tcp: 'mqtt', tls: 'mqtts', ws: 'ws', wss: 'wss' };

/** A runnable Node.js ES module for mqtt.js 5. */
export function nodeMqttjsSnippet(conn: CodeConnection, action: CodeAction): CodeSnippet {
  const ws = conn.transport === 'ws' || conn.transport === 'wss';
  const L: string[] = [];
  if (conn.caFile) L.push("import fs from 'node:fs';");
  L.push("import mqtt from 'mqtt';", '');
  const url = `${SCHEME[conn.transport]}://${conn.host.includes(':') ? `[${conn.host}]` : conn.host}:${conn.port}${ws ? (conn.wsPath ?? '/mqtt') : ''}`;
  const opts: string[] = [`clientId: ${stringLiteral(conn.clientId ?? '')}`, `protocolVersion: ${conn.protocolVersion}`];
  if (conn.clean === false) opts.push('clean: false');
  if (conn.keepaliveSec !== undefined) opts.push(`keepalive: ${conn.keepaliveSec}`);
  if (conn.username) opts.push(`username: ${stringLiteral(conn.username)}`);
  if (conn.usesPassword) opts.push(`password: process.env.${PASSWORD_ENV}`);
  if (conn.caFile) opts.push(`ca: fs.readFileSync(${stringLiteral(conn.caFile)})`);
  if (conn.rejectUnauthorized === false) opts.push('rejectUnauthorized: false');
  L.push(`const client = await mqtt.connectAsync(${stringLiteral(url)}, {`, ...opts.map((o) => `  ${o},`), '});');
  if (action.kind === 'publish') {
    const { text, bytes } = printablePayload(action.payloadBase64);
    const payload = text === null ? `Buffer.from(${stringLiteral(bytesToBase64(bytes))}, 'base64')` : stringLiteral(text);
    L.push(`await client.publishAsync(${stringLiteral(action.topic)}, ${payload}, { qos: ${action.qos}, retain: ${action.retain} });`);
    L.push('await client.endAsync();');
  } else {
    L.push("client.on('message', (topic, payload) => console.log(topic, payload.toString()));");
    L.push(`await client.subscribeAsync(${stringLiteral(action.filter)}, { qos: ${action.qos} });`);
  }
  return { target: 'node-mqttjs', language: 'javascript', text: L.join('\n') + '\n', env: conn.usesPassword ? [PASSWORD_ENV] : [] };
}
