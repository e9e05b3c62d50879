// Frame gaps while panning the presence timeline with many lanes, in Chromium driving the Chromium host page
// (dist/ must be built). Used by presence.bench.mjs --frames; also runnable alone:
//   node bench/presence-frames.mjs [--lanes 10000] [--per-lane 20]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { rng } from './presence-fleet.mjs';

const root = path.resolve(import.meta.dirname, '..');
const CHROMIUM = process.env.FIELDSCOPE_TEST_CHROMIUM ?? '/usr/bin/chromium';

async function startHost() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldscope-frames-'));
  // The URL carries a single-use start code for the page; the bench's own calls use the token it sets.
  const token = crypto.randomBytes(24).toString('base64url');
  const proc = spawn(process.execPath, [path.join(root, 'dist', 'host', 'chromium-host.js')], {
    env: { ...process.env, FIELDSCOPE_DATA_DIR: dataDir, FIELDSCOPE_NO_BROWSER: '1', FIELDSCOPE_NO_SANDBOX: '1', FIELDSCOPE_HOST_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('host did not start in 30 s')), 30_000);
    readline.createInterface({ input: proc.stdout }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        const j = JSON.parse(line);
        if (j.url) {
          clearTimeout(timer);
          resolve(j.url);
        }
      } catch {
        // not the announcement line
      }
    });
    proc.on('exit', (code) => reject(new Error(`host exited ${code}`)));
  });
  return {
    url,
    token,
    stop: async () => {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function rpc(host, name, input) {
  const u = new URL(host.url);
  const token = host.token;
  const res = await fetch(`${u.origin}/rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: u.origin, authorization: `Bearer ${token}` },
    body: JSON.stringify({ name, input }),
  });
  const r = await res.json();
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value;
}

function stats(gaps) {
  const s = [...gaps].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { frames: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1] };
}

export async function measureFrames({ lanes = 10_000, perLane = 20 } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`\nframe gaps: skipped — no Chromium at ${CHROMIUM}`);
    return null;
  }
  if (!fs.existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
    console.log('\nframe gaps: skipped — the renderer is not built (node scripts/build.mjs)');
    return null;
  }
  console.log(`\nframe gaps while panning: ${lanes.toLocaleString('en')} lanes × ${perLane} events, Chromium ${CHROMIUM} (software canvas)`);
  const host = await startHost();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const rand = rng(7);
    const start = Date.UTC(2025, 0, 1);
    let batch = [];
    for (let c = 0; c < lanes; c++) {
      let t = start + rand() * 60_000;
      for (let k = 0; k < perLane; k += 2) {
        const ch = `c${c}-${k}`;
        batch.push({ clientId: `GID_frames@@@dev${String(c).padStart(5, '0')}`, time: t, type: 'connect', channelId: ch });
        t += 30_000 + rand() * 600_000;
        batch.push({ clientId: `GID_frames@@@dev${String(c).padStart(5, '0')}`, time: t, type: 'tcpclean', channelId: ch });
        t += 5000 + rand() * 300_000;
      }
      if (batch.length >= 50_000) {
        await rpc(host, 'presence.addEvents', { events: batch });
        batch = [];
      }
    }
    if (batch.length) await rpc(host, 'presence.addEvents', { events: batch });

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    await page.click('[data-tab="presence"]');
    const canvas = page.locator('[data-testid="presence-canvas"]');
    await canvas.waitFor();
    await page.waitForFunction(
      (n) =>
        document.querySelector('[data-testid="presence-counts"]')?.textContent?.includes(`${n.toLocaleString?.('en') ?? n}`) ||
        document.querySelector('[data-testid="presence-counts"]')?.textContent?.startsWith(String(n)),
      lanes,
      { timeout: 60_000 },
    );
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(os.tmpdir(), 'fieldscope-presence-start.png') });
    const box = await canvas.boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;

    await page.evaluate(() => {
      window.__gaps = [];
      let last = performance.now();
      window.__frameLoop = true;
      const loop = (t) => {
        window.__gaps.push([t - last, window.__phase]);
        last = t;
        if (window.__frameLoop) requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
    });
    // Pan in time (drag) and through lanes (drag down/up and wheel), zoom out and in.
    const phase = (name) => page.evaluate((n) => (window.__phase = n), name);
    await phase('drag');
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    for (let i = 0; i < 60; i++) await page.mouse.move(cx - i * 8, cy - i * 6);
    for (let i = 60; i >= 0; i--) await page.mouse.move(cx - i * 8, cy - i * 6 + 200);
    await page.mouse.up();
    await phase('wheel-scroll');
    for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 2000);
    await phase('zoom');
    await page.keyboard.down('Control');
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 200);
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await canvas.focus();
    await phase('keys');
    for (let i = 0; i < 30; i++) await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'PageDown');
    const gaps = await page.evaluate(() => {
      window.__frameLoop = false;
      return window.__gaps.slice(1);
    });
    const byPhase = {};
    for (const [g, ph] of gaps) byPhase[ph] = Math.max(byPhase[ph] ?? 0, g);
    const s = stats(gaps.map(([g]) => g));
    console.log(
      `  ${s.frames} frames: mean ${s.mean.toFixed(1)} ms, p50 ${s.p50.toFixed(1)}, p95 ${s.p95.toFixed(1)}, p99 ${s.p99.toFixed(1)}, max ${s.max.toFixed(1)} ms ${s.max < 50 ? '(max under 50 ms: ok)' : s.p99 < 50 ? '(p99 under 50 ms; max over)' : '(OVER 50 ms)'}`,
    );
    console.log(
      `  worst gap per phase: ${Object.entries(byPhase)
        .map(([k, v]) => `${k} ${v.toFixed(1)} ms`)
        .join(', ')}`,
    );
    const shot = path.join(os.tmpdir(), 'fieldscope-presence-frames.png');
    await page.screenshot({ path: shot });
    console.log(`  screenshot: ${shot}`);
    return s;
  } finally {
    await browser.close();
    await host.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (n, d) => {
    const i = process.argv.indexOf(`--${n}`);
    return i >= 0 ? Number(process.argv[i + 1]) : d;
  };
  await measureFrames({ lanes: arg('lanes', 10_000), perLane: arg('per-lane', 20) });
}
