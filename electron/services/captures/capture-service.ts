import fs from 'node:fs';
import { RocketmqAttributes } from '../../../shared/contract/messages.contract';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { makeHeader } from '../../../shared/capture/capture-encoder';
import { defaultCaptureFileName, type CaptureHeader, type CaptureRecord } from '../../../shared/capture/capture-format';
import { CaptureFormatError, decodeMessageExtras } from '../../../shared/capture/capture-parser';
import { inSlice } from '../../../shared/capture/replay-plan';
import { mosquittoPubCommand } from '../../../shared/capture/mosquitto-pub-command';
import { profileWithoutSecrets, type Identifier } from '../../../shared/capture/pseudonymizer';
import { BundleWriter, collectIdentifiers, findForbidden, type BundlePreview } from '../../../shared/capture/support-bundle';
import type { CaptureInfo, RecordingStatus, ReplayStatus, TimelineEntry } from '../../../shared/contract/captures.contract';
import type { ProtocolLogEntry } from '../../../shared/contract/connections.contract';
import { AppError } from '../../../shared/contract/define';
import { SecretSlot } from '../../../shared/contract/profiles.contract';
import type { BackendContext } from '../core/feature';
import type { IncomingMessage } from '../messages/incoming-message';
import { CaptureSources } from './capture-sources';
import { CaptureRecorder } from './capture-recorder';
import { resolveCapturePath } from './capture-paths';
import { captureRecords, readCaptureFile } from './capture-reader';
import { connectionTarget, sandboxTarget, type PublishingConnections, type SandboxLike } from './replay-targets';
import { Replayer, type ReplayTarget } from './replayer';

/** Timeline entries kept per open capture (log lines, token/presence events); more are counted, not kept. */
const MAX_TIMELINE = 500_000;
const RECORDING_STATUS_MS = 1000;

interface Recording {
  recorder: CaptureRecorder;
  connectionId: string;
  unsubscribe: Array<() => void>;
  timer: NodeJS.Timeout;
}

interface OpenCapture {
  info: CaptureInfo;
  header: CaptureHeader;
  timeline: TimelineEntry[];
  /** Removes the capture from the Protocol log, Tokens and Presence sources. */
  unregister: Array<() => void>;
}

interface ActiveReplay {
  id: string;
  captureId: string;
  target: string;
  replayer: Replayer;
}

/** A refused file as the caller sees it: the reason (never the file's content), the line, what to do. */
function refusal(err: CaptureFormatError): AppError {
  const hint =
    err.code === 'line-too-long' || err.code === 'too-large' || err.code === 'too-compressed'
      ? 'Ask the sender for the file again (a support bundle of the time range needed), or open a capture written by Fieldscope.'
      : 'Open a .fscap, .fscap.gz or .fsbundle file written by Fieldscope.';
  return new AppError(`capture-${err.code}`, err.message, hint);
}

/** Loose view of the registry for services whose features may not be built yet (sandbox, tokens...). */
type LooseRegistry = { maybe(name: string): unknown };

function osLabel() {
  return `${process.platform}-${process.arch} ${os.release()}`;
}

function timelineEntry(r: CaptureRecord): TimelineEntry | null {
  switch (r.type) {
    case 'log':
      return {
        type: 'log',
        at: r.at,
        connectionId: r.connectionId,
        dir: r.dir,
        logType: r.logType,
        summary: r.summary,
        detail: r.detail,
        explanation: r.explanation,
      };
    case 'token':
    case 'presence':
      return { type: r.type, at: r.at, connectionId: r.connectionId, event: r.event, summary: r.event.type };
    case 'mark':
      return { type: 'mark', at: r.at, label: r.label, summary: r.label };
    case 'settle':
      return { type: 'settle', at: r.at, connectionId: r.connectionId, summary: `seq ${r.seq} ${r.settlement}` };
    default:
      return null;
  }
}

/**
 * Service `captures`: recordings of live connections, captures opened from files (their messages go into the
 * message store under the connection id `capture:<id>` so the inspector and its filters work unchanged),
 * replays and support bundles.
 */
