import { base64ToBytes } from '../mqtt/base64';

/**
 * A message as a `mosquitto_pub` command line for a POSIX shell (sh, bash, zsh).
 *
 * - Text payloads (valid UTF-8 with no control characters other than tab, CR and LF) go in `-m '...'`,
 *   single-quoted (a quote inside becomes '\'').
 * - Anything else (binary, NUL bytes — which no command-line argument can carry) is written first with
 *   `printf` octal escapes into a file, then sent with `-f FILE`: byte-exact, and POSIX printf needs no bash.
 *
 * Credentials are never put in the command; `-u`/`-P` are left for the user (the password would otherwise
 * land in shell history).
 */
export interface MosquittoPubInput {
  topic: string;
  payloadBase64: string;
  qos?: number;
  retain?: boolean;
  host?: string;
  port?: number;
  /** 5 adds -V mqttv5 and the -D publish properties. */
  protocolVersion?: 4 | 5;
  mqttProperties?: Record<string, unknown>;
  /** File used for binary payloads. */
  payloadFile?: string;
  /** Connection flags (client ID, credentials from the environment, TLS) placed after host and port. */
  connectionArgs?: string[];
}

export interface MosquittoPubCommand {
  command: string;
  /** True when the payload goes through printf and a file. */
  binary: boolean;
}

export function shellQuote(s: string): string {
  if (s !== '' && /^[A-Za-z0-9_\-.,:/@%+=]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function isPlainText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return null;
  return text;
}

function printfOctal(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    // Printable ASCII stays readable; %, \ and ' are escaped so printf and the quotes cannot misread them.
    if (b >= 0x20 && b < 0x7f && b !== 0x25 && b !== 0x5c && b !== 0x27) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return out;
}

function propValue(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

export function mosquittoPubCommand(m: MosquittoPubInput): MosquittoPubCommand {
  const bytes = base64ToBytes(m.payloadBase64);
  const args = ['mosquitto_pub', '-h', shellQuote(m.host ?? 'localhost')];
  if (m.port) args.push('-p', String(m.port));
  if (m.connectionArgs) args.push(...m.connectionArgs);
  if (m.protocolVersion === 5) args.push('-V', 'mqttv5');
  args.push('-t', shellQuote(m.topic));
  if (m.qos) args.push('-q', String(m.qos));
  if (m.retain) args.push('-r');
  if (m.protocolVersion === 5 && m.mqttProperties) {
    const p = m.mqttProperties;
    const simple: Array<[string, string]> = [
      ['contentType', 'content-type'],
      ['responseTopic', 'response-topic'],
      ['messageExpiryInterval', 'message-expiry-interval'],
      ['payloadFormatIndicator', 'payload-format-indicator'],
    ];
    for (const [key, flag] of simple) {
      const v = key === 'payloadFormatIndicator' && typeof p[key] === 'boolean' ? (p[key] ? '1' : '0') : propValue(p[key]);
      if (v !== null) args.push('-D', 'publish', flag, shellQuote(v));
    }
    const up = p.userProperties;
    if (up && typeof up === 'object') {
      for (const [k, v] of Object.entries(up as Record<string, unknown>)) {
        for (const one of Array.isArray(v) ? v : [v]) {
          const s = propValue(one);
          if (s !== null) args.push('-D', 'publish', 'user-property', shellQuote(k), shellQuote(s));
        }
      }
    }
  }
  const text = bytes.length === 0 ? '' : isPlainText(bytes);
  if (bytes.length === 0) {
    args.push('-n');
    return { command: args.join(' '), binary: false };
  }
  if (text !== null) {
    args.push('-m', `'${text.replace(/'/g, `'\\''`)}'`);
    return { command: args.join(' '), binary: false };
  }
  const file = m.payloadFile ?? 'fieldscope-payload.bin';
  args.push('-f', shellQuote(file));
  return { command: `printf '${printfOctal(bytes)}' > ${shellQuote(file)} && ${args.join(' ')}`, binary: true };
}
