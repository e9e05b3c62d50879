import type { MqttProfile, ProfileInput } from '../contract/profiles.contract';

// Connection files exported by MQTTX (JSON or YAML: an array of connections) and MQTT Explorer (its settings
// JSON, whose ConnectionManager_connections maps ids to connections), mapped to plain MQTT profiles. Passwords are
// handed back separately so the caller can offer them for the keychain; nothing secret stays in the profile.

export type ForeignSource = 'mqttx' | 'mqtt-explorer';

export interface ForeignProfile {
  profile: ProfileInput & { kind: 'mqtt' };
  /** The password found in the file, if any: for the keychain only. */
  password?: string;
  /** Settings the file had that a Fieldscope profile cannot hold, named for the user. */
  unmapped: string[];
}

export interface ForeignImport {
  source: ForeignSource;
  profiles: ForeignProfile[];
}

export class ForeignFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForeignFormatError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
const qosOf = (v: unknown): 0 | 1 | 2 => (v === 1 || v === 2 ? v : 0);
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(n)));

/** Recognises the file's maker from its shape and maps every connection in it. */
export function mapForeignProfiles(data: unknown): ForeignImport {
  const mqttx = mqttxConnections(data);
  if (mqttx) return { source: 'mqttx', profiles: mqttx.map(fromMqttx) };
  const explorer = explorerConnections(data);
  if (explorer) return { source: 'mqtt-explorer', profiles: explorer.map(fromExplorer) };
  throw new ForeignFormatError('The file is neither a Fieldscope, an MQTTX nor an MQTT Explorer connection export.');
}

function mqttxConnections(data: unknown): Obj[] | null {
  const list = Array.isArray(data) ? data : isObj(data) && Array.isArray(data.connections) ? data.connections : null;
  if (!list || list.length === 0) return null;
  const looksLike = (c: unknown) => isObj(c) && typeof c.host === 'string' && ('mqttVersion' in c || 'clientId' in c) && !('configVersion' in c);
  return list.every(looksLike) ? (list as Obj[]) : null;
}

function explorerConnections(data: unknown): Obj[] | null {
  if (!isObj(data)) return null;
  const isConn = (c: unknown): c is Obj => isObj(c) && typeof c.host === 'string' && ('configVersion' in c || 'encryption' in c || 'certValidation' in c);
  if (isConn(data)) return [data];
  const settings: Obj = data;
  const map = isObj(settings.ConnectionManager_connections) ? settings.ConnectionManager_connections : settings;
  const conns = Object.values(map).filter(isConn);
  return conns.length > 0 ? conns : null;
}

/** Keys whose presence with a non-empty value means something was not carried over. */
function listUnmapped(c: Obj, keys: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [key, label] of Object.entries(keys)) {
    const v = c[key];
    const present = Array.isArray(v) ? v.length > 0 : isObj(v) ? Object.keys(v).length > 0 : v !== undefined && v !== null && v !== '' && v !== false;
    if (present) out.push(label);
  }
  return out;
}

