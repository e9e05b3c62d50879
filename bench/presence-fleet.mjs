// Synthetic MQ for IoT presence traffic for the presence benchmark: a fleet of clients with sessions
// (connect, optional disconnect, tcpclean; some flash reconnects; a share of flapping clients), delivered in
// an arrival order shuffled within ±jitter of each event's own time. Columnar, so generating it does not
// dominate memory.

/** Deterministic PRNG (mulberry32) so runs compare. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const TYPES = ['connect', 'disconnect', 'tcpclean'];

/**
 * @returns {{ clients: string[], client: Int32Array, time: Float64Array, type: Uint8Array, channel: string[], order: Uint32Array }}
 * `order` is the arrival order (indices into the columns).
 */
export function generateFleet({ clients = 10_000, events = 1_000_000, jitterMs = 60_000, seed = 42, start = Date.UTC(2025, 0, 1) } = {}) {
  const rand = rng(seed);
  const names = Array.from({ length: clients }, (_, i) => `GID_bench@@@dev${String(i).padStart(5, '0')}`);
  const client = new Int32Array(events);
  const time = new Float64Array(events);
  const type = new Uint8Array(events);
  const channel = new Array(events);
  const perClient = Math.floor(events / clients);
  let k = 0;
  let chan = 0;
  for (let c = 0; c < clients; c++) {
    const quota = c === clients - 1 ? events - k : perClient;
    const end = k + quota;
    const flapping = rand() < 0.1;
    let t = start + rand() * 600_000;
    let open = null;
    while (k < end) {
      const ch = `ch${(chan++).toString(36)}`;
      const left = end - k;
      // flash reconnect: the new channel connects before the old one is cleaned
      if (open && left >= 2 && rand() < 0.1) {
        client[k] = c;
        time[k] = t;
        type[k] = 0;
        channel[k] = ch;
        k++;
        client[k] = c;
        time[k] = t + 200 + rand() * 2000;
        type[k] = 2;
        channel[k] = open;
        k++;
        open = ch;
        t += flapping ? 2000 + rand() * 20_000 : 600_000 + rand() * 1_200_000;
        continue;
      }
      if (open) {
        if (left >= 2 && rand() < 0.5) {
          client[k] = c;
          time[k] = t;
          type[k] = 1;
          channel[k] = open;
          k++;
          client[k] = c;
          time[k] = t + rand() * 50;
          type[k] = 2;
          channel[k] = open;
          k++;
        } else {
          client[k] = c;
          time[k] = t;
          type[k] = 2;
          channel[k] = open;
          k++;
        }
        open = null;
        t += flapping ? 1000 + rand() * 5000 : 60_000 + rand() * 600_000;
        continue;
      }
      client[k] = c;
      time[k] = t;
      type[k] = 0;
      channel[k] = ch;
      k++;
      open = ch;
      t += flapping ? 2000 + rand() * 20_000 : 600_000 + rand() * 1_200_000;
    }
  }
  // Arrival = own time ± jitter; sort by arrival.
  const arrival = new Float64Array(events);
  for (let i = 0; i < events; i++) arrival[i] = time[i] + (rand() * 2 - 1) * jitterMs;
  const order = new Uint32Array(events);
  for (let i = 0; i < events; i++) order[i] = i;
  order.sort((a, b) => arrival[a] - arrival[b]);
  return { clients: names, client, time, type, channel, order };
}
