/**
 * The connection manager, MQTT driver, protocol log and message store against a real mosquitto
 * (plain TCP, TLS with a CA made by openssl, client certificates, a password file), with messages
 * published by mosquitto_pub — a client we did not write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import { protocolLog, run, saveProfile, testBackend, waitFor, waitForStatus, type TestBackend } from './mqtt-harness';

const PASSWORD = 'test-only-pw-7f3a9c';
const haveMosquitto = mosquittoAvailable();
if (!haveMosquitto) console.log('SKIP mqtt-mosquitto: mosquitto is not installed (apt-get install mosquitto mosquitto-clients)');

describe.skipIf(!haveMosquitto)('MQTT connections against mosquitto', () => {
  let broker: MosquittoBroker;
  let certBroker: MosquittoBroker;
  let t: TestBackend;

  beforeAll(async () => {
    [broker, certBroker] = await Promise.all([
      startMosquitto({ tls: true, passwordFile: [{ user: 'alice', pass: PASSWORD }] }),
      startMosquitto({ requireClientCert: true, allowAnonymous: true }),
    ]);
    t = await testBackend();
  });
  afterAll(async () => {
    await t?.dispose();
    await broker?.stop();
    await certBroker?.stop();
  });

  const pub = (args: string[], input?: Buffer) =>
    run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-u', 'alice', '-P', PASSWORD, ...args], input);

  it('connects over plain TCP with a password, receives mosquitto_pub messages byte-exact and logs every packet', async () => {
    const profileId = await saveProfile(t.backend, { name: 'tcp', port: broker.port, username: 'alice', clientId: 'fs-tcp-1' }, { password: PASSWORD });
    const { connectionId } = await t.backend.call('connections.open', { profileId });
    await waitForStatus(t, connectionId, 'connected');
    const sub = await t.backend.call('connections.subscribe', { connectionId, filter: 'plant/+/telemetry', qos: 1 });
    expect(sub).toMatchObject({ filter: 'plant/+/telemetry', qos: 1, granted: 1 });
    expect(sub.color).toMatch(/^#[0-9a-f]{6}$/);

    // Bytes that are not UTF-8 must arrive exactly as sent.
    const binary = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80, 0x41]);
    const file = path.join(broker.dir, 'binary.bin');
    fs.writeFileSync(file, binary);
    expect((await pub(['-t', 'plant/line1/telemetry', '-q', '1', '-f', file])).code).toBe(0);
    expect((await pub(['-t', 'plant/line2/telemetry', '-q', '0', '-r', '-m', '{"temp":21.5,"unit":"°C"}'])).code).toBe(0);
    expect((await pub(['-t', 'other/topic', '-m', 'not subscribed'])).code).toBe(0);

    const page = await waitFor('two messages in the store', async () => {
      const p = await t.backend.call('messages.page', { filter: { connectionIds: [connectionId] }, offset: 0, limit: 100 });
      return p.total >= 2 ? p : undefined;
    });
    expect(page.rows.map((r) => r.topic)).toEqual(['plant/line1/telemetry', 'plant/line2/telemetry']);
    const [bin, json] = page.rows;
    expect(bin).toMatchObject({ binary: true, size: binary.length, qos: 1, connectionId });
    expect(json).toMatchObject({ preview: '{"temp":21.5,"unit":"°C"}', qos: 0, retain: false });
    const detail = await t.backend.call('messages.detail', { seq: bin!.seq });
    expect(Buffer.from(detail!.payloadBase64, 'base64').equals(binary)).toBe(true);

    const log = await protocolLog(t, connectionId);
    const types = log.map((e) => `${e.dir} ${e.type}`);
    for (const want of ['out CONNECT', 'in CONNACK', 'out SUBSCRIBE', 'in SUBACK', 'in PUBLISH', 'out PUBACK']) expect(types).toContain(want);
    const connect = log.find((e) => e.type === 'CONNECT')!;
    expect(connect.summary).toContain('password=(masked)');
    expect(connect.summary).toContain('clientId="fs-tcp-1"');
    expect(log.find((e) => e.type === 'SUBACK')!.summary).toContain('plant/+/telemetry → granted QoS 1');
    // the secret is nowhere the renderer can see
    await waitFor('log events', () => t.logEvents.some((e) => e.connectionId === connectionId && e.type === 'CONNECT'));
    expect(t.rendererTraffic.join('\n')).not.toContain(PASSWORD);
    expect(JSON.stringify(log)).not.toContain(PASSWORD);
    await t.backend.call('messages.viewport', { viewId: 'v-tcp', request: 1, filter: { connectionIds: [connectionId] }, range: { mode: 'tail', count: 50 } });
    const push = await waitFor('a viewport push', () => t.viewports.find((v) => v.viewId === 'v-tcp'));
    expect(push.total).toBeGreaterThan(0);
    await t.backend.call('messages.viewportClose', { viewId: 'v-tcp' });

    await t.backend.call('connections.unsubscribe', { connectionId, filter: 'plant/+/telemetry' });
    expect((await protocolLog(t, connectionId)).some((e) => e.type === 'UNSUBACK')).toBe(true);
    await t.backend.call('connections.close', { connectionId });
    await waitForStatus(t, connectionId, 'closed');
    expect((await protocolLog(t, connectionId)).some((e) => e.dir === 'out' && e.type === 'DISCONNECT')).toBe(true);
  });

  it('explains a wrong password in the state and the protocol log, without retrying', async () => {
    const profileId = await saveProfile(t.backend, { name: 'wrong pw', port: broker.port, username: 'alice' }, { password: 'not-the-password' });
    const { connectionId } = await t.backend.call('connections.open', { profileId });
    const v = await waitForStatus(t, connectionId, 'refused');
    expect(v.state.reason).toMatch(/return code 5/);
    expect(v.state.explanation).toMatch(/not authorized/i);
    expect(v.state.explanation).toMatch(/user name and password/);
    const connack = (await protocolLog(t, connectionId)).find((e) => e.type === 'CONNACK')!;
    expect(connack.summary).toBe('CONNACK refused, return code 5');
    expect(connack.explanation).toMatch(/not authorized/i);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await protocolLog(t, connectionId)).filter((e) => e.type === 'CONNECT')).toHaveLength(1);
    expect(t.rendererTraffic.join('\n')).not.toContain('not-the-password');
  });

  it('MQTT 5: wrong password gives the reason code explained', async () => {
    const profileId = await saveProfile(t.backend, { name: 'v5 wrong', port: broker.port, username: 'alice', protocolVersion: 5 }, { password: 'nope' });
    const { connectionId } = await t.backend.call('connections.open', { profileId });
    const v = await waitForStatus(t, connectionId, 'refused');
    // mosquitto 2.0 answers a bad password with 0x87 (not authorized) on MQTT 5
    expect(v.state.reason).toMatch(/reason code 13[45]/);
    expect(v.state.explanation).toMatch(/Not authorized|Bad user name or password/);
    expect((await protocolLog(t, connectionId)).find((e) => e.type === 'CONNACK')!.summary).toMatch(/CONNACK refused, reason code 13[45] \(0x8[67]\)/);
  });

  it('connects over TLS with the CA generated by openssl, and explains a missing CA', async () => {
    const good = await saveProfile(
      t.backend,
      { name: 'tls', port: broker.tlsPort, transport: 'tls', username: 'alice', tls: { caFile: broker.caFile, rejectUnauthorized: true } },
      { password: PASSWORD },
    );
    const a = await t.backend.call('connections.open', { profileId: good });
    const connected = await waitForStatus(t, a.connectionId, 'connected');
    expect(connected.state.explanation).toBeUndefined();
    await t.backend.call('connections.subscribe', { connectionId: a.connectionId, filter: 'tls/#', qos: 0 });
    await pub(['-t', 'tls/x', '-m', 'over tls']);
    await waitFor(
      'tls message',
      async () => (await t.backend.call('messages.page', { filter: { connectionIds: [a.connectionId] }, offset: 0, limit: 10 })).total === 1,
    );
    await t.backend.call('connections.close', { connectionId: a.connectionId });

    const noCa = await saveProfile(
      t.backend,
      {
        name: 'tls no ca',
        port: broker.tlsPort,
        transport: 'tls',
        username: 'alice',
        reconnect: { enabled: false, initialDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 0 },
      },
      { password: PASSWORD },
    );
    const b = await t.backend.call('connections.open', { profileId: noCa });
    const closed = await waitForStatus(t, b.connectionId, 'closed');
    expect(closed.state.reason).toMatch(/certificate/i);
    expect(closed.state.explanation).toMatch(/CA file/);
  });

  it('skipping TLS verification works but is flagged in the state and the log', async () => {
    const id = await saveProfile(
      t.backend,
      { name: 'tls insecure', port: broker.tlsPort, transport: 'tls', username: 'alice', tls: { rejectUnauthorized: false } },
      { password: PASSWORD },
    );
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    const v = await waitForStatus(t, connectionId, 'connected');
    expect(v.state.reason).toBe('tls-verification-off');
    expect(v.state.explanation).toMatch(/verification is OFF/);
    expect((await protocolLog(t, connectionId)).some((e) => e.type === 'warning' && /verification is OFF/.test(e.summary))).toBe(true);
    await t.backend.call('connections.close', { connectionId });
  });

  it('presents a client certificate with its key from the keychain slot', async () => {
    const key = fs.readFileSync(certBroker.clientKeyFile!, 'utf8');
    const base = { port: certBroker.tlsPort, transport: 'tls', reconnect: { enabled: false, initialDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 0 } };
    const withCert = await saveProfile(
      t.backend,
      {
        ...base,
        name: 'client cert',
        tls: { caFile: certBroker.caFile, certFile: certBroker.clientCertFile, keyFileName: 'client.key', rejectUnauthorized: true },
      },
      { clientKey: key },
    );
    const a = await t.backend.call('connections.open', { profileId: withCert });
    await waitForStatus(t, a.connectionId, 'connected');
    await t.backend.call('connections.close', { connectionId: a.connectionId });
    expect(t.rendererTraffic.join('\n')).not.toContain('PRIVATE KEY');

    const without = await saveProfile(t.backend, { ...base, name: 'no client cert', tls: { caFile: certBroker.caFile, rejectUnauthorized: true } });
    const b = await t.backend.call('connections.open', { profileId: without });
    const v = await waitFor('refusal without a client certificate', async () => {
      const s = (await t.backend.call('connections.list', {})).find((c) => c.connectionId === b.connectionId)!;
      return s.state.status === 'closed' || s.state.status === 'refused' ? s : undefined;
    });
    expect(v.state.reason).toBeTruthy();

    const missingKey = await saveProfile(t.backend, {
      ...base,
      name: 'cert without key',
      tls: { caFile: certBroker.caFile, certFile: certBroker.clientCertFile, rejectUnauthorized: true },
    });
    const c = await t.backend.call('connections.open', { profileId: missingKey });
    const r = await waitForStatus(t, c.connectionId, 'refused');
    expect(r.state.reason).toMatch(/no private key/);
  });

  it('publishes with MQTT 5 properties, seen by its own subscription and by mosquitto_sub', async () => {
    const id = await saveProfile(t.backend, { name: 'v5', port: broker.port, username: 'alice', protocolVersion: 5 }, { password: PASSWORD });
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'connected');
    await t.backend.call('connections.subscribe', { connectionId, filter: 'v5/#', qos: 1 });
    const outside = run('mosquitto_sub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-u',
      'alice',
      '-P',
      PASSWORD,
      '-V',
      'mqttv5',
      '-t',
      'v5/#',
      '-C',
      '1',
      '-W',
      '60',
      '-F',
      '%t|%p|%P',
    ]);
    const publish = () =>
      t.backend.call('connections.publish', {
        connectionId,
        topic: 'v5/props',
        payload: { format: 'json', data: '{"on":true}' },
        qos: 1,
        retain: false,
        properties: { contentType: 'application/json', responseTopic: 'v5/reply', messageExpiryInterval: 60, userProperties: { site: 'hz-01', line: '7' } },
      });
    // mosquitto_sub subscribes in its own time: publish again until it has one (not a fixed head start).
    let outsideDone = false;
    void outside.then(() => (outsideDone = true));
    await publish();
    for (let i = 0; !outsideDone && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      if (!outsideDone) await publish();
    }
    const page = await waitFor('own v5 message', async () => {
      const p = await t.backend.call('messages.page', { filter: { connectionIds: [connectionId] }, offset: 0, limit: 10 });
      return p.total ? p : undefined;
    });
    const d = await t.backend.call('messages.detail', { seq: page.rows[0]!.seq });
    expect(Buffer.from(d!.payloadBase64, 'base64').toString()).toBe('{"on":true}');
    expect(d!.mqttProperties).toMatchObject({ contentType: 'application/json', responseTopic: 'v5/reply', userProperties: { site: 'hz-01', line: '7' } });
    const got = await outside;
    expect(got.stdout.trim()).toMatch(/^v5\/props\|\{"on":true\}\|/);
    expect(got.stdout).toContain('site:hz-01');

    // properties on an MQTT 3.1.1 connection: a clear error, not a silent drop
    const v4 = await saveProfile(t.backend, { name: 'v4', port: broker.port, username: 'alice' }, { password: PASSWORD });
    const c4 = await t.backend.call('connections.open', { profileId: v4 });
    await waitForStatus(t, c4.connectionId, 'connected');
    await expect(
      t.backend.call('connections.publish', {
        connectionId: c4.connectionId,
        topic: 'x',
        payload: { format: 'text', data: 'x' },
        qos: 0,
        retain: false,
        properties: { contentType: 'text/plain' },
      }),
    ).rejects.toThrow(/need MQTT 5/);
    await expect(
      t.backend.call('connections.publish', { connectionId: c4.connectionId, topic: 'x', payload: { format: 'hex', data: 'zz' }, qos: 0, retain: false }),
    ).rejects.toThrow(/not a hex digit/);
    await expect(
      t.backend.call('connections.publish', { connectionId: c4.connectionId, topic: 'a/+', payload: { format: 'text', data: 'x' }, qos: 0, retain: false }),
    ).rejects.toThrow(/wildcards/);
    await expect(t.backend.call('connections.subscribe', { connectionId: c4.connectionId, filter: 'a/#/b', qos: 0 })).rejects.toThrow(/last level/);
  });

  it('sends the last will when the connection drops without DISCONNECT', async () => {
    const id = await saveProfile(
      t.backend,
      {
        name: 'will',
        port: broker.port,
        username: 'alice',
        clientId: 'fs-will-1',
        keepaliveSec: 2,
        will: { topic: 'wills/fs-will-1', payload: 'gone', qos: 1, retain: false },
        reconnect: { enabled: false, initialDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 0 },
      },
      { password: PASSWORD },
    );
    const watcher = run('mosquitto_sub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-u',
      'alice',
      '-P',
      PASSWORD,
      '-t',
      'wills/#',
      '-C',
      '1',
      '-W',
      '15',
      '-F',
      '%t %p',
    ]);
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'connected');
    expect((await protocolLog(t, connectionId)).find((e) => e.type === 'CONNECT')!.summary).toContain('will → wills/fs-will-1');
    // Cut the socket under the client, as a network failure would.
    const mgr = t.backend.services.get('connections') as unknown as { conns: Map<string, { driver: { client: { stream: { destroy(): void } } } }> };
    mgr.conns.get(connectionId)!.driver.client.stream.destroy();
    const got = await watcher;
    expect(got.stdout.trim()).toBe('wills/fs-will-1 gone');
    await waitForStatus(t, connectionId, 'closed');
  });

  it('keeps the store bounded and counts what was dropped', async () => {
    const small = await testBackend({ storeCapacity: 100 });
    try {
      const id = await saveProfile(small.backend, { name: 'bounded', port: broker.port, username: 'alice' }, { password: PASSWORD });
      const { connectionId } = await small.backend.call('connections.open', { profileId: id });
      await waitForStatus(small, connectionId, 'connected');
      await small.backend.call('connections.subscribe', { connectionId, filter: 'bound/#', qos: 1 });
      const lines = Array.from({ length: 250 }, (_, i) => `{"n":${i}}`).join('\n') + '\n';
      expect((await pub(['-t', 'bound/x', '-q', '1', '-l'], Buffer.from(lines))).code).toBe(0);
      const p = await waitFor('250 received', async () => {
        const r = await small.backend.call('messages.page', { filter: {}, offset: 0, limit: 1000 });
        return r.stats.received === 250 ? r : undefined;
      });
      expect(p.stats).toMatchObject({ size: 100, capacity: 100, received: 250, dropped: 150 });
      expect(p.rows[0]!.preview).toBe('{"n":150}');
      expect(p.rows.at(-1)!.preview).toBe('{"n":249}');
    } finally {
      await small.dispose();
    }
  });

  it('logs keep-alive pings', async () => {
    const id = await saveProfile(t.backend, { name: 'pings', port: broker.port, username: 'alice', keepaliveSec: 1 }, { password: PASSWORD });
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'connected');
    await waitFor(
      'PINGREQ and PINGRESP in the log',
      async () => {
        const types = (await protocolLog(t, connectionId)).map((e) => `${e.dir} ${e.type}`);
        return types.includes('out PINGREQ') && types.includes('in PINGRESP');
      },
      30_000,
    );
    await t.backend.call('connections.close', { connectionId });
  });

  it('explains a connection taken over by another client with the same Client ID', async () => {
    // mosquitto 2.0.11 closes the old connection without a DISCONNECT packet (no reason code 0x8e to show).
    const id = await saveProfile(
      t.backend,
      {
        name: 'taken over',
        port: broker.port,
        username: 'alice',
        protocolVersion: 5,
        clientId: 'fs-dup-1',
        reconnect: { enabled: false, initialDelayMs: 1000, maxDelayMs: 1000, maxAttempts: 0 },
      },
      { password: PASSWORD },
    );
    const { connectionId } = await t.backend.call('connections.open', { profileId: id });
    await waitForStatus(t, connectionId, 'connected');
    const other = await run('mosquitto_sub', [
      '-h',
      '127.0.0.1',
      '-p',
      String(broker.port),
      '-u',
      'alice',
      '-P',
      PASSWORD,
      '-V',
      'mqttv5',
      '-i',
      'fs-dup-1',
      '-t',
      'x',
      '-W',
      '1',
    ]);
    expect(other.stderr).not.toMatch(/refused/i);
    const v = await waitForStatus(t, connectionId, 'closed');
    expect(v.state.reason).toMatch(/closed by the broker or the network/);
    expect(v.state.explanation).toMatch(/same Client ID \(fs-dup-1\)/);
  });
});
