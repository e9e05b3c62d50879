import http from 'node:http';
import {
  ONLINE_QUERY_PATH,
  TOKEN_APPLY_PATH,
  TOKEN_MAX_RESOURCES,
  TOKEN_MIN_LIFETIME_MS,
  TOKEN_QUERY_PATH,
  TOKEN_REVOKE_PATH,
  verifyAliyunMqSignature,
} from '../../../shared/vendors/aliyun-mq-token-signature';
import { parseAliyunMqClientId } from '../../../shared/vendors/aliyun-mq-signature';
import { BodyTooLargeError, closeServer, listenOnFreePort, readBody, sendJson } from '../core/http-server-io';
import type { FaultState } from './fault-state';
import type { MqFace } from './mq-face';
import type { MqTokenStore, TokenAction } from './mq-token-store';
import type { SandboxClock } from './sandbox-clock';
import type { SandboxConfig } from './sandbox-config';
import type { SandboxRecord } from './sandbox-record';

/**
 * The MQ token service (`/token/apply|query|revoke`, GET or POST form) and the instance's online query
 * (`/route/clientId/get`, GET) on one loopback HTTP server, answering with the documented JSON and codes.
 */
interface TokenReply {
  success: boolean;
  message: string;
  code: number;
  tokenData: string | null;
}

export class TokenService {
  private server: http.Server | undefined;
  port = 0;