function fromMqttx(c: Obj, index: number): ForeignProfile {
  const unmapped: string[] = [];
  const proto = str(c.protocol) ?? 'mqtt';
  const ssl = c.ssl === true;
  const transport: MqttProfile['transport'] = proto === 'ws' ? (ssl ? 'wss' : 'ws') : proto === 'wss' ? 'wss' : proto === 'mqtts' || ssl ? 'tls' : 'tcp';
  if (!['mqtt', 'mqtts', 'ws', 'wss'].includes(proto)) unmapped.push(`protocol "${proto}" (connects over TCP instead)`);
  const version = str(c.mqttVersion) ?? '3.1.1';
  if (version === '3.1') unmapped.push('MQTT 3.1 (connects with 3.1.1)');
  const subscriptions = Array.isArray(c.subscriptions)
    ? c.subscriptions
        .filter((s): s is Obj => isObj(s) && typeof s.topic === 'string' && s.topic !== '')
        .map((s) => ({ filter: s.topic as string, qos: qosOf(s.qos) }))
    : [];
  const will =
    isObj(c.will) && str(c.will.lastWillTopic)
      ? {
          topic: c.will.lastWillTopic as string,
          payload: typeof c.will.lastWillPayload === 'string' ? c.will.lastWillPayload : '',
          qos: qosOf(c.will.lastWillQos),
          retain: c.will.lastWillRetain === true,
        }
      : undefined;
  if (isObj(c.will) && isObj(c.will.properties) && Object.values(c.will.properties).some((v) => v !== undefined && v !== null && v !== ''))
    unmapped.push('last-will MQTT 5 properties');
  unmapped.push(
    ...listUnmapped(c, {
      properties: 'MQTT 5 connect properties',
      key: 'client key file (add it in the editor: the key is kept in the keychain)',
      clientIdWithTime: 'client ID with a time suffix',
      messages: 'stored messages',
      pushProps: 'MQTT 5 publish properties',
      alpnProtocols: 'ALPN protocols',
    }),
  );
  const host = str(c.host) ?? 'localhost';
  const port = num(c.port) ?? (transport === 'tls' ? 8883 : transport === 'ws' ? 8083 : transport === 'wss' ? 8084 : 1883);
  const profile: ForeignProfile['profile'] = {
    id: '',
    kind: 'mqtt',
    name: str(c.name) ?? `MQTTX connection ${index + 1}`,
    host: host.replace(/^(mqtts?|wss?):\/\//, ''),
    port: clamp(port, 1, 65535),
    transport,
    wsPath: str(c.path) ?? '/mqtt',
    clientId: str(c.clientId) ?? '',
    protocolVersion: version === '5.0' || version === '5' ? 5 : 4,
    clean: c.clean !== false,
    keepaliveSec: clamp(num(c.keepalive) ?? 60, 0, 65535),
    // MQTTX keeps the connect timeout in seconds.
    connectTimeoutMs: clamp((num(c.connectTimeout) ?? 10) * 1000, 1000, 600_000),
    tls: {
      rejectUnauthorized: c.rejectUnauthorized !== false,
      ...(str(c.ca) ? { caFile: c.ca as string } : {}),
      ...(str(c.cert) ? { certFile: c.cert as string } : {}),
    },
    reconnect: {
      enabled: c.reconnect !== false,
      initialDelayMs: clamp(num(c.reconnectPeriod) ?? 1000, 100, 600_000),
      maxDelayMs: 30_000,
      maxAttempts: 0,
    },
    subscriptions,
    username: str(c.username) ?? '',
    ...(will ? { will } : {}),
  };
  return { profile, ...(str(c.password) ? { password: c.password as string } : {}), unmapped };
}

function fromExplorer(c: Obj, index: number): ForeignProfile {
  const ws = c.protocol === 'ws';
  const tlsOn = c.encryption === true;
  const transport: MqttProfile['transport'] = ws ? (tlsOn ? 'wss' : 'ws') : tlsOn ? 'tls' : 'tcp';
  const subscriptions = Array.isArray(c.subscriptions)
    ? c.subscriptions
        .map((s) =>
          typeof s === 'string' ? { filter: s, qos: 0 as const } : isObj(s) && typeof s.topic === 'string' ? { filter: s.topic, qos: qosOf(s.qos) } : null,
        )
        .filter((s): s is { filter: string; qos: 0 | 1 | 2 } => s !== null && s.filter !== '')
    : [];
  const unmapped = listUnmapped(c, {
    selfSignedCertificate: 'server CA certificate (embedded in the file: save it as a file and choose it in the editor)',
    clientCertificate: 'client certificate (embedded in the file: save it as a file and choose it in the editor)',
    clientKey: 'client key (embedded in the file: add it in the editor, it is kept in the keychain)',
    zlibCompression: 'zlib payload decompression (choose a decoder for the topic instead)',
  });
  const profile: ForeignProfile['profile'] = {
    id: '',
    kind: 'mqtt',
    name: str(c.name) ?? `MQTT Explorer connection ${index + 1}`,
    host: (str(c.host) ?? 'localhost').replace(/^(mqtts?|wss?):\/\//, ''),
    port: clamp(num(c.port) ?? (tlsOn ? 8883 : 1883), 1, 65535),
    transport,
    wsPath: str(c.basePath) ? `/${(c.basePath as string).replace(/^\//, '')}` : '/mqtt',
    clientId: str(c.clientId) ?? '',
    protocolVersion: 4,
    clean: true,
    keepaliveSec: 60,
    connectTimeoutMs: 10_000,
    tls: { rejectUnauthorized: c.certValidation !== false },
    reconnect: { enabled: true, initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 0 },
    subscriptions,
    username: str(c.username) ?? '',
  };
  return { profile, ...(str(c.password) ? { password: c.password as string } : {}), unmapped };
}
