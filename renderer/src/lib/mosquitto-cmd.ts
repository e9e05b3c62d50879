// "Copy as mosquitto_pub command": reproduces a received message with a client we did not write.
import { bytesToHex } from './payload';

/** POSIX shell single-quoting. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_\-./:=@%+,]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function mosquittoPubCommand(m: { topic: string; qos?: number; retain?: boolean; text: string | null; bytes: Uint8Array }): string {
  const parts = ['mosquitto_pub', '-h', 'HOST', '-p', 'PORT', '-t', shellQuote(m.topic)];
  if (m.qos) parts.push('-q', String(m.qos));
  if (m.retain) parts.push('-r');
  if (m.text !== null && !m.text.includes('\0')) {
    parts.push('-m', shellQuote(m.text));
    return parts.join(' ');
  }
  // Binary payloads: feed the exact bytes through xxd so nothing is re-encoded.
  return `printf %s ${bytesToHex(m.bytes)} | xxd -r -p | ${parts.join(' ')} -s`;
}