export class CaptureService {
  private recordings = new Map<string, Recording>();
  private opened = new Map<string, OpenCapture>();
  private replays = new Map<string, ActiveReplay>();
  private nextCapture = 1;
  private nextReplay = 1;

  constructor(private readonly ctx: BackendContext) {}

  get folder(): string {
    return path.join(this.ctx.options.dataDir, 'captures');
  }

  private conns() {
    return this.ctx.services.get('connections');
  }

  private loose(name: string): unknown {
    return (this.ctx.services as unknown as LooseRegistry).maybe(name);
  }

  private resolveFile(file: string | undefined, fallbackName: string): string {
    return resolveCapturePath(this.folder, file || fallbackName);
  }

  // ---------------------------------------------------------------- recording

  startRecording(input: { connectionId: string; file?: string; gzip: boolean }): RecordingStatus {
    const { connectionId } = input;
    const existing = this.recordings.get(connectionId);
    if (existing?.recorder.active)
      throw new AppError('already-recording', `This connection is already recording to ${existing.recorder.stats.file}.`, 'Stop that recording first.');
    const conn = this.conns().get(connectionId);
    if (!conn) throw new AppError('no-connection', `There is no connection ${connectionId}.`, 'Open the connection, then record.');
    const profile = conn.profileId ? this.ctx.services.get('profiles').get(conn.profileId) : undefined;
    const now = Date.now();
    const gzip = input.gzip || /\.gz$/i.test(input.file ?? '');
    const file = this.resolveFile(input.file, defaultCaptureFileName(conn.name, now, gzip));
    const header = makeHeader({
      appVersion: this.ctx.options.version,
      os: osLabel(),
      createdAt: now,
      connection: { connectionId, protocol: conn.protocol, name: conn.name, kind: conn.kind, filters: conn.subscriptions?.map((s) => s.filter) },
      profile: profileWithoutSecrets(profile as Record<string, unknown> | undefined),
    });
    let recorder: CaptureRecorder;
    try {
      recorder = CaptureRecorder.create({ file, header, gzip, onError: () => this.emitRecording(connectionId) });
    } catch (err) {
      throw new AppError('capture-file', (err as Error).message, 'Choose another file name or folder.');
    }
    const unsubscribe: Array<() => void> = [];
    const messages = this.ctx.services.get('messages');
    unsubscribe.push(messages.onIngest((msg: IncomingMessage, seq: number) => msg.connectionId === connectionId && recorder.recordMessage(msg, seq)));
    unsubscribe.push(this.conns().onLog((e: ProtocolLogEntry) => e.connectionId === connectionId && recorder.recordLog(e)));
    // Token timeline: the connection's token events (token text already masked by the tokens service), the
    // ones so far and each new one as the service announces a change.
    let tokenSeq = 0;
    const copyTokenEvents = () => {
      const tokens = this.ctx.services.maybe('tokens');
      if (!tokens) return;
      for (const ev of tokens.timeline(connectionId).events) {
        if (ev.seq <= tokenSeq) continue;
        tokenSeq = ev.seq;
        const { kind, ...rest } = ev;
        recorder.recordEvent('token', { ...rest, type: kind, tokenType: ev.type }, connectionId, ev.at);
      }
    };
    copyTokenEvents();
    // Presence: what the presence feature announces (which clients changed); the events themselves are in
    // the recorded messages, from which presence is derived again when the capture is opened.
    unsubscribe.push(
      this.ctx.events.onAny((name, payload) => {
        if (name === 'tokens.changed') {
          const p = payload as { connectionId?: string; profileId?: string };
          if (p.connectionId === connectionId || (!p.connectionId && p.profileId === conn.profileId)) copyTokenEvents();
        } else if (name === 'presence.changed' && !(payload as { origin?: string }).origin) {
          recorder.recordEvent('presence', { ...(payload as Record<string, unknown>), type: 'changed' }, connectionId);
        }
      }),
    );
    const timer = setInterval(() => this.emitRecording(connectionId), RECORDING_STATUS_MS);
    timer.unref();
    this.recordings.set(connectionId, { recorder, connectionId, unsubscribe, timer });
    return this.emitRecording(connectionId)!;
  }

