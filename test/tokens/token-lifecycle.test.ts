/**
 * Token lifecycle against the sandbox's token service and MQ face (real aedes broker behind the MQ for IoT
 * rules, real HTTP token service), through the backend exactly as the UI drives it. Time is moved with the
 * sandbox clock, so lifetimes of minutes pass in seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import type { ProtocolLogEntry } from '../../shared/contract/connections.contract';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import { protocolLog, saveProfile, testBackend, waitFor, waitForStatus, type TestBackend } from '../mqtt/mqtt-harness';
import { recordOf, startSandbox } from '../sandbox/sandbox-helpers';

describe('token lifecycle against the sandbox', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  let t: TestBackend;
  let device = 0;
  const received: Array<{ connectionId: string; topic: string; payload: string }> = [];

  beforeAll(async () => {
    // A slow auth server (300 ms before each PUBACK) makes any publish that does not wait for it visible.
    ({ sandbox, ep } = await startSandbox({ amqp: { enabled: false }, huawei: { enabled: false }, mq: { tokenVerifyDelayMs: 300 } }));
    t = await testBackend();
    t.backend.services.get('messages').onIngest((m) => received.push({ connectionId: m.connectionId, topic: m.topic, payload: m.payload.toString() }));
  });
  afterAll(async () => {
    await t?.dispose();
    await sandbox?.stop();
  });

  /** A token-mode MQ for IoT profile on the sandbox; the SecretKey goes to the (memory) keychain. */
  async function tokenProfile(opts: { secretKey?: string; subscriptions?: Array<{ filter: string; qos: 0 | 1 }>; policy?: 'auto' | 'ask' | 'off' } = {}) {
    const deviceId = `tok${++device}`;
    const id = await saveProfile(
      t.backend,
      {
        kind: 'aliyun-mq',
        name: `token ${deviceId}`,
        port: ep.mq!.tcpPort,
        groupId: 'GID_fieldscope',
        deviceId,
        accessKey: ep.mq!.accessKey,
        authMode: 'token',
        tokenRenewal: opts.policy ?? 'auto',
        tokenServiceUrl: ep.mq!.tokenServiceUrl,
        subscriptions: opts.subscriptions ?? [],
        reconnect: { enabled: true, initialDelayMs: 200, maxDelayMs: 400, maxAttempts: 0 },
      },
      { secretKey: opts.secretKey ?? ep.mq!.secretKey },
    );
    return { id, clientId: `GID_fieldscope@@@${deviceId}` };
  }

  const timelineKinds = async (connectionId: string) => (await t.backend.call('tokens.timeline', { connectionId })).events.map((e) => e.kind);
  const isUpload = (e: ProtocolLogEntry) => e.dir === 'out' && e.type === 'PUBLISH' && e.summary.includes('$SYS/uploadToken');
  const isPuback = (e: ProtocolLogEntry) => e.dir === 'in' && e.type === 'PUBACK';
  const isData = (e: ProtocolLogEntry) => e.dir === 'out' && (e.type === 'SUBSCRIBE' || (e.type === 'PUBLISH' && !e.summary.includes('$SYS/')));

  /** Every CONNECT in the log is followed by upload → PUBACK → gate open before any SUBSCRIBE or data PUBLISH. */
  function expectGateHeld(log: ProtocolLogEntry[]): number {
    let gates = 0;
    let open = true;
    for (const e of log) {
      if (e.dir === 'out' && e.type === 'CONNECT') open = false;
      if (e.type === 'token-gate' && e.summary.startsWith('Token gate open')) {
        open = true;
        gates++;
      }
      if (isData(e)) expect(open, `${e.type} ${e.summary} sent before the token gate opened`).toBe(true);
    }
    return gates;
  }

  it('apply → upload (PUBACK awaited) → subscribe and publish work; the protocol log shows the gate', async () => {
    const { id, clientId } = await tokenProfile({ subscriptions: [{ filter: 'fieldscope/tok/#', qos: 1 }] });
    const applied = await t.backend.call('tokens.apply', { profileId: id, resources: ['fieldscope/tok'], actions: ['R', 'W'], lifetimeSec: 3600 });
    expect(applied.exchange.answer).toMatchObject({ success: true, code: 200, words: 'Success' });
    expect(applied.exchange.stringToSign).toMatch(/^actions=R,W&expireTime=\d{13}&resources=fieldscope\/tok&serviceName=mq$/);
    expect(Object.keys(applied.exchange.form).sort()).toEqual(['accessKey', 'actions', 'expireTime', 'proxyType', 'resources', 'serviceName', 'signature']);
    expect(applied.token).toMatchObject({ type: 'RW', source: 'applied', state: 'valid', resources: ['fieldscope/tok'] });

    const conn = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, conn.connectionId, 'connected');
    await waitFor('gate open', async () => (await protocolLog(t, conn.connectionId)).some((e) => e.summary.startsWith('Token gate open')));
    await waitFor('SUBACK', async () => (await protocolLog(t, conn.connectionId)).some((e) => e.type === 'SUBACK'));
    await t.backend.call('connections.publish', {
      connectionId: conn.connectionId,
      topic: 'fieldscope/tok/a',
      payload: { format: 'text', data: 'hello token' },
      qos: 1,
    });
    await waitFor('own message back', () =>
      received.some((m) => m.connectionId === conn.connectionId && m.topic === 'fieldscope/tok/a' && m.payload === 'hello token'),
    );

    const log = await protocolLog(t, conn.connectionId);
    const iUpload = log.findIndex(isUpload);
    const iAck = log.findIndex((e, i) => i > iUpload && isPuback(e));
    const iSub = log.findIndex((e) => e.dir === 'out' && e.type === 'SUBSCRIBE');
    expect(iUpload).toBeGreaterThan(-1);
    expect(iAck).toBeGreaterThan(iUpload);
    expect(iSub).toBeGreaterThan(iAck);
    expect(log.some((e) => e.summary.startsWith('Token gate: uploading 1 token(s) (RW)'))).toBe(true);
    expect(expectGateHeld(log)).toBe(1);

    // The sandbox's own record: accepted before the first subscribe, nothing sent early.
    const rec = await recordOf(ep, { clientId });
    const accepted = rec.find((r) => r.kind === 'token-accepted');
    const sub = rec.find((r) => r.kind === 'subscribe');
    expect(accepted && sub && accepted.seq < sub.seq).toBe(true);
    expect(rec.filter((r) => r.kind === 'publish-before-token' || r.kind === 'subscribe-before-token')).toEqual([]);

    const overview = await t.backend.call('tokens.list', { connectionId: conn.connectionId });
    expect(overview.tokens[0].lastUpload).toMatchObject({ ok: true });
    expect(overview.tokens[0].lastUpload!.latencyMs).toBeGreaterThanOrEqual(250); // the sandbox's 300 ms verification
    expect(await timelineKinds(conn.connectionId)).toEqual(expect.arrayContaining(['applied', 'connected', 'uploaded', 'acknowledged']));

    // No token text or SecretKey ever went toward the renderer.
    const token = await t.backend.services.get('profiles').getSecret(id, 'tokenRW');
    expect(token && token.length > 20).toBe(true);
    const traffic = t.rendererTraffic.join('\n') + JSON.stringify(applied) + JSON.stringify(overview) + JSON.stringify(log);
    expect(traffic).not.toContain(token!);
    expect(traffic).not.toContain(ep.mq!.secretKey);
    await t.backend.call('connections.close', { connectionId: conn.connectionId });
  });

  it('a publish or subscribe asked for during the gate waits for the PUBACK (protocol log and sandbox record agree)', async () => {
    const { id, clientId } = await tokenProfile();
    await t.backend.call('tokens.apply', { profileId: id, resources: ['fieldscope/early'], actions: ['R', 'W'], lifetimeSec: 3600 });
    const conn = await t.backend.call('connections.open', { profileId: id });
    // As soon as the state says connected (CONNACK in, token not yet acknowledged), fire both.
    await waitForStatus(t, conn.connectionId, 'connected');
    const before = (await protocolLog(t, conn.connectionId)).some((e) => e.summary.startsWith('Token gate open'));
    expect(before).toBe(false);
    await Promise.all([
      t.backend.call('connections.subscribe', { connectionId: conn.connectionId, filter: 'fieldscope/early', qos: 1 }),
      t.backend.call('connections.publish', {
        connectionId: conn.connectionId,
        topic: 'fieldscope/early',
        payload: { format: 'text', data: 'early bird' },
        qos: 1,
      }),
    ]);
    const log = await protocolLog(t, conn.connectionId);
    expect(expectGateHeld(log)).toBe(1);
    const iAck = log.findIndex(isPuback);
    const iFirstData = log.findIndex(isData);
    expect(iFirstData).toBeGreaterThan(iAck);
    const rec = await recordOf(ep, { clientId });
    expect(rec.filter((r) => r.kind === 'publish-before-token' || r.kind === 'subscribe-before-token')).toEqual([]);
    const accepted = rec.find((r) => r.kind === 'token-accepted')!;
    for (const r of rec.filter((x) => x.kind === 'publish' || x.kind === 'subscribe')) expect(r.seq).toBeGreaterThan(accepted.seq);
    expect((await t.backend.call('connections.list', {})).find((c) => c.connectionId === conn.connectionId)!.state.status).toBe('connected');
    await t.backend.call('connections.close', { connectionId: conn.connectionId });
  });

  it('tokenExpireNotice → automatic renewal and upload on the live connection, which stays up', async () => {
    const { id, clientId } = await tokenProfile({ subscriptions: [{ filter: 'fieldscope/renew', qos: 1 }] });
    const first = await t.backend.call('tokens.apply', { profileId: id, resources: ['fieldscope/renew'], actions: ['R', 'W'], lifetimeSec: 600 });
    const conn = await t.backend.call('connections.open', { profileId: id });
    await waitFor('gate open', async () => (await protocolLog(t, conn.connectionId)).some((e) => e.summary.startsWith('Token gate open')));
    const shift = 5 * 60_000 + 30_000;
    sandbox.fault({ action: 'shift-clock', ms: shift });
    try {
      await waitFor('renewed', async () => (await timelineKinds(conn.connectionId)).includes('renewed'));
      await waitFor('renewed token acknowledged', async () => {
        const o = await t.backend.call('tokens.list', { connectionId: conn.connectionId });
        return o.tokens[0].issuedAt! > first.token!.issuedAt! && o.tokens[0].masked !== first.token!.masked && o.tokens[0].lastUpload?.ok === true;
      });
      const kinds = await timelineKinds(conn.connectionId);
      expect(kinds.indexOf('expire-notice')).toBeGreaterThan(-1);
      expect(kinds.indexOf('renewed')).toBeGreaterThan(kinds.indexOf('expire-notice'));
      expect(kinds).not.toContain('disconnected');
      // The connection carries on: publish and get it back with the new token.
      await t.backend.call('connections.publish', {
        connectionId: conn.connectionId,
        topic: 'fieldscope/renew',
        payload: { format: 'text', data: 'after renewal' },
        qos: 1,
      });
      await waitFor('message after renewal', () => received.some((m) => m.connectionId === conn.connectionId && m.payload === 'after renewal'));
      const rec = await recordOf(ep, { clientId });
      expect(rec.filter((r) => r.kind === 'connected')).toHaveLength(1);
      expect(rec.filter((r) => r.kind === 'disconnected' || r.kind === 'token-invalid')).toEqual([]);
      expect(rec.filter((r) => r.kind === 'token-accepted').length).toBeGreaterThanOrEqual(2);
      expect(t.states.filter((s) => s.connectionId === conn.connectionId).map((s) => s.state.status)).not.toContain('reconnecting');
      // A second notice (the server's clock runs ahead of ours by the shift) does not start a renewal loop.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await timelineKinds(conn.connectionId)).filter((k) => k === 'renewed')).toHaveLength(1);
    } finally {
      sandbox.fault({ action: 'shift-clock', ms: -shift });
      await t.backend.call('connections.close', { connectionId: conn.connectionId });
    }
  });

  it('policy "ask": the notice raises a question instead of a renewal; renewing by hand uploads on the live connection', async () => {
    const { id } = await tokenProfile({ policy: 'ask' });
    const first = await t.backend.call('tokens.apply', { profileId: id, resources: ['fieldscope/ask'], actions: ['W'], lifetimeSec: 600 });
    const conn = await t.backend.call('connections.open', { profileId: id });
    await waitFor('gate open', async () => (await protocolLog(t, conn.connectionId)).some((e) => e.summary.startsWith('Token gate open')));
    const shift = 5 * 60_000 + 30_000;
    sandbox.fault({ action: 'shift-clock', ms: shift });
    try {
      const o = await waitFor('ask', async () => {
        const v = await t.backend.call('tokens.list', { connectionId: conn.connectionId });
        return v.asks.length ? v : undefined;
      });
      expect(o.asks[0]).toMatchObject({ type: 'W' });
      expect(o.asks[0].reason).toMatch(/tokenExpireNotice/);
      expect(o.tokens[0].state).toBe('expiring');
      await new Promise((r) => setTimeout(r, 1200));
      expect(await timelineKinds(conn.connectionId)).not.toContain('renewed');
      const r = await t.backend.call('tokens.renew', { profileId: id, type: 'W' });
      expect(r.upload).toMatchObject({ ok: true });
      expect(r.token!.masked).not.toBe(first.token!.masked);
      // The server (clock ahead by the shift) notices the new token at once: recognised, not asked again.
      await new Promise((r) => setTimeout(r, 1200));
      const after = await t.backend.call('tokens.list', { connectionId: conn.connectionId });
      expect(after.asks).toEqual([]);
      expect(after.connectionStatus).toBe('connected');
    } finally {
      sandbox.fault({ action: 'shift-clock', ms: -shift });
      await t.backend.call('connections.close', { connectionId: conn.connectionId });
    }
  });

  it('revoked elsewhere → tokenInvalidNotice code 3 decoded → no reconnect loop', async () => {
    const { id, clientId } = await tokenProfile({ subscriptions: [{ filter: 'fieldscope/rev', qos: 0 }] });
    const applied = await t.backend.call('tokens.apply', { profileId: id, resources: ['fieldscope/rev'], actions: ['R'], lifetimeSec: 3600 });
    expect(applied.token!.type).toBe('R');
    const conn = await t.backend.call('connections.open', { profileId: id });
    await waitFor('gate open', async () => (await protocolLog(t, conn.connectionId)).some((e) => e.summary.startsWith('Token gate open')));
    const token = (await t.backend.services.get('profiles').getSecret(id, 'tokenR'))!;
    sandbox.fault({ action: 'revoke-token', token });
    const held = await waitForStatus(t, conn.connectionId, 'refused');
    expect(held.state.reason).toMatch(/not reconnecting/);
    expect(held.state.explanation).toMatch(/Apply for a new token/);
    const o = await t.backend.call('tokens.list', { connectionId: conn.connectionId });
    expect(o.tokens[0]).toMatchObject({ state: 'revoked', code: 3 });
    expect(o.tokens[0].stateWords).toContain('revoked');
    expect(o.reconnectHeld).toMatchObject({ code: 3 });
    // The timeline and the log hear about the close through their own events: wait for them, then check the order.
    const kinds = await waitFor('invalid, disconnected and reconnect-held in the timeline', async () => {
      const k = await timelineKinds(conn.connectionId);
      return ['invalid', 'disconnected', 'reconnect-held'].every((x) => k.includes(x)) ? k : undefined;
    });
    await waitFor('the code 3 notice in the protocol log', async () =>
      (await protocolLog(t, conn.connectionId)).some((e) => e.type === 'token-notice' && e.summary.includes('code 3')),
    );
    expect(kinds.indexOf('invalid')).toBeGreaterThan(-1);
    expect(kinds.indexOf('disconnected')).toBeGreaterThan(kinds.indexOf('invalid')); // explained before the disconnect
    expect(kinds).toContain('reconnect-held');
    const log = await protocolLog(t, conn.connectionId);
    const iNotice = log.findIndex((e) => e.type === 'token-notice' && e.summary.includes('code 3'));
    expect(iNotice).toBeGreaterThan(-1);
    // Two reconnect delays' worth of waiting: still exactly one CONNECT at the sandbox.
    await new Promise((r) => setTimeout(r, 1200));
    const rec = await recordOf(ep, { clientId });
    expect(rec.filter((r) => r.kind === 'connected')).toHaveLength(1);
    expect(log.filter((e) => e.dir === 'out' && e.type === 'CONNECT')).toHaveLength(1);
  });

  it('expired (forced in the sandbox) while connected → renewed before the reconnect, then uploaded again', async () => {
    const { id, clientId } = await tokenProfile({ subscriptions: [{ filter: 'fieldscope/exp', qos: 0 }] });
    await t.backend.call('tokens.apply', { profileId: id, resources: ['fieldscope/exp'], actions: ['R', 'W'], lifetimeSec: 3600 });
    const conn = await t.backend.call('connections.open', { profileId: id });
    await waitFor('gate open', async () => (await protocolLog(t, conn.connectionId)).some((e) => e.summary.startsWith('Token gate open')));
    const old = (await t.backend.services.get('profiles').getSecret(id, 'tokenRW'))!;
    sandbox.fault({ action: 'expire-token', token: old });
    await waitFor('second gate', async () => (await protocolLog(t, conn.connectionId)).filter((e) => e.summary.startsWith('Token gate open')).length === 2);
    await waitForStatus(t, conn.connectionId, 'connected');
    const now = (await t.backend.services.get('profiles').getSecret(id, 'tokenRW'))!;
    expect(now).not.toBe(old);
    const kinds = await timelineKinds(conn.connectionId);
    expect(kinds).toEqual(expect.arrayContaining(['invalid', 'disconnected', 'renewed', 'reconnected']));
    expect(kinds.lastIndexOf('renewed')).toBeLessThan(kinds.lastIndexOf('reconnected') + 2);
    const rec = await recordOf(ep, { clientId });
    expect(rec.filter((r) => r.kind === 'token-invalid').map((r) => r.detail?.code)).toEqual([2]);
    expect(rec.filter((r) => r.kind === 'connected')).toHaveLength(2);
    expect(expectGateHeld(await protocolLog(t, conn.connectionId))).toBe(2);
    await t.backend.call('connections.close', { connectionId: conn.connectionId });
  });

  it('no token → the connection is held (no loop), and resumes once a token is applied', async () => {
    const { id, clientId } = await tokenProfile({ subscriptions: [{ filter: 'fieldscope/resume', qos: 0 }] });
    const conn = await t.backend.call('connections.open', { profileId: id });
    const held = await waitForStatus(t, conn.connectionId, 'refused');
    expect(held.state.reason).toMatch(/no token/);
    const gateLine = (await protocolLog(t, conn.connectionId)).find((e) => e.type === 'token-gate');
    expect(gateLine?.summary).toMatch(/Token gate closed: no token/);
    await new Promise((r) => setTimeout(r, 800));
    expect((await recordOf(ep, { clientId, kind: 'connected' })).length).toBe(1);
    expect((await recordOf(ep, { clientId })).filter((r) => r.kind === 'subscribe' || r.kind === 'publish')).toEqual([]);
    await t.backend.call('tokens.apply', { profileId: id, resources: ['fieldscope/resume'], actions: ['R'], lifetimeSec: 600 });
    await waitFor('gate open after apply', async () => (await protocolLog(t, conn.connectionId)).some((e) => e.summary.startsWith('Token gate open')));
    await waitForStatus(t, conn.connectionId, 'connected');
    expect((await t.backend.call('tokens.list', { connectionId: conn.connectionId })).reconnectHeld).toBeUndefined();
    await t.backend.call('connections.close', { connectionId: conn.connectionId });
  });

  it('a wrong SecretKey → 407 explained; nothing stored', async () => {
    const { id } = await tokenProfile({ secretKey: 'not-the-secret' });
    const r = await t.backend.call('tokens.apply', { profileId: id, resources: ['fieldscope/x'], actions: ['W'], lifetimeSec: 120 });
    expect(r.token).toBeUndefined();
    expect(r.exchange.answer).toMatchObject({ success: false, code: 407, words: 'Signature wrong' });
    expect(r.exchange.answer.action).toMatch(/SecretKey/);
    expect(JSON.stringify(r)).not.toContain('not-the-secret');
    expect((await t.backend.call('tokens.list', { profileId: id })).tokens).toEqual([]);
  });

  it('limits are checked before sending: 101 resources, lifetime under 60 s', async () => {
    const { id } = await tokenProfile();
    const many = Array.from({ length: 101 }, (_, i) => `fieldscope/r${i}`);
    await expect(t.backend.call('tokens.apply', { profileId: id, resources: many, actions: ['R'], lifetimeSec: 600 })).rejects.toThrow(/at most 100 resources/);
    await expect(t.backend.call('tokens.apply', { profileId: id, resources: ['fieldscope/a'], actions: ['R'], lifetimeSec: 30 })).rejects.toThrow(
      /at least 60 s/,
    );
  });

  it('query, paste, export the timeline', async () => {
    const { id } = await tokenProfile();
    await t.backend.call('tokens.apply', { profileId: id, resources: ['fieldscope/q'], actions: ['W'], lifetimeSec: 600 });
    const q = await t.backend.call('tokens.query', { profileId: id, type: 'W' });
    expect(q.exchange.answer).toMatchObject({ success: true, code: 200 });
    expect(q.exchange.stringToSign).toMatch(/^token=.{1,8}….{0,4}$/);
    expect(q.exchange.detail).toContain('fieldscope/q');
    const pasted = await t.backend.call('tokens.paste', { profileId: id, type: 'R', token: 'pasted-token-text-0123456789abcdef' });
    expect(pasted).toMatchObject({ source: 'pasted', type: 'R', resources: [] });
    expect(JSON.stringify(pasted)).not.toContain('pasted-token-text-0123456789abcdef');
    const conn = await t.backend.call('connections.open', { profileId: id });
    // The pasted token is forged: the server says code 1 and the app stops.
    await waitForStatus(t, conn.connectionId, 'refused');
    const csv = await t.backend.call('tokens.exportTimeline', { connectionId: conn.connectionId, format: 'csv' });
    expect(csv.text.split('\r\n')[0]).toBe('seq,at_iso,at_ms,kind,type,token,code,latency_ms,expires_at_iso,words');
    expect(csv.text).toContain(',invalid,');
    const json = JSON.parse((await t.backend.call('tokens.exportTimeline', { connectionId: conn.connectionId, format: 'json' })).text);
    expect(json.events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['applied', 'pasted', 'connected', 'invalid']));
    expect(csv.text + JSON.stringify(json)).not.toContain('pasted-token-text-0123456789abcdef');
  });
});
