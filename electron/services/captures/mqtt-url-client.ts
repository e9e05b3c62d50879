import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { ReplayMessage, ReplayTarget } from './replayer';

export const URL_SCHEME = /^(mqtt|mqtts|tcp|ssl|ws|wss):\/\//i;

export function isBrokerUrl(s: string): boolean {
  return URL_SCHEME.test(s);
}

/** The URL without user:password (what a capture header or a log line may show). */
export function urlWithoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

export interface UrlConnectOptions {
  protocolVersion?: 4 | 5;
  clientId?: string;
  /** false = a persistent session (needs a fixed clientId). Default true. */
  clean?: boolean;
  connectTimeoutMs?: number;
  /** mqtt.js packet events, for the protocol log. */
  onPacket?: (dir: 'in' | 'out', packet: mqtt.Packet) => void;
}

/**
 * Connects mqtt.js straight to a broker URL (the CLI's `<url>` form). A first connection that fails is an
 * error with a clear message; keeping it connected afterwards is superviseReconnect's job (mqtt-url-reconnect),
 * so mqtt.js's own fixed-period reconnect and resubscribe stay off.
 */
export async function connectUrl(url: string, opts: UrlConnectOptions = {}): Promise<MqttClient> {
  const u = new URL(url);
  const v = u.searchParams.get('protocolVersion') ?? u.searchParams.get('v');
  const protocolVersion = opts.protocolVersion ?? (v === '5' ? 5 : 4);
  const options: IClientOptions = {
    protocolVersion,
    clientId: opts.clientId ?? `fieldscope-cli-${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 0,
    resubscribe: false,
    connectTimeout: opts.connectTimeoutMs ?? 10_000,
    clean: opts.clean ?? true,
    // Listeners first, so the first CONNECT itself reaches the protocol log.
    manualConnect: true,
  };
  // MQTT 5 ends a session at disconnect unless told otherwise: a persistent one never expires (as mosquitto_sub -c).
  if (opts.clean === false && protocolVersion === 5) options.properties = { sessionExpiryInterval: 0xffffffff };
  const client = mqtt.connect(url.replace(/\?.*$/, ''), options);
  if (opts.onPacket) {
    client.on('packetsend', (p) => opts.onPacket!('out', p));
    client.on('packetreceive', (p) => opts.onPacket!('in', p));
  }
  await new Promise<void>((resolve, reject) => {
    const fail = (msg: string) => {
      off();
      client.end(true);
      reject(new Error(`cannot connect to ${urlWithoutCredentials(url)}: ${msg}`));
    };
    const onConnect = () => {
      off();
      resolve();
    };
    const onError = (err: Error) => fail(err.message);
    const onClose = () => fail('the connection closed before CONNACK');
    // Removed once settled: a later error or close belongs to whoever supervises the connection.
    const off = () => {
      client.off('connect', onConnect);
      client.off('error', onError);
      client.off('close', onClose);
    };
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
    client.connect();
  });
  // A late socket error must never become an uncaught exception.
  client.on('error', () => {});
  return client;
}

/** Mosquitto-compatible summary of a packet for the protocol log (never the CONNECT password). */
export function packetSummary(p: mqtt.Packet): { type: string; summary: string } {
  const type = p.cmd.toUpperCase();
  switch (p.cmd) {
    case 'connect':
      return {
        type,
        summary: `CONNECT clientId=${p.clientId} keepalive=${p.keepalive ?? ''}${p.username ? ` username=${p.username}` : ''}${p.password ? ' password=••••' : ''}`,
      };
    case 'connack':
      return {
        type,
        summary: `CONNACK ${'reasonCode' in p && p.reasonCode !== undefined ? `reason=${p.reasonCode}` : `rc=${p.returnCode ?? 0}`} sessionPresent=${!!p.sessionPresent}`,
      };
    case 'subscribe':
      return { type, summary: `SUBSCRIBE ${p.subscriptions.map((s) => `${s.topic} (QoS ${s.qos})`).join(', ')}` };
    case 'suback':
      return { type, summary: `SUBACK granted=${JSON.stringify(p.granted)}` };
    case 'publish':
      return { type, summary: `PUBLISH ${p.topic} QoS ${p.qos}${p.retain ? ' retain' : ''} ${p.payload?.length ?? 0} B` };
    case 'disconnect':
      return { type, summary: `DISCONNECT${p.reasonCode !== undefined ? ` reason=${p.reasonCode}` : ''}` };
    default:
      return { type, summary: type };
  }
}

const V5_PROPS = ['payloadFormatIndicator', 'messageExpiryInterval', 'contentType', 'responseTopic', 'correlationData', 'userProperties'] as const;

/** A replay target that publishes with mqtt.js (MQTT 5 properties kept when the client speaks 5). */
export function mqttClientTarget(client: MqttClient, label: string): ReplayTarget {
  const v5 = client.options.protocolVersion === 5;
  return {
    label,
    publish(m: ReplayMessage) {
      const properties: Record<string, unknown> = {};
      if (v5 && m.mqttProperties) for (const k of V5_PROPS) if (m.mqttProperties[k] !== undefined) properties[k] = m.mqttProperties[k];
      return new Promise<void>((resolve, reject) => {
        client.publish(m.topic, m.payload, { qos: m.qos, retain: m.retain, ...(Object.keys(properties).length ? { properties } : {}) }, (err) =>
          err ? reject(err) : resolve(),
        );
      });
    },
  };
}
