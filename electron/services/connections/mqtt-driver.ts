import mqtt, { type MqttClient, type IPublishPacket, type Packet } from 'mqtt';
import { AppError } from '../../../shared/contract/define';
import { describePacket, plainProperties, type PacketLike } from '../../../shared/mqtt/packet-log';
import { isRetryableConnack, reconnectDelay } from '../../../shared/mqtt/reconnect-backoff';
import { explainRefusal, explainRefusalParts, type RefusalPhase } from '../../../shared/vendors/refusal-explanations';
import { said } from '../../../shared/vendors/explain-en';
import { part, type ExplainPart } from '../../../shared/vendors/explain-part';
import { generateClientId } from '../profiles/client-id';
import { mqttConnectCredentials } from '../vendors/connect-credentials';
import type { AfterConnectIo, ConnectionDriver, DriverContext, DriverFactory, PublishRequest, ReconnectVerdict } from './driver';
import { buildMqttOptions, isMqttProfile, type MqttKindProfile } from './mqtt-connect-options';
import { PacketLogThrottle } from './packet-log-throttle';
import { installPublishFastPath, type FastPublish } from './mqtt-publish-fast-path';

/** A close this soon after an unacknowledged SUBSCRIBE/PUBLISH is probably the broker refusing it. */
const AFTER_PACKET_MS = 3000;
/** Socket calls that fail before any byte reaches the server: nothing was sent on such an attempt. */
const BEFORE_TRANSPORT_SYSCALLS = new Set(['connect', 'getaddrinfo']);

/** Whether an attempt's error means the transport never opened (refused, unreachable, unknown host). */
export function transportNeverOpened(err: { syscall?: string } | null): boolean {
  return !!err && typeof err.syscall === 'string' && BEFORE_TRANSPORT_SYSCALLS.has(err.syscall);
}

export const createMqttDriver: DriverFactory = (ctx) => new MqttDriver(ctx);

interface LastSent {
  type: 'connect' | 'subscribe' | 'publish';
  at: number;
  messageId?: number;
}

class MqttDriver implements ConnectionDriver {
  readonly protocol = 'mqtt' as const;
  private client: MqttClient | null = null;
  private closing = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private lastSent: LastSent | null = null;
  private pendingSubs = new Map<number, string[]>();
  private refusedCode: number | null = null;
  private lastError: (Error & { code?: string | number }) | null = null;
  private serverDisconnect: number | null = null;
  private connectedOnce = false;
  private connackSeen = false;
  private lastClientId = '';
  /** For profiles without a Client ID: one per connection, so retries resume the same session. */
  private readonly fallbackClientId: string;
  /** CONNACK accepted on the current attempt (a close before it is "could not connect", not "lost"). */
  private openedThisAttempt = false;
  /** The CONNECT line, held until the transport is open: a refused TCP connection never carried it. */
  private heldConnect: (() => void) | null = null;
  /** Whether this attempt's socket reports opening (TCP/TLS), and whether it did. */
  private transportWatched = false;
  private transportOpen = false;
  private warnings: string[] = [];
  /** Pending while the after-connect gate runs: user SUBSCRIBE/PUBLISH wait on it. */
  private gate: Promise<void> = Promise.resolve();
  private readonly throttle: PacketLogThrottle;
  private readonly protocolVersion: number;

  constructor(private readonly ctx: DriverContext) {
    if (!isMqttProfile(ctx.profile)) throw new AppError('wrong-protocol', `Profile "${ctx.profile.name}" is not an MQTT profile.`);
    this.protocolVersion = ctx.profile.protocolVersion;
    this.fallbackClientId = generateClientId(ctx.profile.kind);
    this.throttle = new PacketLogThrottle(
      (text) => ctx.log({ dir: 'local', type: 'summary', summary: text }),
      () => ctx.now(),
    );
    ctx.disposables.add(() => this.close());
  }

