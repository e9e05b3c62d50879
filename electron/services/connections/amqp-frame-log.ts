import rhea, { type Connection } from 'rhea';
import type { DriverContext } from './driver';
import { toPlain } from './amqp-message';

/**
 * AMQP frame log from rhea's own frame path (rhea 3.x internals: Transport.write for frames going out, the
 * connection's / SASL client's on_<performative> handlers for frames coming in). If those internals are
 * missing (another rhea version) the driver still logs from rhea's events; this only adds frame detail.
 *
 * Transfers, flows, dispositions and heartbeats can arrive thousands of times a second: the first few are
 * logged one by one, then they are counted and summarised once a second, so the log never becomes the
 * bottleneck of a fast consumer.
 */

type Dir = 'in' | 'out';
type LogFn = DriverContext['log'];

interface RheaFrame {
  channel?: number;
  performative?: { constructor: { toString(): string } } & Record<string, unknown>;
  payload?: Buffer;
}
interface RheaTransport {
  pending: RheaFrame[];
  write(socket: unknown): unknown;
}

const HIGH_RATE = new Set(['transfer', 'flow', 'disposition', 'heartbeat']);

const FIELDS: Record<string, readonly string[]> = {
  open: ['container_id', 'hostname', 'max_frame_size', 'channel_max', 'idle_time_out', 'offered_capabilities', 'desired_capabilities', 'properties'],
  begin: ['remote_channel', 'next_outgoing_id', 'incoming_window', 'outgoing_window', 'handle_max'],
  attach: ['name', 'handle', 'role', 'snd_settle_mode', 'rcv_settle_mode', 'source', 'target', 'initial_delivery_count', 'max_message_size'],
  flow: ['next_incoming_id', 'incoming_window', 'next_outgoing_id', 'outgoing_window', 'handle', 'delivery_count', 'link_credit', 'available', 'drain', 'echo'],
  transfer: ['handle', 'delivery_id', 'message_format', 'settled', 'more', 'state', 'aborted'],
  disposition: ['role', 'first', 'last', 'settled', 'state'],
  detach: ['handle', 'closed', 'error'],
  end: ['error'],
  close: ['error'],
  sasl_mechanisms: ['sasl_server_mechanisms'],
  sasl_init: ['mechanism', 'hostname'],
  sasl_outcome: ['code'],
};

const SASL_CODES: Record<number, string> = { 0: 'ok', 1: 'auth', 2: 'sys', 3: 'sys-perm', 4: 'sys-temp' };

/** Described composites that appear inside frames, by descriptor code: their name and list fields. */
const DESCRIBED: Record<number, { name: string; fields: readonly string[] }> = {
  0x1d: { name: 'error', fields: ['condition', 'description', 'info'] },
  0x23: { name: 'received', fields: ['section_number', 'section_offset'] },
  0x24: { name: 'accepted', fields: [] },
  0x25: { name: 'rejected', fields: ['error'] },
  0x26: { name: 'released', fields: [] },
  0x27: { name: 'modified', fields: ['delivery_failed', 'undeliverable_here', 'message_annotations'] },
  0x28: {
    name: 'source',
    fields: [
      'address',
      'durable',
      'expiry_policy',
      'timeout',
      'dynamic',
      'dynamic_node_properties',
      'distribution_mode',
      'filter',
      'default_outcome',
      'outcomes',
      'capabilities',
    ],
  },
  0x29: { name: 'target', fields: ['address', 'durable', 'expiry_policy', 'timeout', 'dynamic', 'dynamic_node_properties', 'capabilities'] },
};
const SYMBOLIC: Record<string, number> = {
  'amqp:error:list': 0x1d,
  'amqp:received:list': 0x23,
  'amqp:accepted:list': 0x24,
  'amqp:rejected:list': 0x25,
  'amqp:released:list': 0x26,
  'amqp:modified:list': 0x27,
  'amqp:source:list': 0x28,
  'amqp:target:list': 0x29,
};
const OUTCOME_NAMES = new Set(['received', 'accepted', 'rejected', 'released', 'modified']);