  recordingFor(connectionId: string): RecordingStatus | undefined {
    const r = this.recordings.get(connectionId);
    if (!r) return undefined;
    const s = r.recorder.stats;
    return {
      connectionId,
      file: s.file,
      gzip: s.gzip,
      startedAt: s.startedAt,
      bytes: s.bytes,
      messages: s.messages,
      active: r.recorder.active,
      stoppedAt: s.stoppedAt,
      error: s.error,
    };
  }

  private emitRecording(connectionId: string): RecordingStatus | undefined {
    const s = this.recordingFor(connectionId);
    if (s) this.ctx.events.emit('captures.recordingStatus', s);
    const r = this.recordings.get(connectionId);
    if (r && !r.recorder.active) this.detach(r);
    return s;
  }

  private detach(r: Recording) {
    clearInterval(r.timer);
    for (const u of r.unsubscribe.splice(0)) u();
  }

  async stopRecording(connectionId: string): Promise<RecordingStatus> {
    const r = this.recordings.get(connectionId);
    if (!r) throw new AppError('not-recording', 'This connection is not recording.');
    this.detach(r);
    await r.recorder.stop();
    const s = this.emitRecording(connectionId)!;
    return s;
  }

  listRecordings(): RecordingStatus[] {
    return [...this.recordings.keys()].map((id) => this.recordingFor(id)!).filter(Boolean);
  }

  mark(connectionId: string, label: string) {
    const r = this.recordings.get(connectionId);
    if (!r?.recorder.active) throw new AppError('not-recording', 'This connection is not recording.');
    r.recorder.mark(label);
  }

  /** For features that want to add their own events to a running recording. */
  recordEvent(connectionId: string, type: 'token' | 'presence', event: { type: string } & Record<string, unknown>) {
    this.recordings.get(connectionId)?.recorder.recordEvent(type, event, connectionId);
  }

  // ---------------------------------------------------------------- opening

  async open(fileInput: string): Promise<CaptureInfo> {
    const file = this.resolveFile(fileInput, fileInput);
    const captureId = `cap${this.nextCapture++}`;
    const connectionId = `capture:${captureId}`;
    const messages = this.ctx.services.get('messages');
    const timeline: TimelineEntry[] = [];
    const counts = { log: 0, token: 0, presence: 0, mark: 0, stored: 0 };
    const topics = new Set<string>();
    const t0 = performance.now();
    const bytes = (b: string) => Buffer.from(b, 'base64');
    // Presence is derived while the messages go in, so the capture's own presence model exists first.
    const sources = new CaptureSources(connectionId, {
      connections: this.ctx.services.maybe('connections'),
      tokens: this.ctx.services.maybe('tokens'),
      presence: this.ctx.services.maybe('presenceOrigins'),
    });
    let summary;
    try {
      summary = await readCaptureFile(file, {
        limits: this.ctx.options.captureLimits,
        progressIntervalMs: 100,
        onProgress: (p) => this.ctx.events.emit('captures.progress', { file, ...p, done: false }),
        onRecord: (r) => {
          if (r.type === 'msg') {
            const extras = r.mqttProperties || r.amqp ? decodeMessageExtras(r, { bytes }) : undefined;
            const m: IncomingMessage = {
              connectionId,
              protocol: r.protocol,
              arrivedAt: r.at,
              topic: r.topic,
              payload: Buffer.from(r.payload, 'base64'),
              qos: r.qos,
              retain: r.retain,
              dup: r.dup,
              mqttProperties: extras?.mqttProperties,
              messageId: r.messageId,
              generateTime: r.generateTime,
              amqp: extras?.amqp as IncomingMessage['amqp'],
              settlement: r.settlement,
              redelivered: r.redelivered,
            };
            // A file is outside input: RocketMQ attributes are taken only in the contract's shape.
            const rmq = r.rocketmq ? RocketmqAttributes.safeParse(r.rocketmq) : undefined;
            if (rmq?.success) m.rocketmq = rmq.data;
            messages.ingest(m);
            counts.stored++;
            if (topics.size < 1000) topics.add(r.topic);
            return;
          }
          if (r.type === 'log' || r.type === 'token' || r.type === 'presence' || r.type === 'mark') counts[r.type]++;
          sources.add(r);
          const e = timelineEntry(r);
          if (e && timeline.length < MAX_TIMELINE) timeline.push(e);
        },
      });
    } catch (err) {
      sources.dispose();
      // A file refused part-way (over a limit) keeps nothing: its messages so far leave the inspector again.
      messages.clear(connectionId);
      this.ctx.events.emit('captures.progress', { file, bytesRead: 0, totalBytes: 0, records: 0, done: true });
      if (err instanceof CaptureFormatError) throw refusal(err);
      throw new AppError('capture-open', (err as Error).message);
    }
    const stats = messages.stats();
    const warnings: CaptureInfo['warnings'] = [...summary.warnings];
    if (summary.messages > stats.capacity) {
      warnings.push({
        code: 'store-bound',
        message: `The capture has ${summary.messages.toLocaleString('en')} messages; the inspector keeps the latest ${stats.capacity.toLocaleString('en')}. Replay and support bundles still use the whole file.`,
      });
    }
    const h = summary.header;
    const info: CaptureInfo = {
      captureId,
      name: path.basename(file),
      file,
      connectionId,
      protocol: h.connection?.protocol,
      appVersion: h.appVersion,
      os: h.os,
      createdAt: h.createdAt,
      connectionName: h.connection?.name,
      profileKind: typeof h.profile?.kind === 'string' ? h.profile.kind : undefined,
      bundle: !!h.bundle,
      messages: summary.messages,
      logLines: counts.log,
      tokenEvents: counts.token,
      presenceEvents: counts.presence,
      marks: counts.mark,
      firstAt: summary.firstAt,
      lastAt: summary.lastAt,
      stored: Math.min(counts.stored, stats.capacity),
      openMs: Math.round(performance.now() - t0),
      topics: [...topics].sort(),
      warnings,
    };
    sources.finish(h.connection?.name ?? path.basename(file));
    this.opened.set(captureId, { info, header: h, timeline, unregister: [() => sources.dispose()] });
    this.ctx.events.emit('captures.progress', {
      file,
      bytesRead: fs.statSync(file).size,
      totalBytes: fs.statSync(file).size,
      records: summary.lines,
      done: true,
    });
    return info;
  }

