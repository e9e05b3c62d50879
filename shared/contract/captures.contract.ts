import { z } from 'zod';
import { Empty, Ok, method } from './define';

/** Captures: record a connection to a file, open captures offline, replay them, make support bundles. */

export const RecordingStatus = z.object({
  connectionId: z.string(),
  file: z.string(),
  gzip: z.boolean(),
  startedAt: z.number(),
  bytes: z.number(),
  messages: z.number(),
  active: z.boolean(),
  stoppedAt: z.number().optional(),
  error: z.string().optional(),
});
export type RecordingStatus = z.infer<typeof RecordingStatus>;

export const CaptureWarning = z.object({
  code: z.string(),
  message: z.string(),
  count: z.number().optional(),
  lines: z.array(z.number()).optional(),
});
export type CaptureWarning = z.infer<typeof CaptureWarning>;

export const CaptureInfo = z.object({
  captureId: z.string(),
  name: z.string(),
  file: z.string(),
  /** Messages of the capture are in the message store under this connection id (inspector filters work). */
  connectionId: z.string(),
  protocol: z.enum(['mqtt', 'amqp', 'rocketmq']).optional(),
  appVersion: z.string(),
  os: z.string(),
  createdAt: z.number(),
  connectionName: z.string().optional(),
  profileKind: z.string().optional(),
  bundle: z.boolean(),
  messages: z.number(),
  logLines: z.number(),
  tokenEvents: z.number(),
  presenceEvents: z.number(),
  marks: z.number(),
  firstAt: z.number().nullable(),
  lastAt: z.number().nullable(),
  /** Messages put in the store (fewer than `messages` when the store bound evicted the oldest). */
  stored: z.number(),
  openMs: z.number(),
  topics: z.array(z.string()),
  warnings: z.array(CaptureWarning),
});
export type CaptureInfo = z.infer<typeof CaptureInfo>;

export const CaptureFileEntry = z.object({ file: z.string(), name: z.string(), bytes: z.number(), modifiedAt: z.number() });

export const SliceFilter = z.object({
  topics: z.array(z.string().min(1)).optional(),
  from: z.number().optional(),
  to: z.number().optional(),
});
export type SliceFilterInput = z.input<typeof SliceFilter>;

export const TopicRewrite = z.object({
  prefix: z.string().optional(),
  regex: z.string().optional(),
  replacement: z.string().optional(),
});

export const ReplayTargetInput = z.union([z.object({ connectionId: z.string().min(1) }), z.object({ sandbox: z.literal(true) })]);

export const ReplayStatus = z.object({
  replayId: z.string(),
  captureId: z.string(),
  target: z.string(),
  state: z.enum(['running', 'paused', 'stopped', 'done', 'failed']),
  sent: z.number(),
  total: z.number().nullable(),
  skipped: z.number(),
  errors: z.number(),
  lastError: z.string().optional(),
  startedAt: z.number(),
  position: z.number(),
  span: z.number().nullable(),
  speed: z.number(),
  /**
   * Grows with every snapshot of this replay's status. Snapshots reach the renderer by two channels (a call's
   * answer and replayProgress events) that may arrive in either order: keep the one with the highest rev.
   */
  rev: z.number().int(),
});
export type ReplayStatus = z.infer<typeof ReplayStatus>;

export const BundleRequest = z.object({
  captureId: z.string(),
  filter: SliceFilter.optional(),
  pseudonymise: z.boolean().default(true),
  includeLog: z.boolean().default(true),
  includeTimelines: z.boolean().default(true),
  /** More values to pseudonymise (e.g. a customer name in topics). */
  extraIdentifiers: z.array(z.string().min(1)).optional(),
  note: z.string().max(4000).optional(),
});

