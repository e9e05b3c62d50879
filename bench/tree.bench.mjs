// npm run bench:tree — the topic tree in main: 100,000 distinct topics and 1,000,000 messages fed one at a time,
// the cost per message compared with a peer that splits every topic and walks a Map tree (how a tree is usually
// kept), then the time to answer the first page of a node with 10,000 children.
// Options: --topics N --messages N --children N
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { importTs } from './bundle-ts.mjs';
import { pageRpc } from './page-rpc.mjs';

const root = path.resolve(import.meta.dirname, '..');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const TOPICS = arg('topics', 100_000);
const MESSAGES = arg('messages', 1_000_000);
const CHILDREN = arg('children', 10_000);
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');

const { TopicTree } = await importTs(root, 'tree', "export { TopicTree } from './shared/topics/topic-tree';");

// 100,000 topics five levels deep, e.g. site-3/line-12/dev-4821/sensor-2/temp.
const topics = [];
for (let i = 0; i < TOPICS; i++) topics.push(`site-${i % 7}/line-${i % 97}/dev-${i}/sensor-${i % 5}/temp`);
// A fixed pseudo-random order so both sides see the same stream.
let x = 12345;
const order = new Uint32Array(MESSAGES);
for (let i = 0; i < MESSAGES; i++) {
  x = (x * 1103515245 + 12345) >>> 0;
  order[i] = i < TOPICS ? i : x % TOPICS;
}

/** The peer: split each topic and walk/create Map children, counting at every level. */
class SplitWalkTree {
  root = { children: new Map(), count: 0, last: 0 };
  add(topic, at) {
    let n = this.root;
    n.count++;
    for (const level of topic.split('/')) {
      let c = n.children.get(level);
      if (!c) n.children.set(level, (c = { children: new Map(), count: 0, last: 0 }));
      c.count++;
      c.last = at;
      n = c;
    }
  }
}

function run(label, make, add) {
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const tree = make();
  const t0 = performance.now();
  for (let i = 0; i < MESSAGES; i++) add(tree, topics[order[i]], i, i);
  const ns = ((performance.now() - t0) * 1e6) / MESSAGES;
  gc();
  const heap = (process.memoryUsage().heapUsed - heap0) / 1048576;
  return { label, ns, heap, tree };
}

console.log(`tree bench: ${TOPICS.toLocaleString('en')} topics, ${MESSAGES.toLocaleString('en')} messages`);
const peer = run(
  'peer (split + walk)',
  () => new SplitWalkTree(),
  (t, topic, seq, at) => t.add(topic, at),
);
const ours = run(
  'Fieldscope TopicTree',
  () => new TopicTree(),
  (t, topic, seq, at) => t.add(topic, seq, at, false, false),
);
console.log(`  ${peer.label}: ${peer.ns.toFixed(0)} ns/msg, heap ${peer.heap.toFixed(0)} MB`);
console.log(`  ${ours.label}: ${ours.ns.toFixed(0)} ns/msg, heap ${ours.heap.toFixed(0)} MB`);
console.log(`tree update cost per message: ${ours.ns.toFixed(0)} ns (peer ${peer.ns.toFixed(0)} ns, ratio ${(peer.ns / ours.ns).toFixed(2)}x)`);

// A node with 10,000 children: the first page after a change (the sort happens then), and a page after that.
const wide = new TopicTree();
for (let i = 0; i < CHILDREN; i++) wide.add(`fleet/dev-${String((i * 7919) % CHILDREN).padStart(5, '0')}`, i, i, false, false);
let t0 = performance.now();
const page = wide.children('fleet', 0, 200, CHILDREN);
const first = performance.now() - t0;
t0 = performance.now();
wide.children('fleet', 9800, 200, CHILDREN);
const next = performance.now() - t0;
console.log(
  `first page of a ${CHILDREN.toLocaleString('en')}-child node in main: ${first.toFixed(1)} ms (sorted once), later pages ${next.toFixed(2)} ms, ${page.nodes.length} of ${page.total} nodes`,
);

// The renderer side: a node with 10,000 children opened in the Topics tab of the Chromium host, from the key
// press to the first page of children painted.
await renderFirstPaint().catch((err) => console.log(`first paint of a ${CHILDREN.toLocaleString('en')}-child node in the renderer: skipped (${err.message})`));

async function renderFirstPaint() {
  const { execFileSync, spawn } = await import('node:child_process');
  const crypto = await import('node:crypto');
  const fs = await import('node:fs');
  const net = await import('node:net');
  const os = await import('node:os');
  const readline = await import('node:readline');
  const { chromium } = await import('@playwright/test');
  const mqtt = (await import('mqtt')).default;
  const chromiumPath = process.env.FIELDSCOPE_TEST_CHROMIUM ?? '/usr/bin/chromium';
  fs.accessSync(chromiumPath);
  fs.accessSync(path.join(root, 'dist', 'host', 'chromium-host.js'));
  execFileSync('sh', ['-c', 'command -v mosquitto'], { stdio: 'ignore' });
  const port = await new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-tree-bench-'));
  fs.writeFileSync(path.join(tmp, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 0\n`);
  const children = [spawn('mosquitto', ['-c', path.join(tmp, 'mosquitto.conf')], { stdio: 'ignore' })];
  let browser;
  try {
    const token = crypto.randomBytes(24).toString('base64url');
    const host = spawn(process.execPath, [path.join(root, 'dist', 'host', 'chromium-host.js')], {
      env: {
        ...process.env,
        FIELDSCOPE_DATA_DIR: path.join(tmp, 'data'),
        FIELDSCOPE_NO_BROWSER: '1',
        FIELDSCOPE_NO_SANDBOX: '1',
        FIELDSCOPE_HOST_TOKEN: token,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(host);
    const url = await new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the Chromium host did not start')), 30_000);
      readline.createInterface({ input: host.stdout }).on('line', (l) => {
        if (l.startsWith('{')) {
          clearTimeout(t);
          resolve(JSON.parse(l).url);
        }
      });
    });
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('.app');
    const rpc = pageRpc(page, token);
    await rpc('profiles.save', {
      profile: { id: 'tree', name: 'tree', kind: 'mqtt', host: '127.0.0.1', port, subscriptions: [{ filter: 'fleet/#', qos: 1 }] },
    });
    await rpc('connections.open', { profileId: 'tree' });
    await page.waitForSelector('[data-status="connected"]');
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`);
    const child = (i) => `fleet/dev-${String(i).padStart(5, '0')}`;
    for (let i = 0; i < CHILDREN - 1; i++) client.publish(child(i), `{"v":${i}}`, { qos: 1 });
    await client.publishAsync(child(CHILDREN - 1), '{"v":"last"}', { qos: 1 });
    await client.endAsync();
    await page.click('[data-tab="topics"]');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="tree-summary"]')?.textContent?.includes(`${n.toLocaleString('en')} topics`),
      CHILDREN,
      { timeout: 120_000 },
    );
    await page.click('[data-path="fleet"]');
    const ms = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const tree = document.querySelector('[role="tree"]');
          const t0 = performance.now();
          tree.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
          const check = () =>
            document.querySelector('[data-path="fleet/dev-00000"]')
              ? requestAnimationFrame(() => resolve(performance.now() - t0))
              : requestAnimationFrame(check);
          check();
        }),
    );
    console.log(`first paint of a ${CHILDREN.toLocaleString('en')}-child node in the renderer: ${ms.toFixed(0)} ms`);
  } finally {
    await browser?.close().catch(() => {});
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