  close(captureId: string) {
    const c = this.opened.get(captureId);
    if (!c) return;
    for (const r of this.replays.values()) if (r.captureId === captureId) r.replayer.stop();
    for (const u of c.unregister.splice(0)) u();
    this.opened.delete(captureId);
  }

  private get(captureId: string): OpenCapture {
    const c = this.opened.get(captureId);
    if (!c) throw new AppError('no-capture', `Capture ${captureId} is not open.`, 'Open the capture file again.');
    return c;
  }

  list() {
    let files: Array<{ file: string; name: string; bytes: number; modifiedAt: number }> = [];
    try {
      files = fs
        .readdirSync(this.folder, { withFileTypes: true })
        .filter((d) => d.isFile() && /\.(fscap|fscap\.gz|ndjson|ndjson\.gz|fsbundle)$/i.test(d.name))
        .map((d) => {
          const full = path.join(this.folder, d.name);
          const st = fs.statSync(full);
          return { file: full, name: d.name, bytes: st.size, modifiedAt: st.mtimeMs };
        })
        .sort((a, b) => b.modifiedAt - a.modifiedAt);
    } catch {
      // no folder yet: nothing recorded
    }
    return { open: [...this.opened.values()].map((c) => c.info), files, folder: this.folder };
  }

  timeline(captureId: string, kinds: TimelineEntry['type'][] | undefined, offset: number, limit: number) {
    const all = this.get(captureId).timeline;
    const list = kinds?.length ? all.filter((e) => kinds.includes(e.type)) : all;
    return { entries: list.slice(offset, offset + limit), total: list.length };
  }

  // ---------------------------------------------------------------- replay

