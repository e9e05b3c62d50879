import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockEndpointUrl, measureClockOffset } from './clock-offset';

describe('measureClockOffset against a real HTTP server', () => {
  let server: http.Server;
  let serverShiftMs = 0;
  let base = '';
  // The server says a fixed time (on a whole second) and the client's clock is injected: the measurement is
  // checked as arithmetic, whatever the machine's load does to the round trip.
  const SERVER_NOW = Date.UTC(2026, 0, 1, 8, 0, 0);
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/nodate') {
        res.sendDate = false;
        res.end();
        return;
      }
      res.setHeader('Date', new Date(SERVER_NOW + serverShiftMs).toUTCString());
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** A client clock that reads `sent` when the request leaves and `sent + rtt` when the answer arrives. */
  const clientClock = (sent: number, rtt: number) => {
    const reads = [sent, sent + rtt];
    return () => reads.shift() ?? sent + rtt;
  };

  it('measures zero when the clocks agree (the Date second counted at its middle, the round trip halved)', async () => {
    serverShiftMs = 0;
    const m = await measureClockOffset(base, { now: clientClock(SERVER_NOW, 1000) });
    expect(m).toMatchObject({ offsetMs: 0, rttMs: 1000, endpoint: base });
  });

  it('sees a server 10 minutes ahead as the local clock 10 minutes behind', async () => {
    serverShiftMs = 10 * 60_000;
    const m = await measureClockOffset(base, { now: clientClock(SERVER_NOW + 200, 600) });
    expect(m.offsetMs).toBe(-10 * 60_000);
  });

  it('fails clearly without a Date header or a listener', async () => {
    await expect(measureClockOffset(`${base}/nodate`)).rejects.toThrow(/Date header/);
    const dead = http.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    await expect(measureClockOffset(`http://127.0.0.1:${port}`, { timeoutMs: 2000 })).rejects.toThrow();
  });

  it('maps endpoints to URLs', () => {
    expect(clockEndpointUrl('x.mqtt.aliyuncs.com').href).toBe('https://x.mqtt.aliyuncs.com/');
    expect(clockEndpointUrl('mqtt://h:1883').protocol).toBe('http:');
    expect(() => clockEndpointUrl('ftp://h')).toThrow(/ftp/);
  });
});
