import { describe, expect, it } from 'vitest';
import { KeyringSecretStore, daemonLeftMidCall, probeAccount } from './keyring-secret-store';

/**
 * How the store drives the keychain library: order and repetition of calls, with a stand-in for
 * @napi-rs/keyring (the real Secret Service is exercised in test/keychain/). The stand-in keeps every
 * call open for a few event-loop turns so that overlapping calls would be seen.
 */
class FakeKeyring {
  items = new Map<string, string>();
  open = 0;
  maxOpen = 0;
  log: string[] = [];
  /** Errors the next calls throw, after the daemon "received" them. */
  failures: Error[] = [];

  module() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const kr = this;
    const run = async <T>(what: string, account: string, op: () => T): Promise<T> => {
      kr.open++;
      kr.maxOpen = Math.max(kr.maxOpen, kr.open);
      kr.log.push(`${what} ${account}`);
      try {
        for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
        const failure = kr.failures.shift();
        if (failure) throw failure;
        return op();
      } finally {
        kr.open--;
      }
    };
    class AsyncEntry {
      constructor(
        private service: string,
        private account: string,
      ) {}
      private get key() {
        return `${this.service}/${this.account}`;
      }
      setPassword(v: string) {
        return run('set', this.account, () => void kr.items.set(this.key, v));
      }
      getPassword() {
        return run('get', this.account, () => kr.items.get(this.key));
      }
      deletePassword() {
        return run('delete', this.account, () => kr.items.delete(this.key));
      }
    }
    return Promise.resolve({ AsyncEntry } as unknown as typeof import('@napi-rs/keyring'));
  }
}

const disconnected = () => new Error('Platform failure: DBus error: Message recipient disconnected from message bus without replying');

describe('KeyringSecretStore: one keychain call at a time, a dead daemon asked once more', () => {
  it('never has two calls open at once, across stores in the process, and each call still runs', async () => {
    const kr = new FakeKeyring();
    const a = new KeyringSecretStore('A', () => kr.module());
    const b = new KeyringSecretStore('B', () => kr.module());
    await Promise.all([a.set('x', '1'), b.set('x', '2'), a.set('y', '3'), b.delete('x'), a.get('x').then((v) => expect(v).toBe('1'))]);
    expect(kr.maxOpen).toBe(1);
    expect(kr.log).toEqual(['set x', 'set x', 'set y', 'delete x', 'get x']);
    expect([...kr.items]).toEqual([
      ['A/x', '1'],
      ['A/y', '3'],
    ]);
  });

  it('a failed call does not hold up the ones queued behind it', async () => {
    const kr = new FakeKeyring();
    const store = new KeyringSecretStore('A', () => kr.module());
    kr.failures.push(new Error('Couldn\u2019t access platform storage: Secret Service: unlock prompt was dismissed'));
    const results = await Promise.allSettled([store.set('x', '1'), store.set('y', '2')]);
    expect(results[0].status).toBe('rejected');
    expect((results[0] as PromiseRejectedResult).reason.message).toMatch(/^OS keychain error: .*prompt was dismissed/);
    expect(results[1].status).toBe('fulfilled');
    expect(kr.items.get('A/y')).toBe('2');
  });

  it('repeats a call once when the daemon left without replying; other errors and a second loss are reported', async () => {
    const kr = new FakeKeyring();
    const store = new KeyringSecretStore('A', () => kr.module());
    kr.failures.push(disconnected());
    await store.set('x', '1');
    expect(kr.log).toEqual(['set x', 'set x']);
    expect(kr.items.get('A/x')).toBe('1');

    kr.log = [];
    kr.failures.push(disconnected(), disconnected());
    await expect(store.get('x')).rejects.toThrow(/disconnected from message bus/);
    expect(kr.log).toEqual(['get x', 'get x']);

    kr.log = [];
    kr.failures.push(new Error('Platform failure: DBus error: No such interface'));
    await expect(store.delete('x')).rejects.toThrow(/No such interface/);
    expect(kr.log).toEqual(['delete x']);
  });

  it('probes with an item named after this process, once for callers asking together, and leaves none behind', async () => {
    const kr = new FakeKeyring();
    const store = new KeyringSecretStore('A', () => kr.module());
    const answers = await Promise.all([store.available(), store.available(), store.available()]);
    expect(answers.every((a) => a.available)).toBe(true);
    expect(kr.log).toEqual([`set ${probeAccount()}`, `delete ${probeAccount()}`]);
    expect(probeAccount()).toBe(`__probe__:${process.pid}`);
    expect(kr.items.size).toBe(0);
    // Within a few seconds the answer is remembered.
    await store.available();
    expect(kr.log).toHaveLength(2);
  });

  it('an unreachable keychain is reported with what to do, not thrown', async () => {
    const kr = new FakeKeyring();
    const store = new KeyringSecretStore('A', () => kr.module());
    kr.failures.push(new Error('Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files'));
    const a = await store.available();
    expect(a.available).toBe(false);
    expect(a.detail).toMatch(/not reachable \(.*not provided by any \.service files\).*Fieldscope never stores them in a file/);
  });

  it('recognises the daemon-left error by its D-Bus text only', () => {
    expect(daemonLeftMidCall(disconnected())).toBe(true);
    expect(daemonLeftMidCall(new Error('Secret Service: unlock prompt was dismissed'))).toBe(false);
    expect(daemonLeftMidCall('x')).toBe(false);
  });
});
