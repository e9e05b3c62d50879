/**
 * The Fieldscope capture format (docs/capture-format.md): NDJSON, optionally gzip, one header line then one
 * record per line. Readers must ignore record types and fields they do not know.
 */
export const CAPTURE_FORMAT = 'fieldscope-capture';
export const CAPTURE_VERSION = 1;

/** File names the app writes and recognises. */
export const CAPTURE_EXTENSIONS = ['.fscap', '.fscap.gz', '.ndjson', '.ndjson.gz', '.fsbundle'] as const;

export type Protocol = 'mqtt' | 'amqp' | 'rocketmq';
export type Settlement = 'accepted' | 'rejected' | 'released' | 'modified' | 'unsettled';

export interface CaptureConnectionInfo {
  connectionId: string;
  protocol: Protocol;
  name?: string;
  /** Profile kind (mqtt, aliyun-mq, aliyun-amqp, amqp, huawei-iotda) or 'url' for the CLI's direct URLs. */
  kind?: string;
  /** Broker address without credentials. */
  url?: string;
  /** Topic filters / AMQP source the recording listened to. */
  filters?: string[];
}

export interface BundleInfo {
  createdAt: number;
  /** What the bundle was cut from. */
  source?: { captureName?: string; from?: number; to?: number; topics?: string[] };
  pseudonymised: boolean;
  /** Pseudonym → kind (never the original value). */
  pseudonyms: Array<{ pseudonym: string; kind: string }>;
  note?: string;
  recordedWith?: { appVersion: string; os: string; createdAt: number };
}

export interface CaptureHeader {
  format: typeof CAPTURE_FORMAT;
  version: number;
  appVersion: string;
  /** process.platform-process.arch plus release, e.g. linux-x64 6.1.0. */
  os: string;
  createdAt: number;
  connection?: CaptureConnectionInfo;
  /** The connection profile with every secret removed (profiles never hold secrets; slots are named only). */
  profile?: Record<string, unknown>;
  /** Present when the file is a support bundle. */
  bundle?: BundleInfo;
}

export interface MessageRecord {
  type: 'msg';
  /** Arrival time, ms since the epoch (local clock of the recorder). */
  at: number;
  connectionId: string;
  protocol: Protocol;
  topic: string;
  /** Payload bytes exactly as received, base64. */
  payload: string;
  /** The recorder's store sequence number, so later records (settle) can refer to the message. */
  seq?: number;
  qos?: number;
  retain?: boolean;
  dup?: boolean;
  /** MQTT 5 PUBLISH properties, tagged JSON (see tagged-json.ts). */
  mqttProperties?: Record<string, unknown>;
  messageId?: string;
  generateTime?: number;
  /** Every AMQP section except the body (the body is `payload`; its section type is amqp.bodyType). Tagged JSON. */
  amqp?: Record<string, unknown>;
  /** RocketMQ attributes as the inspector shows them (RocketmqAttributes in messages.contract), plain JSON. */
  rocketmq?: Record<string, unknown>;
  settlement?: Settlement;
  redelivered?: boolean;
}

/** A held AMQP delivery settled after it was recorded. */
export interface SettleRecord {
  type: 'settle';
  at: number;
  connectionId: string;
  seq: number;
  settlement: Settlement;
}

export interface LogRecord {
  type: 'log';
  at: number;
  connectionId: string;
  dir: 'out' | 'in' | 'local';
  /** Packet/frame/event type: CONNECT, CONNACK, attach, transfer, ... */
  logType: string;
  summary: string;
  detail?: Record<string, unknown>;
  explanation?: string;
}

/** Token lifecycle and presence events: free-form JSON, `event.type` names the event. */
export interface TimelineRecord {
  type: 'token' | 'presence';
  at: number;
  connectionId?: string;
  event: { type: string } & Record<string, unknown>;
}

/** A note the user (or the app) dropped into the timeline: "reproduced here", "recording paused". */
export interface MarkRecord {
  type: 'mark';
  at: number;
  label: string;
  connectionId?: string;
}

/** Written on a clean stop; its absence means the recorder died (not an error: the file is still valid). */
export interface EndRecord {
  type: 'end';
  at: number;
  messages: number;
}

export type CaptureRecord = MessageRecord | SettleRecord | LogRecord | TimelineRecord | MarkRecord | EndRecord;
export type CaptureRecordType = CaptureRecord['type'];
export const KNOWN_RECORD_TYPES: ReadonlySet<string> = new Set(['msg', 'settle', 'log', 'token', 'presence', 'mark', 'end']);

export function defaultCaptureFileName(name: string, at: number, gzip: boolean): string {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 19);
  const safe =
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'capture';
  return `${safe}_${stamp}${gzip ? '.fscap.gz' : '.fscap'}`;
}