  replay(input: {
    captureId: string;
    target: { connectionId: string } | { sandbox: true };
    speed: number;
    filter?: { topics?: string[]; from?: number; to?: number };
    rewrite?: { prefix?: string; regex?: string; replacement?: string };
    keepRetain: boolean;
    qos?: 0 | 1 | 2;
  }): ReplayStatus {
    const c = this.get(input.captureId);
    let target: ReplayTarget;
    try {
      target =
        'sandbox' in input.target
          ? sandboxTarget(this.loose('sandbox') as SandboxLike | undefined)
          : connectionTarget(this.conns() satisfies PublishingConnections, input.target.connectionId);
    } catch (err) {
      throw new AppError('replay-target', (err as Error).message);
    }
    const id = `replay${this.nextReplay++}`;
    const unfiltered = !input.filter || (!input.filter.topics?.length && input.filter.from === undefined && input.filter.to === undefined);
    let replayer: Replayer;
    try {
      replayer = new Replayer({
        records: captureRecords(c.info.file, this.ctx.options.captureLimits).records,
        target,
        speed: input.speed,
        filter: input.filter,
        rewrite: input.rewrite,
        keepRetain: input.keepRetain,
        qos: input.qos,
        total: unfiltered ? c.info.messages : null,
        span:
          c.info.firstAt !== null && c.info.lastAt !== null
            ? (input.filter?.to ?? c.info.lastAt) - Math.max(input.filter?.from ?? c.info.firstAt, c.info.firstAt)
            : null,
        progressIntervalMs: 250,
        onProgress: (s) => this.ctx.events.emit('captures.replayProgress', { ...s, replayId: id, captureId: input.captureId, target: target.label }),
      });
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('replay-options', (err as Error).message);
    }
    const active: ActiveReplay = { id, captureId: input.captureId, target: target.label, replayer };
    this.replays.set(id, active);
    void replayer.done.then(() => {
      // Keep finished replays briefly listed so the UI can show the outcome; the newest 20 stay.
      const done = [...this.replays.values()].filter((r) => ['done', 'stopped', 'failed'].includes(r.replayer.state));
      for (const r of done.slice(0, Math.max(0, done.length - 20))) this.replays.delete(r.id);
    });
    return this.replayStatus(active);
  }

  private replayStatus(r: ActiveReplay): ReplayStatus {
    return { ...r.replayer.current, replayId: r.id, captureId: r.captureId, target: r.target };
  }

  replayControl(replayId: string, action: 'pause' | 'resume' | 'stop'): ReplayStatus {
    const r = this.replays.get(replayId);
    if (!r) throw new AppError('no-replay', `Replay ${replayId} is not running.`);
    r.replayer[action]();
    return this.replayStatus(r);
  }

  listReplays(): ReplayStatus[] {
    return [...this.replays.values()].map((r) => this.replayStatus(r));
  }

  /** Waits for a replay to end (tests, CLI). */
  async replayDone(replayId: string): Promise<ReplayStatus> {
    const r = this.replays.get(replayId);
    if (!r) throw new AppError('no-replay', `Replay ${replayId} is not running.`);
    await r.replayer.done;
    return this.replayStatus(r);
  }

  // ---------------------------------------------------------------- bundles

  private async secretsFor(header: CaptureHeader): Promise<string[]> {
    const id = typeof header.profile?.id === 'string' ? header.profile.id : undefined;
    if (!id) return [];
    const profiles = this.ctx.services.get('profiles');
    if (!profiles.get(id)) return [];
    const out: string[] = [];
    for (const slot of SecretSlot.options) {
      try {
        const v = await profiles.getSecret(id, slot);
        if (v) out.push(v);
      } catch {
        // a locked keychain: the profile's secrets were never in the capture anyway
      }
    }
    return out;
  }