const unwrapTyped = (rhea as unknown as { types: { unwrap(v: unknown): unknown } }).types.unwrap;

const names = new WeakMap<object, string>();
function performativeName(p: NonNullable<RheaFrame['performative']>): string {
  const ctor = p.constructor as object;
  let n = names.get(ctor);
  if (n === undefined) {
    n = String(ctor).split('#')[0] ?? 'frame';
    names.set(ctor, n);
  }
  return n;
}

interface TypedLike {
  type?: unknown;
  value?: unknown;
  descriptor?: { value?: unknown };
}

/** Composite values (source, target, error, outcomes) as plain objects with their field names. */
function describeValue(v: unknown, depth = 0): unknown {
  if (v === null || v === undefined || depth > 6) return v;
  if (typeof v !== 'object' || Buffer.isBuffer(v) || v instanceof Date) return toPlain(v);
  if (Array.isArray(v)) return v.map((x) => describeValue(x, depth + 1));
  const o = v as TypedLike & Record<string, unknown>;
  // A described value still in rhea's wire form (Typed with a descriptor): decode known composites.
  if (o.descriptor !== undefined && 'type' in o) {
    const raw = o.descriptor.value;
    const code = typeof raw === 'number' ? raw : SYMBOLIC[String(raw)];
    const def = code !== undefined ? DESCRIBED[code] : undefined;
    const items = Array.isArray(o.value) ? (o.value as unknown[]) : [];
    if (!def) return { descriptor: String(raw), value: describeValue(items.length ? items : o.value, depth + 1) };
    const out: Record<string, unknown> = OUTCOME_NAMES.has(def.name) ? { outcome: def.name } : {};
    def.fields.forEach((f, i) => {
      const x = describeValue(items[i], depth + 1);
      if (x !== undefined && x !== null) out[f] = x;
    });
    return out;
  }
  if ('type' in o && 'value' in o && o.type && typeof o.type === 'object') return describeValue(unwrapTyped(o), depth + 1);
  // A rhea composite object (fields behind getters on its prototype).
  const ctor = (o as { constructor?: { descriptor?: { numeric?: number } } }).constructor;
  const proto = Object.getPrototypeOf(o) as object | null;
  if (ctor?.descriptor && proto && 'value' in o) {
    const def = ctor.descriptor.numeric !== undefined ? DESCRIBED[ctor.descriptor.numeric] : undefined;
    const out: Record<string, unknown> = def && OUTCOME_NAMES.has(def.name) ? { outcome: def.name } : {};
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (typeof d.get !== 'function') continue;
      const x = describeValue(o[k], depth + 1);
      if (x !== undefined && x !== null) out[k] = x;
    }
    return out;
  }
  return toPlain(v);
}

function frameDetail(name: string, p: Record<string, unknown>, payload?: Buffer): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS[name] ?? []) {
    const v = p[f];
    if (v !== undefined && v !== null) out[f] = describeValue(v);
  }
  if (payload) out.bytes = payload.length;
  return out;
}

function errorText(e: unknown): string {
  if (!e || typeof e !== 'object') return '';
  const err = e as { condition?: unknown; description?: unknown };
  return `${String(err.condition ?? '')}${err.description ? `: ${String(err.description)}` : ''}`;
}

