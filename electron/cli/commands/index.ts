import type { CliCommandEntry } from '../command';

// Each command is its own module, loaded when it runs; add it to this list.
export const commands: CliCommandEntry[] = [
  {
    name: 'sign',
    summary: 'build vendor credentials / request signatures from one JSON object on stdin',
    load: async () => (await import('./sign')).signCommand,
  },
  {
    name: 'presence',
    summary: 'derive who was online when from presence events (NDJSON on stdin)',
    load: async () => (await import('./presence')).presenceCommand,
  },
  { name: 'record', summary: 'record a connection (profile or broker URL) to a capture file', load: async () => (await import('./record')).recordCommand },
  {
    name: 'replay',
    summary: 'replay a capture into a broker (profile or URL) with its recorded timing',
    load: async () => (await import('./replay')).replayCommand,
  },
  {
    name: 'sub',
    summary: 'subscribe to an MQTT broker or a RocketMQ 4.x topic (TCP or MQ HTTP) and print messages as NDJSON',
    load: async () => (await import('./sub')).subCommand,
  },
  {
    name: 'sandbox',
    summary: 'run the local cloud sandbox (MQ for IoT, token service, IoT Platform AMQP, Huawei IoTDA, device faces, fleet)',
    load: async () => (await import('./sandbox')).sandboxCommand,
  },
  {
    name: 'decode',
    summary: 'Decode one payload (Protobuf, MessagePack, CBOR, Sparkplug B) from stdin to exact JSON',
    load: async () => (await import('./decode')).decodeCommand,
  },
];
