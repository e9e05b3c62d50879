import type { PublishRequest } from '../connections/driver';
import type { ReplayMessage, ReplayTarget } from './replayer';

/** What the captures feature needs from the connection manager (service `connections`). */
export interface PublishingConnections {
  get(connectionId: string): { name: string; protocol: 'mqtt' | 'amqp' | 'rocketmq'; state: { status: string } } | undefined;
  publish(connectionId: string, req: PublishRequest): Promise<void>;
}

const V5_KEYS = ['contentType', 'responseTopic', 'messageExpiryInterval'] as const;

function publishProperties(p: Record<string, unknown> | undefined): PublishRequest['properties'] {
  if (!p) return undefined;
  const out: NonNullable<PublishRequest['properties']> = {};
  for (const k of V5_KEYS) if (p[k] !== undefined) (out as Record<string, unknown>)[k] = p[k];
  const up = p.userProperties;
  if (up && typeof up === 'object') {
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(up as Record<string, unknown>)) flat[k] = Array.isArray(v) ? String(v[v.length - 1]) : String(v);
    out.userProperties = flat;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Replays through any open MQTT connection of the app (profiles, sandbox connections). */
export function connectionTarget(conns: PublishingConnections, connectionId: string): ReplayTarget {
  const view = conns.get(connectionId);
  if (!view) throw new Error(`There is no connection ${connectionId}; open it first.`);
  if (view.protocol !== 'mqtt')
    throw new Error(`${view.name} is an AMQP connection: AMQP server-side subscriptions only receive. Replay into an MQTT connection or into the sandbox.`);
  return {
    label: view.name,
    publish: (m: ReplayMessage) =>
      conns.publish(connectionId, { topic: m.topic, payload: m.payload, qos: m.qos, retain: m.retain, properties: publishProperties(m.mqttProperties) }),
  };
}

/** The parts of the sandbox service a replay uses (its MQ face's aedes broker and its AMQP face's push). */
export interface SandboxLike {
  running?: boolean;
  mq?: { broker?: { publish(packet: unknown, cb: (err?: Error | null) => void): void } };
  amqp?: { push(item: { topic: string; body: Buffer; messageId: string; generateTime: number }): void };
}

/**
 * Replays into the local sandbox as if the cloud sent it: AMQP-recorded messages are pushed by its AMQP face
 * to every consumer group (messageId/generateTime kept), MQTT-recorded messages are published by its MQ face's
 * broker to the subscribed clients (no device credentials needed, like a cloud-side forward).
 */
export function sandboxTarget(sandbox: SandboxLike | undefined): ReplayTarget {
  if (!sandbox || sandbox.running === false || (!sandbox.mq?.broker && !sandbox.amqp)) {
    throw new Error('The sandbox is not running. Start it (Sandbox panel) and replay again.');
  }
  let n = 0;
  return {
    label: 'sandbox',
    publish(m: ReplayMessage) {
      if (m.protocol === 'amqp' && sandbox.amqp) {
        const app = (m.amqp?.applicationProperties ?? {}) as Record<string, unknown>;
        sandbox.amqp.push({
          topic: m.topic,
          body: m.payload,
          messageId: typeof app.messageId === 'string' ? app.messageId : `replay-${Date.now()}-${n++}`,
          generateTime: typeof app.generateTime === 'number' ? app.generateTime : Date.now(),
        });
        return Promise.resolve();
      }
      const broker = sandbox.mq?.broker;
      if (!broker) return Promise.reject(new Error('the sandbox has no MQTT face running'));
      return new Promise<void>((resolve, reject) =>
        broker.publish({ cmd: 'publish', topic: m.topic, payload: m.payload, qos: m.qos, retain: m.retain, dup: false }, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    },
  };
}