  private async writeBundle(
    input: {
      captureId: string;
      filter?: { topics?: string[]; from?: number; to?: number };
      pseudonymise: boolean;
      includeLog: boolean;
      includeTimelines: boolean;
      extraIdentifiers?: string[];
      note?: string;
    },
    sink: ((line: string) => void) | null,
  ): Promise<{ preview: BundlePreview; forbidden: string[] }> {
    const c = this.get(input.captureId);
    const secrets = await this.secretsFor(c.header);
    const opts = {
      slice: input.filter,
      pseudonymise: input.pseudonymise,
      secrets,
      extraIdentifiers: (input.extraIdentifiers ?? []).map((value): Identifier => ({ kind: 'other', value })),
      includeLog: input.includeLog,
      includeTimelines: input.includeTimelines,
      note: input.note,
      now: Date.now(),
      appVersion: this.ctx.options.version,
      os: osLabel(),
      captureName: c.info.name,
    };
    // Pass 1 finds the identifiers the slice mentions, so pass 2 maps them consistently from the first line.
    const topicsSeen = new Map<string, CaptureRecord>();
    for await (const r of captureRecords(c.info.file, this.ctx.options.captureLimits).records) {
      if (r.type === 'msg' && !topicsSeen.has(r.topic) && inSlice(r, input.filter)) topicsSeen.set(r.topic, { ...r, payload: '' });
    }
    const collected = collectIdentifiers(c.header, topicsSeen.values(), opts);
    const writer = new BundleWriter(c.header, collected, opts);
    sink?.(writer.headerLine());
    for await (const r of captureRecords(c.info.file, this.ctx.options.captureLimits).records) {
      const line = writer.recordLine(r);
      if (line && sink) sink(line);
    }
    sink?.(writer.trailerLines());
    return { preview: writer.result(), forbidden: writer.forbidden() };
  }

  async bundlePreview(input: Parameters<CaptureService['writeBundle']>[0]): Promise<BundlePreview> {
    return (await this.writeBundle(input, () => undefined)).preview;
  }

  async createBundle(
    input: Parameters<CaptureService['writeBundle']>[0] & { file?: string },
  ): Promise<{ file: string; bytes: number; preview: BundlePreview }> {
    const c = this.get(input.captureId);
    const base = c.info.name.replace(/\.(fscap|ndjson)(\.gz)?$|\.fsbundle$/i, '');
    const file = this.resolveFile(input.file, `${base}_support.fsbundle`);
    const chunks: string[] = [];
    const { preview, forbidden } = await this.writeBundle(input, (l) => chunks.push(l));
    const text = chunks.join('');
    const gz = zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
    // Last lock: the exact bytes that would leave the machine, uncompressed and compressed.
    const gzLatin = gz.toString('latin1');
    const leaks = [...findForbidden(text, forbidden), ...forbidden.filter((f) => gzLatin.includes(Buffer.from(f, 'utf8').toString('latin1')))];
    if (leaks.length)
      throw new AppError(
        'bundle-leak',
        `The bundle still contained ${leaks.length} protected value(s); nothing was written.`,
        'Report this as a bug: redaction missed a place.',
      );
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, gz, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new AppError('bundle-file', e.code === 'EEXIST' ? `${file} already exists.` : `Cannot write ${file}: ${e.message}`, 'Choose another file name.');
    }
    return { file, bytes: gz.length, preview };
  }

  // ---------------------------------------------------------------- single messages

  copyAsMosquittoPub(seq: number) {
    const m = this.ctx.services.get('messages').get(seq);
    if (!m) throw new AppError('no-message', `Message ${seq} is no longer in the store.`);
    let host: string | undefined;
    let port: number | undefined;
    let protocolVersion: 4 | 5 | undefined;
    const conn = m.connectionId.startsWith('capture:') ? undefined : this.conns().get(m.connectionId);
    const profile = conn?.profileId ? (this.ctx.services.get('profiles').get(conn.profileId) as Record<string, unknown> | undefined) : undefined;
    if (profile && typeof profile.host === 'string') {
      host = profile.host;
      port = typeof profile.port === 'number' ? profile.port : undefined;
      protocolVersion = profile.protocolVersion === 5 ? 5 : 4;
    }
    return mosquittoPubCommand({
      topic: m.topic,
      payloadBase64: m.payload.toString('base64'),
      qos: m.qos,
      retain: m.retain,
      host,
      port,
      protocolVersion: protocolVersion ?? (m.mqttProperties ? 5 : undefined),
      mqttProperties: m.mqttProperties,
    });
  }

  async dispose() {
    for (const r of this.replays.values()) r.replayer.stop();
    for (const c of this.opened.values()) for (const u of c.unregister.splice(0)) u();
    for (const id of [...this.recordings.keys()]) {
      const r = this.recordings.get(id)!;
      this.detach(r);
      await r.recorder.stop();
    }
  }
}
