/**
 * Consistent pseudonyms for support bundles: every occurrence of an identifier (in topics, payload bytes, log
 * lines, properties, even JSON keys) becomes the same stable name ("accesskey-1", "device-2"), so a bundle
 * still shows which messages belong together without saying whose they are. Secrets are not pseudonymised
 * but removed outright. One pass with one alternation regex, longest value first, so a pseudonym is never
 * rewritten again and an identifier inside a longer one (deviceId inside clientId) maps consistently.
 */
export type IdentifierKind =
  'accessKey' | 'profileId' | 'clientId' | 'instanceId' | 'deviceName' | 'productKey' | 'groupId' | 'username' | 'consumerGroupId' | 'other';

export interface Identifier {
  kind: IdentifierKind;
  value: string;
}

const PREFIX: Record<IdentifierKind, string> = {
  accessKey: 'accesskey',
  profileId: 'profile',
  clientId: 'client',
  instanceId: 'instance',
  deviceName: 'device',
  productKey: 'product',
  groupId: 'group',
  username: 'user',
  consumerGroupId: 'consumer-group',
  other: 'id',
};

export const SECRET_PLACEHOLDER = '[secret removed]';
/** Shorter values would match inside ordinary words and wreck the bundle; they are listed as not pseudonymised. */
export const MIN_IDENTIFIER_LENGTH = 4;

export interface PseudonymEntry {
  kind: IdentifierKind;
  pseudonym: string;
  /** The original, shortened for the local preview (first and last 2 characters). Never written to the bundle. */
  masked: string;
  occurrences: number;
}

