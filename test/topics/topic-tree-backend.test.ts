/** The topic tree through the backend API, fed by a real mosquitto and publishers we did not write. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoAvailable, startMosquitto, type MosquittoBroker } from '../support/mosquitto';
import { run, saveProfile, testBackend, waitFor, waitForStatus, type TestBackend } from '../mqtt/mqtt-harness';

const skip = !mosquittoAvailable();
if (skip) console.log('skipping topic tree backend test: mosquitto is not installed');

describe.skipIf(skip)('topics.* over mosquitto', () => {
  let broker: MosquittoBroker;
  let t: TestBackend;
  beforeAll(async () => {
    broker = await startMosquitto();
    t = await testBackend();
  });
  afterAll(async () => {
    await t?.dispose();
    await broker?.stop();
  });

  it('builds the tree with counts, previews and retained markers; delete-retained clears the broker', async () => {
    const pub = (topic: string, msg: string, retain = false) =>
      run('mosquitto_pub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', topic, '-m', msg, '-q', '1', ...(retain ? ['-r'] : [])]);
    await pub('site/pump-1/state', 'on', true);
    const profileId = await saveProfile(t.backend, { port: broker.port, subscriptions: [{ filter: 'site/#', qos: 1 }] });
    const { connectionId } = await t.backend.call('connections.open', { profileId });
    await waitForStatus(t, connectionId, 'connected');
    for (let i = 0; i < 3; i++) await pub('site/pump-1/temp', `{"t":${20 + i}}`);
    await pub('site/pump-2/temp', '{"t":30}');
    await waitFor('5 messages in the tree', async () => (await t.backend.call('topics.children', { connectionId, path: null })).nodes[0]?.count === 5);

    const top = await t.backend.call('topics.children', { connectionId, path: null });
    expect(top.nodes.map((n) => n.path)).toEqual(['site']);
    expect(top.topicCount).toBe(3);
    const pumps = await t.backend.call('topics.children', { connectionId, path: 'site' });
    expect(pumps.nodes.map((n) => [n.name, n.count])).toEqual([
      ['pump-1', 4],
      ['pump-2', 1],
    ]);
    const pump1 = await t.backend.call('topics.children', { connectionId, path: 'site/pump-1' });
    const state = pump1.nodes.find((n) => n.name === 'state')!;
    expect(state).toMatchObject({ retained: true, preview: 'on', count: 1 });
    expect(pump1.nodes.find((n) => n.name === 'temp')!.preview).toBe('{"t":22}');
    expect(await t.backend.call('topics.search', { connectionId, text: 'PUMP-2' })).toEqual({ paths: ['site/pump-2/temp'], truncated: false });

    await t.backend.call('topics.deleteRetained', { connectionId, topic: 'site/pump-1/state' });
    await waitFor('the empty retained message to come back', async () => {
      const n = (await t.backend.call('topics.children', { connectionId, path: 'site/pump-1' })).nodes.find((x) => x.name === 'state');
      return n && n.count === 2 && !n.retained;
    });
    // A fresh subscriber gets no retained message any more (-W: give up after 2 s of silence).
    const r = await run('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', 'site/pump-1/state', '-C', '1', '-W', '2']);
    expect(r.stdout).toBe('');
  });

  it('an unknown path is a clear error; a connection with no messages has an empty tree', async () => {
    await expect(t.backend.call('topics.children', { connectionId: 'nope', path: 'x' })).rejects.toThrow(/No topic "x"/);
    expect((await t.backend.call('topics.children', { connectionId: 'nope', path: null })).nodes).toEqual([]);
  });
});
