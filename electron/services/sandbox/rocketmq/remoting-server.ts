import net from 'node:net';
import {
  FLAG_ONEWAY,
  FLAG_RESPONSE,
  FrameSplitter,
  decodeFrame,
  encodeCommand,
  isOneway,
  type RemotingCommand,
} from '../../../../shared/rocketmq/remoting-codec';
import { ResponseCode } from '../../../../shared/rocketmq/remoting-codes';

export interface RemotingConnection {
  readonly id: number;
  /** `a.b.c.d:port` of the peer, as a broker stamps bornHost. */
  readonly remote: string;
  readonly closed: boolean;
}

export type RemotingReply = { code: number; remark?: string; extFields?: Record<string, unknown>; body?: Uint8Array };
export type RemotingHandler = (cmd: RemotingCommand, conn: RemotingConnection) => Promise<RemotingReply | undefined> | RemotingReply | undefined;

/**
 * A TCP listener speaking remoting frames: one handler per request, replies matched by opaque, oneway
 * requests never answered. A malformed frame closes that connection only; handlers run concurrently so a
 * suspended pull does not hold up the heartbeats behind it.
 */
export class RemotingServer {
  private server: net.Server | undefined;
  private sockets = new Map<number, net.Socket>();
  private nextId = 1;
  port = 0;
  onClose: ((conn: RemotingConnection) => void) | undefined;
  onProtocolError: ((conn: RemotingConnection, message: string) => void) | undefined;

  constructor(
    private readonly host: string,
    private readonly handler: RemotingHandler,
  ) {}

  async start(): Promise<void> {
    this.server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(0, this.host, () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get connectionCount(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets.values()) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  private accept(socket: net.Socket): void {
    const id = this.nextId++;
    const addr = (socket.remoteAddress ?? '0.0.0.0').replace(/^::ffff:/, '');
    const conn = { id, remote: `${addr}:${socket.remotePort ?? 0}`, closed: false };
    this.sockets.set(id, socket);
    socket.setNoDelay(true);
    const splitter = new FrameSplitter();
    socket.on('data', (chunk: Buffer) => {
      let frames: Uint8Array[];
      try {
        frames = splitter.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      } catch (err) {
        this.onProtocolError?.(conn, (err as Error).message);
        socket.destroy();
        return;
      }
      for (const f of frames) {
        let cmd: RemotingCommand;
        try {
          cmd = decodeFrame(f);
        } catch (err) {
          this.onProtocolError?.(conn, (err as Error).message);
          socket.destroy();
          return;
        }
        // Responses from the client (to server-initiated requests) are not expected: ignored.
        if ((cmd.flag & FLAG_RESPONSE) === FLAG_RESPONSE) continue;
        void this.dispatch(cmd, conn, socket);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      conn.closed = true;
      this.sockets.delete(id);
      this.onClose?.(conn);
    });
  }

  private async dispatch(cmd: RemotingCommand, conn: RemotingConnection, socket: net.Socket): Promise<void> {
    let reply: RemotingReply | undefined;
    try {
      reply = await this.handler(cmd, conn);
    } catch (err) {
      reply = { code: ResponseCode.SYSTEM_ERROR, remark: `sandbox broker error: ${(err as Error).message}` };
    }
    if (isOneway(cmd) || !reply || socket.destroyed) return;
    const ext: Record<string, string> = {};
    for (const [k, v] of Object.entries(reply.extFields ?? {})) if (v !== undefined && v !== null) ext[k] = String(v);
    const out: RemotingCommand = {
      code: reply.code,
      opaque: cmd.opaque,
      flag: FLAG_RESPONSE,
      remark: reply.remark ?? null,
      extFields: ext,
      language: 'JAVA',
      version: 0,
    };
    if (reply.body) out.body = reply.body;
    socket.write(encodeCommand(out));
  }
}

export { FLAG_ONEWAY };
