import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { SandboxFault } from '../../../shared/contract/sandbox.contract';
import { BodyTooLargeError, closeServer, listenOnFreePort, readBody, sendJson as send } from '../core/http-server-io';
import type { SandboxService } from './sandbox-service';
import type { SandboxFace } from './sandbox-record';

/**
 * The sandbox's control API for tests, the CLI and support scripts, on loopback with a bearer token (the
 * Authorization header only) and never for a web page (any request with an Origin header is refused):
 *   GET  /status                      endpoints, clock, faults, counts
 *   GET  /record?face=&clientId=&kind=&sinceSeq=&limit=   what clients did / what the sandbox did to them
 *   GET  /tokens                      tokens the token service issued (id, resources, expiry)
 *   POST /fault  {action: ...}        one fault (same shape as the sandbox.fault IPC method)
 *   POST /reset
 */
export class ControlApi {
  private server: http.Server | undefined;
  port = 0;

  constructor(
    private readonly sandbox: SandboxService,
    private readonly host: string,
    private readonly token: string,
  ) {}

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => send(res, 500, { error: (err as Error).message }));
    });
    this.port = await listenOnFreePort(this.server, this.host);
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    await closeServer(s);
  }

  /** The token from `Authorization: Bearer` only: a query string lands in logs, history and Referers. */
  private authorized(req: http.IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) return false;
    const a = Buffer.from(header.slice('Bearer '.length));
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Browsers put an Origin on every cross-origin request (and every POST): its presence means a web page,
    // which must never drive the sandbox, whatever token it may have got hold of.
    if (req.headers.origin !== undefined)
      return send(res, 403, { error: 'requests from web pages (with an Origin header) are refused; use a script or the CLI' });
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox');
    } catch {
      return send(res, 400, { error: 'the request target is not a valid URL' });
    }
    if (!this.authorized(req)) return send(res, 401, { error: 'missing or wrong control token (Authorization: Bearer <token>)' });
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /status':
        return send(res, 200, this.sandbox.status());
      case 'GET /record': {
        const q = url.searchParams;
        const num = (k: string) => (q.get(k) ? Number(q.get(k)) : undefined);
        return send(
          res,
          200,
          this.sandbox.record.query({
            face: (q.get('face') as SandboxFace | null) ?? undefined,
            clientId: q.get('clientId') ?? undefined,
            kind: q.get('kind') ?? undefined,
            sinceSeq: num('sinceSeq'),
            limit: num('limit'),
          }),
        );
      }
      case 'GET /tokens':
        return send(
          res,
          200,
          this.sandbox.tokens.list().map(({ token: _t, ...rest }) => rest),
        );
      case 'POST /fault': {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req, 1_000_000));
        } catch (err) {
          if (err instanceof BodyTooLargeError) return send(res, 413, { error: err.message });
          return send(res, 400, { error: 'body must be JSON, e.g. {"action":"shift-clock","ms":60000}' });
        }
        const parsed = SandboxFault.safeParse(body);
        if (!parsed.success) return send(res, 400, { error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
        const result = this.sandbox.fault(parsed.data);
        return send(res, 200, { ...result, status: this.sandbox.status() });
      }
      case 'POST /reset':
        await this.sandbox.reset();
        return send(res, 200, this.sandbox.status());
      default:
        return send(res, 404, { error: `no route ${route}` });
    }
  }
}
