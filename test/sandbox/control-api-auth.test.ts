import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { rawRequest } from '../support/raw-http';
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