  private get profile() {
    return this.ctx.profile as MqttKindProfile;
  }

  async connect(): Promise<void> {
    this.closing = false;
    this.attempt = 0;
    void this.attemptConnect();
  }

  private explain(phase: RefusalPhase, code?: number | string, message?: string, afterPacket?: string): string | undefined {
    return explainRefusal({ kind: this.profile.kind, phase, code, message, afterPacket, profile: this.profile });
  }

  private explainParts(phase: RefusalPhase, code?: number | string, message?: string, afterPacket?: string): ExplainPart[] {
    return explainRefusalParts({ kind: this.profile.kind, phase, code, message, afterPacket, profile: this.profile });
  }

  private async attemptConnect(): Promise<void> {
    if (this.closing) return;
    const ctx = this.ctx;
    const profile = this.profile;
    if (this.attempt === 0) ctx.setState({ status: 'connecting' });
    else ctx.setState({ status: 'reconnecting', attempt: this.attempt, retryInMs: 0 });
    if (this.attempt > 0 && ctx.beforeReconnect) {
      let v: ReconnectVerdict;
      try {
        v = await ctx.beforeReconnect();
      } catch (err) {
        v = { proceed: false, reason: (err as Error).message, explanation: (err as AppError).hint };
      }
      if (this.closing) return;
      if (!v.proceed) {
        ctx.log({ dir: 'local', type: 'refused', summary: `Not reconnecting: ${v.reason ?? 'held before reconnect'}.`, explanation: v.explanation });
        ctx.setState({ status: 'refused', reason: `not reconnecting: ${v.reason ?? 'held'}`, explanation: v.explanation });
        return;
      }
    }
    this.refusedCode = null;
    this.lastError = null;
    this.serverDisconnect = null;
    this.lastSent = null;
    this.connackSeen = false;
    this.openedThisAttempt = false;
    this.heldConnect = null;
    this.transportWatched = false;
    this.transportOpen = false;
    this.pendingSubs.clear();
    let built;
    try {
      // Fresh credentials every attempt: vendor signatures carry timestamps.
      const creds = await mqttConnectCredentials(profile, ctx.getSecret, ctx.now(), this.fallbackClientId);
      built = await buildMqttOptions(profile, creds, (slot) => ctx.getSecret(slot));
    } catch (err) {
      const e = err as AppError;
      ctx.log({ dir: 'local', type: 'error', summary: e.message, explanation: e.hint });
      ctx.setState({ status: 'refused', reason: e.message, explanation: e.hint });
      return;
    }
    if (this.closing) return;
    this.warnings = built.warnings;
    this.lastClientId = built.options.clientId ?? '';
    for (const w of built.warnings) ctx.log({ dir: 'local', type: 'warning', summary: w, explanation: w });
    ctx.log({
      dir: 'local',
      type: 'connect',
      summary: `Connecting to ${built.url} as Client ID ${this.lastClientId}${this.attempt ? ` (attempt ${this.attempt + 1})` : ''}`,
    });

    let client: MqttClient;
    try {
      // manualConnect: listeners first, so the CONNECT packet itself reaches the protocol log.
      client = mqtt.connect({ ...built.options, manualConnect: true });
    } catch (err) {
      const message = (err as Error).message;
      ctx.setState({
        status: 'refused',
        reason: message,
        explanation: 'The connection settings were refused before connecting; check host, port and transport.',
      });
      return;
    }
    this.client = client;
    // MQTT 3.1/3.1.1 over TCP or TLS: QoS 0/1 PUBLISHes are taken off the socket before mqtt.js (see
    // mqtt-publish-fast-path.ts); MQTT 5 (properties, topic aliases) and WebSocket streams go through mqtt.js only.
    if (this.protocolVersion !== 5 && (profile.transport === 'tcp' || profile.transport === 'tls'))
      installPublishFastPath(client, (p) => this.onFastPublish(client, p));
    client.on('packetsend', (p: Packet) => this.onPacket('out', p));
    client.on('packetreceive', (p: Packet) => this.onPacket('in', p));
    client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) =>
      this.store(
        topic,
        payload,
        packet.qos,
        packet.retain,
        packet.dup,
        packet.properties ? plainProperties(packet.properties as Record<string, unknown>) : undefined,
      ),
    );
    client.on('connect', () => {
      if (client !== this.client) return;
      void this.onConnected(client);
    });
    client.on('error', (err: Error & { code?: string | number }) => {
      if (client !== this.client) return;
      this.lastError = err;
      if (typeof err.code === 'number' && /Connection refused/i.test(err.message)) this.refusedCode = err.code;
    });
    client.on('disconnect', (packet: Packet & { reasonCode?: number }) => {
      if (client !== this.client) return;
      this.serverDisconnect = packet.reasonCode ?? 0;
    });
    client.on('close', () => {
      if (client !== this.client) return;
      this.onClosed(client);
    });
    client.connect();
    // TLS counts as open once the handshake is done; plain TCP once connected; other streams (WebSocket)
    // release the CONNECT line with the first answer or a close that was not a transport failure.
    const stream = client.stream as (NodeJS.EventEmitter & { encrypted?: boolean; connecting?: boolean }) | undefined;
    if (stream && typeof stream.connecting === 'boolean') {
      this.transportWatched = true;
      stream.once(stream.encrypted ? 'secureConnect' : 'connect', () => {
        if (client !== this.client) return;
        this.transportOpen = true;
        this.releaseConnect();
      });
    }
  }

  private releaseConnect(): void {
    const held = this.heldConnect;
    this.heldConnect = null;
    held?.();
  }

  private async onConnected(client: MqttClient): Promise<void> {
    const ctx = this.ctx;
    this.connectedOnce = true;
    this.openedThisAttempt = true;
    this.attempt = 0;
    const warn = this.warnings[0];
    let release!: () => void;
    this.gate = new Promise<void>((r) => (release = r));
    ctx.setState(warn ? { status: 'connected', reason: 'tls-verification-off', explanation: warn } : { status: 'connected' });
    try {
      await ctx.afterConnect?.(this.gateIo(client));
    } catch (err) {
      ctx.log({ dir: 'local', type: 'error', summary: `After-connect step failed: ${(err as Error).message}`, explanation: (err as AppError).hint });
      // A failed gate (e.g. a token upload without PUBACK) must not be followed by SUBSCRIBE/PUBLISH: drop it.
      if (client === this.client) {
        this.lastError = Object.assign(new Error(`after-connect step failed: ${(err as Error).message}`), { code: 'GATE' });
        client.end(true);
      }
      return;
    } finally {
      release();
    }
    if (client !== this.client || !client.connected) return;
    const subs = ctx.subscriptions?.() ?? [];
    if (!subs.length) return;
    const map: Record<string, { qos: 0 | 1 | 2 }> = {};
    for (const s of subs) map[s.filter] = { qos: s.qos };
    try {
      const granted = await client.subscribeAsync(map);
      for (const g of granted) ctx.onGranted?.(g.topic, g.qos);
    } catch (err) {
      this.reportSubscribeError(
        err,
        subs.map((s) => s.filter),
      );
    }
  }

  private gateIo(client: MqttClient): AfterConnectIo {
    return {
      publish: async (topic, payload, qos) => {
        if (client !== this.client || !client.connected) throw new AppError('not-connected', 'The connection closed before the publish.');
        await client.publishAsync(topic, payload, { qos });
      },
      log: (entry) => this.ctx.log(entry),
    };
  }

  private reportSubscribeError(err: unknown, filters: string[]): never | void {
    const e = err as Error & { packet?: { granted?: number[]; reasonCodes?: number[] } };
    const codes = e.packet?.granted ?? e.packet?.reasonCodes;
    if (codes) filters.forEach((f, i) => codes[i] !== undefined && this.ctx.onGranted?.(f, codes[i]!));
  }

  /**
   * A QoS 0/1 PUBLISH from the fast path: stored like mqtt.js's 'message' and logged like its 'packetreceive'
   * (the fast path then sends a QoS 1 one's PUBACK, as mqtt.js would right after handing it over). A client
   * already replaced takes nothing (and acknowledges nothing).
   */
  private onFastPublish(client: MqttClient, p: FastPublish): boolean {
    if (client !== this.client) return false;
    this.store(p.topic, p.payload, p.qos, p.retain, p.dup);
    // Lines only for what the per-second throttle lets through (the packet objects are built for those alone).
    if (this.throttle.allow('in', 'publish'))
      this.logLine('in', {
        cmd: 'publish',
        topic: p.topic,
        payload: p.payload,
        qos: p.qos,
        messageId: p.messageId,
        retain: p.retain,
        dup: p.dup,
        length: p.length,
      });
    if (p.messageId !== undefined && this.throttle.allow('out', 'puback')) this.logLine('out', { cmd: 'puback', messageId: p.messageId, length: 2 });
    return true;
  }

  /** A received PUBLISH into the store, from mqtt.js or the fast path alike. */
  private store(topic: string, payload: Buffer, qos: 0 | 1 | 2, retain: boolean, dup: boolean, mqttProperties?: Record<string, unknown>): void {
    const ctx = this.ctx;
    ctx.sink.ingest({ connectionId: ctx.connectionId, protocol: 'mqtt', arrivedAt: Date.now(), topic, payload, qos, retain, dup, mqttProperties });
  }

  private logLine(dir: 'in' | 'out', packet: PacketLike): void {
    const d = describePacket(packet, { protocolVersion: this.protocolVersion });
    this.ctx.log({ dir, type: d.type, summary: d.summary, detail: d.detail });
  }

  private onPacket(dir: 'in' | 'out', packet: Packet): void {
    const cmd = packet.cmd;
    const ctx = this.ctx;
    if (dir === 'out') {
      if (cmd === 'publish') this.lastSent = { type: 'publish', at: Date.now(), messageId: (packet as IPublishPacket).messageId };
      else if (cmd === 'subscribe') {
        const p = packet as Packet & { messageId?: number; subscriptions: Array<{ topic: string }> };
        this.lastSent = { type: 'subscribe', at: Date.now(), messageId: p.messageId };
        if (p.messageId !== undefined)
          this.pendingSubs.set(
            p.messageId,
            p.subscriptions.map((s) => s.topic),
          );
      } else if (cmd === 'connect') this.lastSent = { type: 'connect', at: Date.now() };
    } else if (cmd === 'connack') {
      this.connackSeen = true;
      // Taken from the packet itself, not only from mqtt.js's 'error': the refusal must not depend on which of
      // 'error' and 'close' a busy event loop delivers first.
      const c = packet as Packet & { returnCode?: number; reasonCode?: number };
      const code = this.protocolVersion === 5 ? c.reasonCode : c.returnCode;
      if (typeof code === 'number' && code > 0) this.refusedCode = code;
    }
    if (dir === 'in' && this.lastSent && (cmd === 'connack' || cmd === 'suback' || cmd === 'puback' || cmd === 'pubrec')) {
      const id = (packet as { messageId?: number }).messageId;
      if (cmd === 'connack' || this.lastSent.messageId === id) this.lastSent = null;
    }
    if (PacketLogThrottle.throttled(cmd) && !this.throttle.allow(dir, cmd)) return;
    let subscribeFilters: string[] | undefined;
    if (cmd === 'suback') {
      const id = (packet as { messageId?: number }).messageId;
      if (id !== undefined) {
        subscribeFilters = this.pendingSubs.get(id);
        this.pendingSubs.delete(id);
      }
    }
    const d = describePacket(packet as unknown as PacketLike, { protocolVersion: this.protocolVersion, subscribeFilters });
    let words: ReturnType<typeof said> = {};
    if (d.failureCode !== undefined && dir === 'in') {
      const phase: RefusalPhase = cmd === 'connack' ? 'connect' : cmd === 'suback' ? 'subscribe' : cmd === 'disconnect' ? 'disconnect' : 'publish';
      words = said(this.explainParts(phase, d.failureCode));
    }
    const entry = { dir, type: d.type, summary: d.summary, detail: d.detail, ...words };
    if (dir === 'out' && cmd === 'connect') {
      const at = ctx.now();
      this.heldConnect = () => ctx.log({ ...entry, at });
      return;
    }
    if (dir === 'in') this.releaseConnect();
    ctx.log(entry);
  }

  private onClosed(client: MqttClient): void {
    const ctx = this.ctx;
    this.client = null;
    client.removeAllListeners('message');
    client.removeAllListeners('packetreceive');
    client.removeAllListeners('packetsend');
    // Keep an error listener: a late socket error must never become an uncaught exception.
    client.on('error', () => {});
    this.throttle.flush();
    const err = this.lastError;
    // Nothing reached the server when the socket itself failed: the held CONNECT line is dropped.
    const neverOpened = !this.connackSeen && !this.transportOpen && (this.transportWatched || transportNeverOpened(err as { syscall?: string } | null));
    if (neverOpened) this.heldConnect = null;
    else this.releaseConnect();
    if (this.closing) return;

    if (this.refusedCode !== null && !isRetryableConnack(this.refusedCode)) {
      const code = this.refusedCode;
      const words = said(this.explainParts('connect', code, err?.message));
      ctx.log({
        dir: 'local',
        type: 'refused',
        summary: `Refused by the broker: ${err?.message ?? `code ${code}`}. Not retrying (the same credentials would be refused again).`,
        ...words,
      });
      ctx.setState({ status: 'refused', reason: `${this.protocolVersion === 5 ? 'reason' : 'return'} code ${code}: ${err?.message ?? ''}`.trim(), ...words });
      return;
    }
    const recent = this.lastSent && Date.now() - this.lastSent.at < AFTER_PACKET_MS ? this.lastSent.type : undefined;
    let reason: string;
    let parts: ExplainPart[];
    if (this.serverDisconnect !== null && this.serverDisconnect !== 0) {
      reason = `server sent DISCONNECT with reason code 0x${this.serverDisconnect.toString(16)}`;
      parts = this.explainParts('disconnect', this.serverDisconnect, undefined, recent);
    } else if (err) {
      reason = err.message || String(err.code);
      const errno = typeof err.code === 'string' ? err.code : undefined;
      parts = this.explainParts(
        this.connectedOnce ? 'disconnect' : 'transport',
        errno ?? (typeof err.code === 'number' ? err.code : undefined),
        err.message,
        recent,
      );
      if (/connack timeout/i.test(err.message)) {
        parts = [
          part('driver.mqtt.noConnackWithin', {
            seconds: this.profile.connectTimeoutMs / 1000,
            tlsHint: this.profile.transport === 'tcp' ? part('driver.mqtt.orExpectsTls') : '',
          }),
          ...parts,
        ];
      }
    } else if (!this.connackSeen && (this.profile.transport === 'ws' || this.profile.transport === 'wss')) {
      reason = 'the WebSocket closed before any CONNACK';
      parts = [part('driver.mqtt.wsNothing', { url: `${this.profile.transport}://${this.profile.host}:${this.profile.port}${this.profile.wsPath}` })];
    } else {
      reason = recent ? `connection closed right after ${recent.toUpperCase()}` : 'connection closed by the broker or the network';
      parts = this.explainParts('disconnect', undefined, undefined, recent);
      if (parts.length === 0) parts = [part('driver.mqtt.closedNoReason', { clientId: this.lastClientId || part('driver.mqtt.thisOne') })];
    }
    const words = said(parts);
    this.attempt++;
    const delay = reconnectDelay(this.profile.reconnect, this.attempt);
    // "Lost" only for a connection that was open (CONNACK accepted on this attempt).
    const what = this.openedThisAttempt ? 'Connection lost' : 'Could not connect';
    if (delay === null) {
      const why = this.profile.reconnect.enabled ? `gave up after ${this.attempt - 1} reconnect attempts` : 'automatic reconnect is off in this profile';
      ctx.log({ dir: 'local', type: 'closed', summary: `${what} (${reason}); ${why}.`, ...words });
      ctx.setState({ status: 'closed', reason: `${reason}; ${why}`, ...words });
      return;
    }
    ctx.log({
      dir: 'local',
      type: 'reconnect',
      summary: `${what} (${reason}); reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${this.attempt}).`,
      ...words,
    });
    ctx.setState({ status: 'reconnecting', attempt: this.attempt, retryInMs: delay, reason, ...words });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.attemptConnect();
    }, delay);
  }

  async close(): Promise<void> {
    if (this.closing && !this.client) return;
    this.closing = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.throttle.dispose();
    const client = this.client;
    if (client) {
      // Graceful DISCONNECT (so no last will is sent), but never hang on a dead socket.
      await Promise.race([client.endAsync(false).catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      if (this.client === client) {
        this.client = null;
        client.end(true);
      }
      client.removeAllListeners();
      client.on('error', () => {});
    }
    this.ctx.setState({ status: 'closed', reason: 'closed by the user' });
  }

  private connectedClient(action: string): MqttClient {
    const c = this.client;
    if (!c || !c.connected)
      throw new AppError('not-connected', `Cannot ${action}: the connection is not connected right now.`, 'Wait until it shows connected (or open it again).');
    return c;
  }

  async subscribe(filter: string, qos: 0 | 1 | 2): Promise<{ granted?: number }> {
    await this.gate;
    const c = this.connectedClient('subscribe');
    try {
      const [g] = await c.subscribeAsync(filter, { qos });
      return { granted: g?.qos };
    } catch (err) {
      const e = err as Error & { packet?: { granted?: number[]; reasonCodes?: number[] } };
      const code = e.packet?.granted?.[0] ?? e.packet?.reasonCodes?.[0];
      if (code !== undefined) return { granted: code };
      throw new AppError('subscribe-failed', `Subscribe to ${filter} failed: ${e.message}`);
    }
  }

  async unsubscribe(filter: string): Promise<void> {
    await this.gate;
    const c = this.connectedClient('unsubscribe');
    await c.unsubscribeAsync(filter);
  }

  async publish(req: PublishRequest): Promise<void> {
    await this.gate;
    const c = this.connectedClient('publish');
    const opts: mqtt.IClientPublishOptions = { qos: req.qos, retain: req.retain };
    if (req.properties) {
      if (this.protocolVersion !== 5) {
        throw new AppError(
          'mqtt5-only',
          'Publish properties (content type, user properties, message expiry, response topic) need MQTT 5.',
          'Switch the profile to MQTT 5, or publish without properties.',
        );
      }
      const p = req.properties;
      opts.properties = {};
      if (p.contentType) opts.properties.contentType = p.contentType;
      if (p.responseTopic) opts.properties.responseTopic = p.responseTopic;
      if (p.messageExpiryInterval !== undefined) opts.properties.messageExpiryInterval = p.messageExpiryInterval;
      if (p.userProperties && Object.keys(p.userProperties).length) opts.properties.userProperties = p.userProperties;
    }
    try {
      await c.publishAsync(req.topic, req.payload, opts);
    } catch (err) {
      const e = err as Error & { code?: number };
      const explanation = typeof e.code === 'number' ? this.explain('publish', e.code) : undefined;
      throw new AppError('publish-failed', `Publish to ${req.topic} failed: ${e.message}`, explanation);
    }
  }
}
