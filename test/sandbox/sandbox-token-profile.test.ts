import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { secretAccount } from '../../electron/services/profiles/profile-service';
import { SANDBOX_TOKEN_PROFILE_ID } from '../../electron/services/sandbox/sandbox-token-profile';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { recordOf, until } from './sandbox-helpers';

// First start with the sandbox: the token-mode "Local sandbox" profile gets a token from the sandbox's
// token service through the tokens service, then connects through the upload gate.
const CLIENT_ID = 'GID_fieldscope@@@fieldscope-token';

async function tokenConnection(backend: Backend) {
  return (await backend.call('connections.list', {})).find((c) => c.profileId === SANDBOX_TOKEN_PROFILE_ID);
}

describe('token-mode sandbox profile (first start)', () => {
  let backend: Backend;
  let dataDir: string;
  const secrets = new MemorySecretStore();
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-sbtok-'));
    backend = await startBackend({ host: 'test', dataDir, secrets, sandbox: true });
  });
  afterAll(async () => {
    await backend?.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies a token, uploads it before anything else, and receives the fleet traffic in token mode', async () => {
    const conn = await until(
      'the token-mode sandbox connection with traffic',
      async () => {
        const c = await tokenConnection(backend);
        return c && c.state.status === 'connected' && c.received > 0 ? c : undefined;
      },
      40_000,
    );
    const view = (await backend.call('profiles.list', {})).find((p) => p.profile.id === SANDBOX_TOKEN_PROFILE_ID)!;
    expect(view.profile).toMatchObject({ kind: 'aliyun-mq', sandbox: true, authMode: 'token', tokenRenewal: 'auto' });
    const status = await backend.call('sandbox.status', {});
    const ep = status.endpoints as SandboxEndpoints;
    expect((view.profile as { tokenServiceUrl: string }).tokenServiceUrl).toBe(ep.mq!.tokenServiceUrl);
    // The SecretKey is a demo credential held in memory only; the token went to the secret store.
    expect(await secrets.get(secretAccount(SANDBOX_TOKEN_PROFILE_ID, 'secretKey'))).toBeNull();
    expect(await secrets.get(secretAccount(SANDBOX_TOKEN_PROFILE_ID, 'tokenRW'))).toMatch(/\S{16,}/);

    const overview = await backend.call('tokens.list', { connectionId: conn.connectionId });
    expect(overview.tokenMode).toBe(true);
    expect(overview.tokens).toHaveLength(1);
    const tok = overview.tokens[0];
    expect(tok).toMatchObject({ type: 'RW', source: 'applied', state: 'valid', resources: ep.mq!.parentTopics });
    expect(tok.expiresAt! - overview.now).toBeGreaterThan(3000_000);
    expect(tok.expiresAt! - overview.now).toBeLessThanOrEqual(3600_000);
    expect(tok.lastUpload?.ok).toBe(true);

    // The sandbox's own record: it issued the token, the client uploaded it, and never sent data before the PUBACK.
    const applied = await recordOf(ep, { face: 'token', kind: 'applied' });
    expect(applied.length).toBeGreaterThan(0);
    const mine = await recordOf(ep, { face: 'mq', clientId: CLIENT_ID });
    const kinds = mine.map((e) => e.kind);
    expect(kinds).toContain('connected');
    expect(kinds).not.toContain('subscribe-before-token');
    expect(kinds).not.toContain('publish-before-token');
    expect(mine.find((e) => e.kind === 'connected')?.detail?.mode).toBe('token');

    // The protocol log shows the gate opening before the SUBSCRIBE.
    const log = (await backend.call('connections.protocolLog', { connectionId: conn.connectionId, limit: 5000 })).entries;
    const gateOpen = log.findIndex((e) => e.type === 'token-gate' && /gate open/i.test(e.summary));
    const subscribe = log.findIndex((e) => e.dir === 'out' && /SUBSCRIBE/.test(e.type));
    expect(gateOpen).toBeGreaterThanOrEqual(0);
    expect(subscribe).toBeGreaterThan(gateOpen);
  }, 60_000);

  it('gets a new token, uploaded on the live connection, when a sandbox reset forgets every token', async () => {
    const conn = (await tokenConnection(backend))!;
    const before = (await backend.call('tokens.list', { connectionId: conn.connectionId })).tokens[0];
    const status = await backend.call('sandbox.reset', {});
    const ep = status.endpoints as SandboxEndpoints;
    // The sandbox knows exactly one token again: the new one.
    const known = (await fetch(`${ep.control.url}/tokens`, { headers: { authorization: `Bearer ${ep.control.token}` } }).then((r) => r.json())) as unknown[];
    expect(known).toHaveLength(1);
    const after = (await backend.call('tokens.list', { connectionId: conn.connectionId })).tokens[0];
    expect(after.masked).not.toBe(before.masked);
    expect(after.lastUpload?.ok).toBe(true);
    expect(after.lastUpload!.at).toBeGreaterThan(before.lastUpload!.at);
    // Same connection, still up, still receiving.
    const received = (await tokenConnection(backend))!.received;
    const later = await until(
      'more traffic on the token-mode connection after the reset',
      async () => {
        const c = await tokenConnection(backend);
        return c && c.connectionId === conn.connectionId && c.state.status === 'connected' && c.received > received ? c : undefined;
      },
      30_000,
    );
    expect(later.state.status).toBe('connected');
  }, 60_000);

  it('is closed with the other sandbox connections when the sandbox stops', async () => {
    await backend.call('sandbox.stop', {});
    const c = await tokenConnection(backend);
    expect(c === undefined || c.state.status === 'closed').toBe(true);
  }, 30_000);
});

