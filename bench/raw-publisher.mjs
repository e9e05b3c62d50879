// A load generator that costs the machine little: MQTT 3.1.1 PUBLISH packets encoded by hand into one buffer
// per batch and written to a plain socket. On a 2-core machine an mqtt.js publisher takes ~40% of a core for
// ~65k msg/s, CPU that the devices of a real fleet never take from the laptop under test; this one takes a
// fraction of that, so what a benchmark measures is the product and the broker, not its own load.
import net from 'node:net';

const varint = (n) => {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
};

const packet = (type, body) => Buffer.concat([Buffer.from([type, ...varint(body.length)]), body]);
const str = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
};

/** Connects (clean session, no keep-alive) and resolves once the broker accepted; rejects on a refusal. */
export async function connectRaw(port, clientId) {
  const socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise((resolve, reject) => (socket.once('connect', resolve), socket.once('error', reject)));
  const head = Buffer.concat([str('MQTT'), Buffer.from([4, 0x02, 0, 0]), str(clientId)]);
  socket.write(packet(0x10, head));
  const inbox = [];
  let waiter = null;
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    // Only CONNACK and PUBACK come back to a QoS 0/1 publisher: both are 4 bytes.
    while (pending.length >= 4) {
      inbox.push(pending.subarray(0, 4));
      pending = pending.subarray(4);
    }
    if (waiter && inbox.length) waiter();
  });
  const next = () =>
    new Promise((resolve, reject) => {
      if (inbox.length) return resolve(inbox.shift());
      const onClose = () => reject(new Error('the broker closed the publisher'));
      socket.once('close', onClose);
      waiter = () => ((waiter = null), socket.off('close', onClose), resolve(inbox.shift()));
    });
  const connack = await next();
  if (connack[0] !== 0x20 || connack[3] !== 0) throw new Error(`CONNACK refused: code ${connack[3]}`);

  return {
    /** Publishes `count` QoS 0 messages, `make(i)` giving each its topic and payload, in batches of one write. */
    async publishMany(count, make, batch = 512) {
      for (let i = 0; i < count;) {
        const parts = [];
        for (const end = Math.min(count, i + batch); i < end; i++) {
          const [topic, payload] = make(i);
          const t = str(topic);
          const p = Buffer.from(payload, 'utf8');
          parts.push(Buffer.from([0x30, ...varint(t.length + p.length)]), t, p);
        }
        if (!socket.write(Buffer.concat(parts))) await new Promise((r) => socket.once('drain', r));
      }
    },
    /** Publishes one QoS 1 message and resolves at its PUBACK. */
    async publishAcked(topic, payload) {
      const body = Buffer.concat([str(topic), Buffer.from([0, 1]), Buffer.from(payload, 'utf8')]);
      socket.write(packet(0x32, body));
      for (;;) {
        const ack = await next();
        if (ack[0] === 0x40 && ack[2] === 0 && ack[3] === 1) return;
      }
    },
    end() {
      socket.end(Buffer.from([0xe0, 0]));
    },
  };
}
