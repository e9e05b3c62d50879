import { Aedes } from 'aedes';
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { generateCertificates } from './mosquitto';

export interface AedesWsBroker {
  /** ws://127.0.0.1:wsPort<path> */
  wsPort: number;
  /** wss://127.0.0.1:wssPort<path> (certificate signed by caFile, SAN localhost + 127.0.0.1) */
  wssPort: number;
  caFile: string;
  path: string;
  stop(): Promise<void>;
}

/**
 * A second real broker (aedes) served over WebSocket and secure WebSocket, because mosquitto's websockets
 * listener does not start on this machine kind. Optional username/password check.
 */
export async function startAedesWs(
  opts: {
    path?: string;
    auth?: { user: string; pass: string };
    denySubscribe?: (filter: string) => boolean;
    dropOnSubscribe?: (filter: string) => boolean;
  } = {},
): Promise<AedesWsBroker> {
  const wsPath = opts.path ?? '/mqtt';
  const broker = await Aedes.createBroker();
  if (opts.auth) {
    const { user, pass } = opts.auth;
    broker.authenticate = (_client, username, password, done) => {
      if (username === user && password?.toString() === pass) return done(null, true);
      const err = Object.assign(new Error('bad user name or password'), { returnCode: 4 });
      done(err as never, null);
    };
  }
  if (opts.denySubscribe || opts.dropOnSubscribe) {
    const deny = opts.denySubscribe ?? (() => false);
    const drop = opts.dropOnSubscribe ?? (() => false);
    // A null subscription makes aedes answer SUBACK 0x80; an error makes it close the connection instead
    // (what MQ for IoT does when the topic is not permitted).
    broker.authorizeSubscribe = (_client, sub, done) =>
      drop(sub.topic) ? done(new Error('not permitted'), null) : deny(sub.topic) ? done(null, null) : done(null, sub);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-aedes-'));
  const certs = generateCertificates(dir);

  const servers: Array<http.Server | https.Server> = [
    http.createServer(),
    https.createServer({ cert: fs.readFileSync(certs.certFile), key: fs.readFileSync(certs.keyFile) }),
  ];
  const ports: number[] = [];
  for (const server of servers) {
    const wss = new WebSocketServer({ server, path: wsPath });
    wss.on('connection', (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on('error', () => stream.destroy());
      broker.handle(stream as never);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push((server.address() as { port: number }).port);
  }
  return {
    wsPort: ports[0]!,
    wssPort: ports[1]!,
    caFile: certs.caFile,
    path: wsPath,
    async stop() {
      for (const s of servers) {
        s.closeAllConnections?.();
        await new Promise<void>((r) => s.close(() => r()));
      }
      await new Promise<void>((r) => broker.close(() => r()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
