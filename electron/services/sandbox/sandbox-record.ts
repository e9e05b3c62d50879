/**
 * What each client did and what the sandbox did to it ("publish before token PUBACK", "subscription 31
 * ignored", "kicked by duplicate Client ID"...), kept so tests and support can read it on the control API.
 */
export type SandboxFace = 'mq' | 'amqp' | 'huawei' | 'iot-device' | 'huawei-device' | 'rocketmq' | 'token' | 'fleet' | 'control';

export interface RecordEntry {
  seq: number;
  at: number;
  face: SandboxFace;
  clientId?: string;
  /** Machine-readable kind, e.g. `connect-refused`, `publish-before-token`. */
  kind: string;
  detail?: Record<string, unknown>;
}

export interface RecordQuery {
  face?: SandboxFace;
  clientId?: string;
  kind?: string;
  sinceSeq?: number;
  limit?: number;
}

export class SandboxRecord {
  private entries: RecordEntry[] = [];
  private seq = 0;
  constructor(private readonly capacity = 20_000) {}

  add(face: SandboxFace, kind: string, clientId?: string, detail?: Record<string, unknown>): RecordEntry {
    const e: RecordEntry = { seq: ++this.seq, at: Date.now(), face, kind };
    if (clientId !== undefined) e.clientId = clientId;
    if (detail !== undefined) e.detail = detail;
    this.entries.push(e);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return e;
  }

  query(q: RecordQuery = {}): RecordEntry[] {
    const out = this.entries.filter(
      (e) =>
        (q.face === undefined || e.face === q.face) &&
        (q.clientId === undefined || e.clientId === q.clientId) &&
        (q.kind === undefined || e.kind === q.kind) &&
        (q.sinceSeq === undefined || e.seq > q.sinceSeq),
    );
    return q.limit ? out.slice(-q.limit) : out;
  }

  clear(): void {
    this.entries = [];
  }

  get lastSeq(): number {
    return this.seq;
  }
}