function summarise(name: string, d: Record<string, unknown>): string {
  switch (name) {
    case 'open':
      return `open container-id=${String(d.container_id ?? '')}${d.hostname ? ` hostname=${String(d.hostname)}` : ''} idle-time-out=${d.idle_time_out ?? 0} ms max-frame-size=${d.max_frame_size ?? '-'} channel-max=${d.channel_max ?? '-'}`;
    case 'begin':
      return `begin${d.remote_channel !== undefined ? ` remote-channel=${d.remote_channel}` : ''} incoming-window=${d.incoming_window ?? '-'} outgoing-window=${d.outgoing_window ?? '-'}`;
    case 'attach': {
      const src = d.source as { address?: unknown } | undefined;
      return `attach name=${String(d.name ?? '')} handle=${d.handle ?? 0} role=${d.role ? 'receiver' : 'sender'} source=${src ? JSON.stringify(src.address ?? '') : 'none'} snd-settle-mode=${d.snd_settle_mode ?? 0} rcv-settle-mode=${d.rcv_settle_mode ?? 0}`;
    }
    case 'flow':
      return `flow handle=${d.handle ?? '-'} link-credit=${d.link_credit ?? '-'} delivery-count=${d.delivery_count ?? '-'} incoming-window=${d.incoming_window ?? '-'}${d.drain ? ' drain' : ''}`;
    case 'transfer':
      return `transfer delivery-id=${d.delivery_id ?? '-'} handle=${d.handle ?? 0} ${d.bytes ?? 0} bytes${d.settled ? ' settled' : ''}${d.more ? ' more' : ''}`;
    case 'disposition': {
      const st = d.state as { outcome?: string } | undefined;
      return `disposition ${d.role ? 'receiver' : 'sender'} first=${d.first ?? '-'} last=${d.last ?? d.first ?? '-'} ${st?.outcome ?? 'no state'}${d.settled ? ' settled' : ''}`;
    }
    case 'detach':
      return `detach handle=${d.handle ?? 0}${d.closed ? ' closed' : ''}${d.error ? ` error ${errorText(d.error)}` : ''}`;
    case 'end':
      return `end${d.error ? ` error ${errorText(d.error)}` : ''}`;
    case 'close':
      return `close${d.error ? ` error ${errorText(d.error)}` : ''}`;
    case 'sasl_mechanisms':
      return `sasl-mechanisms ${JSON.stringify(d.sasl_server_mechanisms ?? [])}`;
    case 'sasl_init':
      return `sasl-init mechanism=${String(d.mechanism ?? '')}${d.hostname ? ` hostname=${String(d.hostname)}` : ''}`;
    case 'sasl_outcome':
      return `sasl-outcome code=${d.code} (${SASL_CODES[Number(d.code)] ?? '?'})`;
    default:
      return name;
  }
}

interface Tally {
  count: number;
  bytes: number;
  first?: unknown;
  last?: unknown;
  since: number;
}

export interface FrameLogOptions {
  /** High-rate frames logged one by one before switching to once-a-second summaries. */
  detailLimit?: number;
  /** Shown (masked) for sasl-init PLAIN: the user name is visible, the password never. */
  saslUser?: string;
  now(): number;
}

export class AmqpFrameLog {
  private seen = new Map<string, number>();
  private tallies = new Map<string, Tally>();
  private readonly detailLimit: number;

  constructor(
    private readonly log: LogFn,
    private readonly opts: FrameLogOptions,
  ) {
    this.detailLimit = opts.detailLimit ?? 20;
  }

  /** Taps rhea's frame path of one connection; returns false when rhea's internals were not found. */
  attach(conn: Connection): boolean {
    const c = conn as unknown as Record<string, unknown> & {
      amqp_transport?: RheaTransport;
      sasl_transport?: Record<string, unknown> & { transport?: RheaTransport };
    };
    if (!c.amqp_transport || typeof c.amqp_transport.write !== 'function') return false;
    this.tapOut(c.amqp_transport);
    for (const name of ['open', 'begin', 'attach', 'flow', 'transfer', 'disposition', 'detach', 'end', 'close']) this.tapIn(c, name);
    const sasl = c.sasl_transport;
    if (sasl?.transport && typeof sasl.transport.write === 'function') {
      this.tapOut(sasl.transport);
      for (const name of ['sasl_mechanisms', 'sasl_challenge', 'sasl_outcome']) this.tapIn(sasl, name);
    }
    return true;
  }

