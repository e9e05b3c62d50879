import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockEndpointUrl, measureClockOffset } from './clock-offset';

describe('measureClockOffset against a real HTTP server', () => {
  let server: http.Server;
  let serverShiftMs = 0;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/nodate') {
        res.sendDate = false;
        res.end();
        return;
      }
      res.setHeader('Date', new Date(Date.now() + serverShiftMs).toUTCString());
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('measures about zero when the clocks agree', async () => {
    serverShiftMs = 0;
    const m = await measureClockOffset(base);
    expect(Math.abs(m.offsetMs)).toBeLessThan(1500);
    expect(m.endpoint).toBe(base);
  });

  it('sees a server 10 minutes ahead as the local clock 10 minutes behind', async () => {
    serverShiftMs = 10 * 60_000;
    const m = await measureClockOffset(base);
    expect(m.offsetMs).toBeLessThan(-10 * 60_000 + 1500);
    expect(m.offsetMs).toBeGreaterThan(-10 * 60_000 - 1500);
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
