import { createRequire } from 'node:module';
import type * as Ons from 'ali-ons';

/** ali-ons (CommonJS) for tests: quiet logger, loopback only, one client instance per call. */
const require = createRequire(import.meta.url);
export const ons = require('ali-ons') as typeof Ons;

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
/** ali-ons asserts an HTTP client even when nameSrv is given; it would only be used to ask an address server. */
const noHttp = { request: () => Promise.reject(new Error('no address server in tests: nameSrv is set')) };
let seq = 0;

export function onsConsumer(nameSrv: string, accessKey: string, secretKey: string, o: Partial<Ons.ConsumerOptions> & { consumerGroup: string }): Ons.Consumer {
  return new ons.Consumer({
    nameSrv,
    httpclient: noHttp,
    accessKeyId: accessKey,
    accessKeySecret: secretKey,
    logger: quiet,
    // ali-ons shares one client per clientIP@instanceName in a process: a unique name keeps each test's credentials its own.
    instanceName: `fs-test-${process.pid}-${++seq}`,
    clientIP: '127.0.0.1',
    consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    ...o,
  });
}

export function onsProducer(nameSrv: string, accessKey: string, secretKey: string, o: Partial<Ons.ProducerOptions> = {}): Ons.Producer {
  return new ons.Producer({
    nameSrv,
    httpclient: noHttp,
    accessKeyId: accessKey,
    accessKeySecret: secretKey,
    logger: quiet,
    instanceName: `fs-test-${process.pid}-${++seq}`,
    clientIP: '127.0.0.1',
    producerGroup: `PID_fieldscope_test_${seq}`,
    ...o,
  });
}