  private tapOut(t: RheaTransport): void {
    const original = t.write.bind(t);
    t.write = (socket: unknown) => {
      for (const f of t.pending) {
        try {
          this.frame('out', f);
        } catch {
          // logging must never break the connection
        }
      }
      return original(socket);
    };
  }

  private tapIn(target: Record<string, unknown>, name: string): void {
    const original = target[`on_${name}`];
    if (typeof original !== 'function') return;
    target[`on_${name}`] = (frame: RheaFrame) => {
      try {
        this.frame('in', frame);
      } catch {
        // logging must never break the connection
      }
      return (original as (f: RheaFrame) => unknown).call(target, frame);
    };
  }

  private frame(dir: Dir, f: RheaFrame): void {
    if (!f.performative) {
      if (this.counted(dir, 'heartbeat', 0, undefined)) return;
      this.logHighRate(dir, 'heartbeat', 'empty frame (heartbeat)', { channel: f.channel ?? 0 });
      return;
    }
    const name = performativeName(f.performative);
    if (HIGH_RATE.has(name)) {
      // Past the first few, only count: no field decoding on the hot path.
      const p = f.performative;
      const id = name === 'transfer' ? p.delivery_id : name === 'disposition' ? p.first : undefined;
      if (this.counted(dir, name, name === 'transfer' ? (f.payload?.length ?? 0) : 0, id)) return;
    }
    const detail = frameDetail(name, f.performative, name === 'transfer' ? f.payload : undefined);
    if (name === 'sasl_init') {
      // PLAIN's initial response is \0user\0password: show the user, never the password.
      if (this.opts.saslUser !== undefined) detail.username = this.opts.saslUser;
      detail.initial_response = '••••••';
    }
    if (f.channel !== undefined && !name.startsWith('sasl')) detail.channel = f.channel;
    const summary = summarise(name, detail);
    if (HIGH_RATE.has(name)) this.logHighRate(dir, name, summary, detail);
    else this.log({ dir, type: name.replace('_', '-'), summary, detail });
  }

  /** Counts a high-rate frame; true when it was only counted (past the detail limit), false to log it in full. */
  private counted(dir: Dir, type: string, bytes: number, id: unknown): boolean {
    const key = `${dir}:${type}`;
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    if (n <= this.detailLimit) return false;
    let t = this.tallies.get(key);
    if (!t) {
      t = { count: 0, bytes: 0, since: this.opts.now(), first: id };
      this.tallies.set(key, t);
    }
    t.count++;
    t.bytes += bytes;
    t.last = id;
    return true;
  }

  private logHighRate(dir: Dir, type: string, summary: string, detail: Record<string, unknown>): void {
    const n = this.seen.get(`${dir}:${type}`) ?? 0;
    this.log({ dir, type, summary: n === this.detailLimit ? `${summary} (further ${type} frames are summarised once a second)` : summary, detail });
  }

  /** Writes one summary line per frame type counted since the last flush. Called once a second and on close. */
  flush(): void {
    if (!this.tallies.size) return;
    const now = this.opts.now();
    for (const [key, t] of this.tallies) {
      const [dir, type] = key.split(':') as [Dir, string];
      const secs = Math.max(0.001, (now - t.since) / 1000);
      const what =
        type === 'transfer'
          ? ` (${t.bytes} bytes, delivery-id ${String(t.first)}..${String(t.last)})`
          : type === 'disposition'
            ? ` (first ${String(t.first)}..${String(t.last)})`
            : '';
      this.log({
        dir,
        type,
        summary: `${type} ×${t.count} in ${secs.toFixed(1)} s${what}`,
        detail: { aggregated: true, count: t.count, bytes: t.bytes, first: t.first, last: t.last, seconds: secs },
      });
    }
    this.tallies.clear();
  }
}