  constructor(
    private readonly cfg: SandboxConfig,
    private readonly clock: SandboxClock,
    private readonly record: SandboxRecord,
    private readonly tokens: MqTokenStore,
    private readonly mq: () => MqFace | undefined,
    private readonly faults: FaultState,
  ) {}

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ success: false, message: `sandbox error: ${(err as Error).message}`, code: 500 }));
      });
    });
    this.port = await listenOnFreePort(this.server, this.cfg.host);
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    await closeServer(s);
  }

  private secretOf(accessKey: string): string | undefined {
    return this.cfg.mq.accounts.find((a) => a.accessKey === accessKey)?.secretKey;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox');
    } catch {
      return sendJson(res, 400, { success: false, message: 'the request target is not a valid URL', code: 400, tokenData: null });
    }
    const params = new Map<string, string>(url.searchParams);
    if (req.method === 'POST') {
      let body: string;
      try {
        body = await readBody(req, 1_000_000);
      } catch (err) {
        if (err instanceof BodyTooLargeError) return sendJson(res, 413, { success: false, message: err.message, code: 413, tokenData: null });
        throw err;
      }
      for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    } else if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    const send = (status: number, json: unknown) => sendJson(res, status, json);
    const p = (k: string) => params.get(k) ?? '';
    switch (url.pathname) {
      case TOKEN_APPLY_PATH:
        return send(200, this.apply(p));
      case TOKEN_QUERY_PATH:
        return send(200, this.tokenOp('query', p));
      case TOKEN_REVOKE_PATH:
        return send(200, this.tokenOp('revoke', p));
      case ONLINE_QUERY_PATH: {
        if (req.method !== 'GET') return send(400, { code: 1, success: false, online: 0, message: 'the online query is GET only' });
        const r = this.online(p);
        return send(r.status, r.body);
      }
      default:
        return send(404, { success: false, message: `no such path ${url.pathname}`, code: 400, tokenData: null });
    }
  }

  private reply(code: number, message: string, tokenData: string | null = null): TokenReply {
    return { success: code === 200, message, code, tokenData };
  }

  private apply(p: (k: string) => string): TokenReply {
    const accessKey = p('accessKey');
    const missing = ['actions', 'resources', 'accessKey', 'expireTime', 'proxyType', 'serviceName', 'signature'].filter((k) => !p(k));
    const fail = (code: number, message: string) => {
      this.record.add('token', 'apply-refused', undefined, { code, message, accessKey });
      return this.reply(code, message);
    };
    if (missing.length) return fail(400, `missing parameter(s): ${missing.join(', ')}`);
    const actions = p('actions')
      .split(',')
      .map((a) => a.trim());
    if (actions.length === 0 || actions.length > 2 || actions.some((a) => a !== 'R' && a !== 'W') || new Set(actions).size !== actions.length)
      return fail(400, 'actions must be R, W or R,W');
    const resources = p('resources')
      .split(',')
      .filter((r) => r.length > 0);
    if (resources.length === 0 || resources.length > TOKEN_MAX_RESOURCES) return fail(400, `resources must list 1-${TOKEN_MAX_RESOURCES} topics`);
    const expireTime = Number(p('expireTime'));
    if (!Number.isInteger(expireTime)) return fail(400, 'expireTime must be a millisecond timestamp');
    if (expireTime - this.clock.now() < TOKEN_MIN_LIFETIME_MS) return fail(400, 'expireTime must be at least 60 s ahead');
    if (p('serviceName') !== 'mq') return fail(400, 'serviceName must be mq');
    if (!['MQTT', 'HTTP', 'Kafka', 'MQ'].includes(p('proxyType'))) return fail(400, 'proxyType must be MQTT');
    const secret = this.secretOf(accessKey);
    const signed = { actions: p('actions'), resources: p('resources'), expireTime: p('expireTime'), serviceName: p('serviceName') };
    if (!secret || !verifyAliyunMqSignature(signed, secret, p('signature'))) return fail(407, 'signature is wrong');
    const info = this.tokens.issue(accessKey, actions as TokenAction[], resources, expireTime, this.clock.now());
    this.record.add('token', 'applied', undefined, { tokenId: info.id, actions, resources, expireTime });
    return this.reply(200, 'success', info.token);
  }

  private tokenOp(op: 'query' | 'revoke', p: (k: string) => string): TokenReply {
    const accessKey = p('accessKey');
    const missing = ['token', 'accessKey', 'signature'].filter((k) => !p(k));
    if (missing.length) return this.reply(400, `missing parameter(s): ${missing.join(', ')}`);
    const secret = this.secretOf(accessKey);
    if (!secret || !verifyAliyunMqSignature({ token: p('token') }, secret, p('signature'))) return this.reply(407, 'signature is wrong');
    const chk = this.tokens.check(p('token'), this.clock.now());
    if (!chk.ok) {
      const code = chk.code === 8 ? 1 : chk.code;
      this.record.add('token', `${op}-refused`, undefined, { code });
      return this.reply(code, chk.reason);
    }
    if (chk.info.accessKey !== accessKey) return this.reply(op === 'revoke' ? 410 : 1, 'token belongs to another account');
    if (op === 'revoke') {
      this.tokens.revoke(chk.info.id);
      this.record.add('token', 'revoked', undefined, { tokenId: chk.info.id });
      return this.reply(200, 'success');
    }
    return this.reply(200, 'token is valid', JSON.stringify({ actions: chk.info.actions, resources: chk.info.resources, expireTime: chk.info.expireTime }));
  }

  private online(p: (k: string) => string): { status: number; body: { code: number; success: boolean; online: number; message: string } } {
    const body = (code: number, online: number, message: string) => ({ code, success: code === 0, online, message });
    const missing = ['accessKey', 'resource', 'timestamp', 'signature'].filter((k) => !p(k));
    if (missing.length) return { status: 400, body: body(1, 0, `missing parameter(s): ${missing.join(', ')}`) };
    const secret = this.secretOf(p('accessKey'));
    if (!secret || !verifyAliyunMqSignature({ accessKey: p('accessKey'), resource: p('resource'), timestamp: p('timestamp') }, secret, p('signature'))) {
      return { status: 403, body: body(2, 0, 'signature is wrong') };
    }
    const ts = Number(p('timestamp'));
    if (!Number.isFinite(ts) || Math.abs(this.clock.now() - ts) > this.cfg.mq.onlineQueryWindowMs)
      return { status: 403, body: body(4, 0, 'timestamp expired') };
    const groupId = parseAliyunMqClientId(p('resource'))?.groupId ?? '';
    const mq = this.mq();
    if (!mq || mq.groupOwnedBy(groupId) !== p('accessKey')) return { status: 403, body: body(3, 0, 'no such Group ID for this account') };
    if (this.faults.onlineUnknownNext > 0) {
      this.faults.onlineUnknownNext--;
      return { status: 200, body: body(0, -1, 'unknown, retry') };
    }
    return { status: 200, body: body(0, mq.onlineConnections(p('resource')), 'success') };
  }
}
