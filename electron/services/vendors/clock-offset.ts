/**
 * Measures the local clock against a server's HTTP `Date` header (HEAD request, short timeout), for the
 * "local clock more than 5 minutes off" check: Huawei and the IoT Platform AMQP refuse signed timestamps
 * outside ±5 minutes, and MQ for IoT token expiry depends on the clock.
 */
import http from 'node:http';
import https from 'node:https';

export interface ClockOffset {
  endpoint: string;
  /** Local clock minus server clock, ms (positive: local is ahead). Accurate to about ±1 s (Date has 1 s resolution). */
  offsetMs: number;
  /** Round trip of the request, ms. */
  rttMs: number;
  serverDate: string;
  measuredAt: number;
}

export interface ClockOffsetOptions {
  timeoutMs?: number;
  /** Injectable clock (tests, sandbox clock). */
  now?: () => number;
}

/** Turns `host`, `host:port` or a URL into an http(s) URL; bare hosts get https. */
export function clockEndpointUrl(endpoint: string): URL {
  const trimmed = endpoint.trim();
  if (!trimmed) throw new Error('no endpoint given');
  let withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  // URL cannot switch a non-special scheme to http(s) in place, so rewrite the text first.
  withScheme = withScheme.replace(/^(mqtts|wss|amqps):/i, 'https:').replace(/^(mqtt|ws|amqp):/i, 'http:');
  const url = new URL(withScheme);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`cannot read a clock from a ${url.protocol} URL`);
  return url;
}

export function measureClockOffset(endpoint: string, opts: ClockOffsetOptions = {}): Promise<ClockOffset> {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 4000;
  let url: URL;
  try {
    url = clockEndpointUrl(endpoint);
  } catch (err) {
    return Promise.reject(err);
  }
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<ClockOffset>((resolve, reject) => {
    const sent = now();
    const req = lib.request(
      url,
      {
        method: 'HEAD',
        timeout: timeoutMs,
        // Only the Date header is read: a forged one can at worst cause a wrong clock warning, and private or
        // sandbox endpoints with self-signed certificates must still be measurable.
        rejectUnauthorized: false,
        headers: { 'user-agent': 'fieldscope-clock-check' },
      },
      (res) => {
        const received = now();
        res.resume();
        const date = res.headers.date;
        const server = date ? Date.parse(date) : NaN;
        if (!date || Number.isNaN(server)) {
          reject(new Error(`${url.origin} sent no usable Date header (HTTP ${res.statusCode})`));
          return;
        }
        // Date truncates to the second: the server's true time is on average 500 ms later than it says.
        const serverMid = server + 500;
        const localMid = sent + (received - sent) / 2;
        resolve({ endpoint: url.origin, offsetMs: Math.round(localMid - serverMid), rttMs: received - sent, serverDate: date, measuredAt: received });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.origin} within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(err));
    req.end();
  });
}