describe('token-mode sandbox profile on a later start', () => {
  const backends: Backend[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const b of backends.splice(0)) await b.dispose();
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('drops tokens of an earlier sandbox run (unknown to this one) and connects with a fresh token', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-sbtok2-'));
    dirs.push(dataDir);
    const secrets = new MemorySecretStore();
    // As left by an earlier run: a W token that this sandbox never issued.
    await secrets.set(secretAccount(SANDBOX_TOKEN_PROFILE_ID, 'tokenW'), 'stale-token-from-an-earlier-sandbox-run');
    const backend = await startBackend({ host: 'test', dataDir, secrets, sandbox: true });
    backends.push(backend);
    const conn = await until(
      'the token-mode sandbox connection with traffic',
      async () => {
        const c = await tokenConnection(backend);
        return c && c.state.status === 'connected' && c.received > 0 ? c : undefined;
      },
      40_000,
    );
    expect(await secrets.get(secretAccount(SANDBOX_TOKEN_PROFILE_ID, 'tokenW'))).toBeNull();
    const overview = await backend.call('tokens.list', { connectionId: conn.connectionId });
    expect(overview.tokens.map((t) => t.type)).toEqual(['RW']);
  }, 60_000);

  it('without a keychain the profile is created but not opened, and the user is told why', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-sbtok3-'));
    dirs.push(dataDir);
    const secrets = new MemorySecretStore();
    const noKeychain = Object.assign(Object.create(secrets) as MemorySecretStore, {
      available: async () => ({ available: false, detail: 'no Secret Service in this test' }),
    });
    const backend = await startBackend({ host: 'test', dataDir, secrets: noKeychain, sandbox: true });
    backends.push(backend);
    const warning = await until(
      'the warning about the token-mode profile',
      async () => (await backend.call('app.info', {})).startupWarnings.find((w) => w.includes('token mode')),
      20_000,
    );
    expect(warning).toMatch(/not opened.*keychain.*no Secret Service in this test/);
    const profiles = await backend.call('profiles.list', {});
    expect(profiles.some((p) => p.profile.id === SANDBOX_TOKEN_PROFILE_ID)).toBe(true);
    expect(await tokenConnection(backend)).toBeUndefined();
  }, 60_000);
});