export const BundlePreview = z.object({
  appVersion: z.string(),
  os: z.string(),
  profileFields: z.array(z.string()),
  profileKind: z.string().optional(),
  messages: z.number(),
  logLines: z.number(),
  tokenEvents: z.number(),
  presenceEvents: z.number(),
  marks: z.number(),
  from: z.number().nullable(),
  to: z.number().nullable(),
  topics: z.array(z.string()),
  topicCount: z.number(),
  /** Pseudonyms with the original shortened (first/last two characters) — the original never goes in the bundle. */
  pseudonyms: z.array(z.object({ kind: z.string(), pseudonym: z.string(), masked: z.string(), occurrences: z.number() })),
  notPseudonymised: z.array(z.object({ kind: z.string(), masked: z.string() })),
  secretsChecked: z.number(),
  secretsRemoved: z.number(),
  payloadsRewritten: z.number(),
});
export type BundlePreview = z.infer<typeof BundlePreview>;

export const TimelineEntry = z.object({
  type: z.enum(['log', 'token', 'presence', 'mark', 'settle']),
  at: z.number(),
  connectionId: z.string().optional(),
  dir: z.string().optional(),
  logType: z.string().optional(),
  summary: z.string().optional(),
  label: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
  event: z.record(z.string(), z.unknown()).optional(),
  explanation: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const capturesMethods = {
  /** Starts recording a connection; the file defaults to <dataDir>/captures/<name>_<time>.fscap(.gz). */
  'captures.startRecording': method(
    z.object({ connectionId: z.string().min(1), file: z.string().min(1).optional(), gzip: z.boolean().default(false) }),
    RecordingStatus,
  ),
  'captures.stopRecording': method(z.object({ connectionId: z.string().min(1) }), RecordingStatus),
  'captures.recordings': method(Empty, z.array(RecordingStatus)),
  /** Drops a note into a running recording's timeline. */
  'captures.mark': method(z.object({ connectionId: z.string().min(1), label: z.string().min(1).max(500) }), Ok),
  /** Opens a capture or support bundle (plain or gzip); progress arrives as captures.progress. */
  'captures.open': method(z.object({ file: z.string().min(1) }), CaptureInfo),
  'captures.close': method(z.object({ captureId: z.string() }), Ok),
  /** Open captures, and the capture files in the default folder. */
  'captures.list': method(Empty, z.object({ open: z.array(CaptureInfo), files: z.array(CaptureFileEntry), folder: z.string() })),
  /** An open capture's protocol log / token / presence timeline, in recorded order. */
  'captures.timeline': method(
    z.object({
      captureId: z.string(),
      kinds: z.array(z.enum(['log', 'token', 'presence', 'mark', 'settle'])).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    z.object({ entries: z.array(TimelineEntry), total: z.number() }),
  ),
  'captures.replay': method(
    z.object({
      captureId: z.string(),
      target: ReplayTargetInput,
      /** 0 = as fast as possible; otherwise 0.1 to 100 times the recorded pace. */
      speed: z.number().min(0).max(100).default(1),
      filter: SliceFilter.optional(),
      rewrite: TopicRewrite.optional(),
      keepRetain: z.boolean().default(false),
      qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    }),
    ReplayStatus,
  ),
  'captures.replayControl': method(z.object({ replayId: z.string(), action: z.enum(['pause', 'resume', 'stop']) }), ReplayStatus),
  'captures.replays': method(Empty, z.array(ReplayStatus)),
  /** What a bundle would contain — nothing is written. */
  'captures.bundlePreview': method(BundleRequest, BundlePreview),
  /** Writes the bundle (default <dataDir>/captures/<name>.fsbundle) after checking its bytes for secrets. */
  'captures.createBundle': method(
    BundleRequest.extend({ file: z.string().min(1).optional() }),
    z.object({ file: z.string(), bytes: z.number(), preview: BundlePreview }),
  ),
  'captures.copyAsMosquittoPub': method(z.object({ seq: z.number() }), z.object({ command: z.string(), binary: z.boolean() })),
};

export const capturesEvents = {
  'captures.progress': z.object({ file: z.string(), bytesRead: z.number(), totalBytes: z.number(), records: z.number(), done: z.boolean() }),
  'captures.replayProgress': ReplayStatus,
  /** Sent about once a second per active recording, and when one starts or stops. */
  'captures.recordingStatus': RecordingStatus,
};
