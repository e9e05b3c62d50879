import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { rawRequest, replyJson } from '../support/raw-http';
import { control, startSandbox } from './sandbox-helpers';

// Issue 14: the sandbox control API takes its token from the Authorization header only, and no web page
// may drive it (a browser puts an Origin header on its requests).
describe('sandbox control API authorization', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox());
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('answers with the token in the Authorization header', async () => {
    expect((await control(ep, 'GET', '/status')).status).toBe(200);
  });

  it('refuses the token in the query string', async () => {
    const res = await fetch(`${ep.control.url}/status?token=${encodeURIComponent(ep.control.token)}`);
    expect(res.status).toBe(401);
  });

  it('refuses any request carrying an Origin header, even with the right token', async () => {
    for (const origin of ['http://evil.example', 'null', `${ep.control.url}`, 'http://127.0.0.1']) {
      const res = await fetch(`${ep.control.url}/reset`, { method: 'POST', headers: { authorization: `Bearer ${ep.control.token}`, origin } });
      expect(res.status, origin).toBe(403);
    }
  });

  it('refuses a bare token or another scheme', async () => {
    for (const authorization of [ep.control.token, `Basic ${ep.control.token}`]) {
      expect((await fetch(`${ep.control.url}/status`, { headers: { authorization } })).status).toBe(401);
    }
  });

  it('answers 400 to a request line with a broken absolute-form URL', async () => {
    const port = Number(new URL(ep.control.url).port);
    const r = await rawRequest(port, `GET http://[::1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ep.control.token}\r\nConnection: close\r\n\r\n`);
    expect(r.status).toBe(400);
    expect((await control(ep, 'GET', '/status')).status).toBe(200);
  });
});

describe('sandbox HTTP services and oversized bodies', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox());
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('the control API answers a body over its limit with a structured 413, not a reset', async () => {
    const port = Number(new URL(ep.control.url).port);
    const body = JSON.stringify({ action: 'shift-clock', ms: 1, pad: 'x'.repeat(1_200_000) });
    const r = await rawRequest(
      port,
      `POST /fault HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ep.control.token}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expect(r.reset).toBe(false);
    expect(r.status).toBe(413);
    expect(replyJson(r)).toMatchObject({ error: expect.stringMatching(/too large/) });
    expect((await control(ep, 'GET', '/status')).status).toBe(200);
  });
});