export function maskValue(v: string): string {
  if (v.length <= 6) return '•'.repeat(v.length);
  return `${v.slice(0, 2)}…${v.slice(-2)}`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** UTF-8 bytes as a "binary string" (one char per byte) so byte payloads can use the same regex machinery. */
function utf8Binary(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

export class Pseudonymizer {
  private readonly map = new Map<string, PseudonymEntry>();
  private readonly secrets: string[];
  private secretHits = 0;
  readonly tooShort: Identifier[] = [];
  private strRe: RegExp | null = null;
  private binRe: RegExp | null = null;
  private binMap = new Map<string, string>();

  constructor(
    identifiers: Identifier[],
    secrets: string[],
    readonly pseudonymise = true,
  ) {
    this.secrets = [...new Set(secrets.filter((s) => s.length > 0))];
    const counters = new Map<IdentifierKind, number>();
    // AccessKeys are credentials' public half, and a profile id names the sender's keychain entries (a file that
    // claims it could ask for them): both are always replaced, whatever `pseudonymise` says.
    for (const id of identifiers) {
      if (!id.value || this.map.has(id.value)) continue;
      if (!pseudonymise && id.kind !== 'accessKey' && id.kind !== 'profileId') continue;
      if (id.value.length < MIN_IDENTIFIER_LENGTH) {
        this.tooShort.push(id);
        continue;
      }
      const n = (counters.get(id.kind) ?? 0) + 1;
      counters.set(id.kind, n);
      this.map.set(id.value, { kind: id.kind, pseudonym: `${PREFIX[id.kind]}-${n}`, masked: maskValue(id.value), occurrences: 0 });
    }
    const values = [...this.secrets, ...this.map.keys()].sort((a, b) => b.length - a.length);
    if (values.length) {
      this.strRe = new RegExp(values.map(escapeRegex).join('|'), 'g');
      this.binRe = new RegExp(values.map((v) => escapeRegex(utf8Binary(v))).join('|'), 'g');
      for (const v of values) this.binMap.set(utf8Binary(v), v);
    }
  }

  private replacement(value: string): string {
    const e = this.map.get(value);
    if (e) {
      e.occurrences++;
      return e.pseudonym;
    }
    this.secretHits++;
    return SECRET_PLACEHOLDER;
  }

  redactString(s: string): string {
    if (!this.strRe || s.length === 0) return s;
    this.strRe.lastIndex = 0;
    if (!this.strRe.test(s)) return s;
    this.strRe.lastIndex = 0;
    return s.replace(this.strRe, (m) => this.replacement(m));
  }

  /** Redacts raw bytes (payloads); returns null when nothing matched so callers keep the original bytes. */
  redactBytes(bytes: Uint8Array): Uint8Array | null {
    if (!this.binRe || bytes.length === 0) return null;
    let bin = '';
    for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode(...bytes.subarray(i, i + 8192));
    this.binRe.lastIndex = 0;
    if (!this.binRe.test(bin)) return null;
    this.binRe.lastIndex = 0;
    const out = bin.replace(this.binRe, (m) => utf8Binary(this.replacement(this.binMap.get(m)!)));
    const res = new Uint8Array(out.length);
    for (let i = 0; i < out.length; i++) res[i] = out.charCodeAt(i);
    return res;
  }

  /** Deep redaction of JSON-like values (keys too). */
  redactValue<T>(v: T): T {
    if (typeof v === 'string') return this.redactString(v) as T;
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.redactValue(x)) as T;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[this.redactString(k)] = this.redactValue(x);
    return out as T;
  }

  entries(): PseudonymEntry[] {
    return [...this.map.values()].map((e) => ({ ...e }));
  }

  secretsRemoved(): number {
    return this.secretHits;
  }

  /** Every value that must not appear in the output (for the final byte check). */
  forbidden(): string[] {
    return [...this.secrets, ...this.map.keys()];
  }
}

const SECRET_KEY = /^token(r|w|rw)$|(password|passwd|secret|token|accesscode|clientkey|privatekey|signature)$/i;

/** The profile with anything secret-looking removed (profiles hold none by design; this is the second lock). */
export function profileWithoutSecrets(profile: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!profile) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(profile)) {
    if (SECRET_KEY.test(k) && k !== 'authMode') continue;
    if (k === 'tls' && v && typeof v === 'object') {
      const { ...tls } = v as Record<string, unknown>;
      delete tls.key;
      delete tls.passphrase;
      out[k] = tls;
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** Identifiers a profile names (kinds per vendor: Alibaba MQ client IDs are GroupId@@@DeviceId). */
export function identifiersFromProfile(profile: Record<string, unknown> | undefined): Identifier[] {
  if (!profile) return [];
  const ids: Identifier[] = [];
  const add = (kind: IdentifierKind, v: unknown) => {
    if (typeof v === 'string' && v) ids.push({ kind, value: v });
  };
  add('accessKey', profile.accessKey);
  add('profileId', profile.id);
  add('clientId', profile.clientId);
  add('instanceId', profile.instanceId);
  add('instanceId', profile.iotInstanceId);
  add('groupId', profile.groupId);
  add('deviceName', profile.deviceId);
  add('consumerGroupId', profile.consumerGroupId);
  add('username', profile.username);
  // MQ for IoT endpoints are <instanceId>.mqtt.aliyuncs.com: the instance id is also in the host name.
  const host = typeof profile.host === 'string' ? /^([a-z0-9-]+)\.mqtt\.aliyuncs\.com$/i.exec(profile.host) : null;
  if (host) add('instanceId', host[1]);
  return ids;
}

/**
 * Device names and product keys visible in topics: Alibaba IoT Platform (/pk/dn/..., /as/mqtt/status/pk/dn,
 * /sys/pk/dn/...) and Huawei IoTDA ($oc/devices/{device_id}/...).
 */
export function identifiersFromTopic(topic: string): Identifier[] {
  let m = /^\/as\/mqtt\/status\/([^/]+)\/([^/]+)/.exec(topic) ?? /^\/(?:sys|ext\/[^/]+)\/([^/]+)\/([^/]+)\//.exec(topic);
  if (m)
    return [
      { kind: 'productKey', value: m[1]! },
      { kind: 'deviceName', value: m[2]! },
    ];
  m = /^\$oc\/devices\/([^/]+)\//.exec(topic);
  if (m) return [{ kind: 'deviceName', value: m[1]! }];
  m = /^\/([A-Za-z0-9]{8,20})\/([^/]+)\/(?:user|thing)\//.exec(topic);
  if (m)
    return [
      { kind: 'productKey', value: m[1]! },
      { kind: 'deviceName', value: m[2]! },
    ];
  return [];
}
