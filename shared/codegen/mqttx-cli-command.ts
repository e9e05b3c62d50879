import { shellQuote } from '../capture/mosquitto-pub-command';
import { bytesToBase64 } from '../mqtt/base64';
import { PASSWORD_ENV, type CodeAction, type CodeConnection, type CodeSnippet } from './code-target';
import { printablePayload } from './payload-literal';

const PROTOCOL: Record<CodeConnection['transport'], string> = { tcp: 'mqtt', tls: 'mqtts', ws: 'ws', wss: 'wss' };

/** An MQTTX CLI (`mqttx pub` / `mqttx sub`) command line for a POSIX shell. */
export function mqttxCliCommand(conn: CodeConnection, action: CodeAction): CodeSnippet {
  const args = ['mqttx', action.kind === 'publish' ? 'pub' : 'sub', '-h', shellQuote(conn.host), '-p', String(conn.port), '-l', PROTOCOL[conn.transport]];
  if ((conn.transport === 'ws' || conn.transport === 'wss') && conn.wsPath) args.push('--path', shellQuote(conn.wsPath));
  args.push('-V', conn.protocolVersion === 5 ? '5' : '3.1.1');
  if (conn.clientId) args.push('-i', shellQuote(conn.clientId));
  if (conn.clean === false) args.push('--no-clean');
  if (conn.keepaliveSec !== undefined) args.push('-k', String(conn.keepaliveSec));
  if (conn.username) args.push('-u', shellQuote(conn.username));
  if (conn.usesPassword) args.push('-P', `"$${PASSWORD_ENV}"`);
  if (conn.caFile) args.push('--ca', shellQuote(conn.caFile));
  if (conn.rejectUnauthorized === false) args.push('--insecure');
  if (action.kind === 'publish') {
    args.push('-t', shellQuote(action.topic), '-q', String(action.qos));
    if (action.retain) args.push('-r');
    const { text, bytes } = printablePayload(action.payloadBase64);
    // Binary payloads travel as base64 text and MQTTX decodes them back to the same bytes.
    if (text === null) args.push('--format', 'base64', '-m', shellQuote(bytesToBase64(bytes)));
    else args.push('-m', shellQuote(text));
  } else {
    args.push('-t', shellQuote(action.filter), '-q', String(action.qos));
  }
  return { target: 'mqttx-cli', language: 'shell', text: args.join(' '), env: conn.usesPassword ? [PASSWORD_ENV] : [] };
}
