import { mosquittoPubCommand, shellQuote } from '../capture/mosquitto-pub-command';
import { PASSWORD_ENV, type CodeAction, type CodeConnection, type CodeSnippet } from './code-target';

/** Connection flags shared by mosquitto_pub and mosquitto_sub (password from the environment, never inline). */
function connectionArgs(conn: CodeConnection): string[] {
  const a: string[] = [];
  if (conn.clientId) a.push('-i', shellQuote(conn.clientId));
  if (conn.clean === false) a.push('-c');
  if (conn.keepaliveSec !== undefined) a.push('-k', String(conn.keepaliveSec));
  if (conn.username) a.push('-u', shellQuote(conn.username));
  if (conn.usesPassword) a.push('-P', `"$${PASSWORD_ENV}"`);
  if (conn.transport === 'tls' || conn.transport === 'wss') {
    // mosquitto needs a CA to turn TLS on; without a file, the system's CA directory is the usual choice.
    a.push(...(conn.caFile ? ['--cafile', shellQuote(conn.caFile)] : ['--capath', '/etc/ssl/certs']));
    if (conn.rejectUnauthorized === false) a.push('--insecure');
  }
  return a;
}

/** mosquitto_pub / mosquitto_sub. WebSocket transports are not spoken by the mosquitto clients: said in a comment. */
export function mosquittoCommand(conn: CodeConnection, action: CodeAction): CodeSnippet {
  const env = conn.usesPassword ? [PASSWORD_ENV] : [];
  const note =
    conn.transport === 'ws' || conn.transport === 'wss' ? '# mosquitto clients do not speak MQTT over WebSocket; this uses the TCP port you give\n' : '';
  if (action.kind === 'publish') {
    const c = mosquittoPubCommand({
      topic: action.topic,
      payloadBase64: action.payloadBase64,
      qos: action.qos,
      retain: action.retain,
      host: conn.host,
      port: conn.port,
      protocolVersion: conn.protocolVersion,
      connectionArgs: connectionArgs(conn),
    });
    return { target: 'mosquitto', language: 'shell', text: note + c.command, env };
  }
  const args = ['mosquitto_sub', '-h', shellQuote(conn.host), '-p', String(conn.port), ...connectionArgs(conn)];
  if (conn.protocolVersion === 5) args.push('-V', 'mqttv5');
  args.push('-t', shellQuote(action.filter), '-q', String(action.qos), '-v');
  return { target: 'mosquitto', language: 'shell', text: note + args.join(' '), env };
}
