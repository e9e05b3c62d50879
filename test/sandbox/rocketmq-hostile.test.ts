import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxEndpoints } from '../../shared/contract/sandbox.contract';
import type { SandboxService } from '../../electron/services/sandbox/sandbox-service';
import { FrameSplitter, decodeFrame, encodeCommand, type RemotingCommand } from '../../shared/rocketmq/remoting-codec';
import { signFields } from '../../shared/rocketmq/acl-signature';
import { RequestCode, ResponseCode } from '../../shared/rocketmq/remoting-codes';
import { ROCKETMQ_ONLY, startSandbox } from './sandbox-helpers';

// Whatever a peer sends, the face closes only that connection and keeps serving the others.
describe('sandbox RocketMQ face against malformed peers', () => {
  let sandbox: SandboxService;
  let ep: SandboxEndpoints;
  beforeAll(async () => {
    ({ sandbox, ep } = await startSandbox({
      ...ROCKETMQ_ONLY,
    }));
  });
  afterAll(async () => {
    await sandbox.stop();
  });

  function connect(addr: string): Promise<net.Socket> {
    const [h, p] = addr.split(':');
    return new Promise((resolve, reject) => {
      const s = net.connect(Number(p), h!, () => resolve(s));
      s.once('error', reject);
    });
  }
  const closed = (s: net.Socket) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r())));
  async function request(addr: string, cmd: RemotingCommand): Promise<RemotingCommand> {
    const s = await connect(addr);
    const split = new FrameSplitter();
    const reply = new Promise<RemotingCommand>((resolve) =>
      s.on('data', (d: Buffer) => {
        const f = split.push(new Uint8Array(d));
        if (f.length) resolve(decodeFrame(f[0]!));
      }),
    );
    s.write(encodeCommand(cmd));
    const r = await reply;
    s.destroy();
    return r;
  }

  it('closes a connection that declares a 2 GB frame, a binary header or broken JSON, and answers the next client', async () => {
    for (const bad of [
      Buffer.from([0x7f, 0xff, 0xff, 0xff]),
      Buffer.from([0, 0, 0, 6, 1, 0, 0, 0, 0, 0]),
      Buffer.from([0, 0, 0, 9, 0, 0, 0, 5, 0x7b, 0x22, 0x63, 0x22, 0x3a]),
    ]) {
      const s = await connect(ep.rocketmq!.nameServer);
      s.on('error', () => undefined);
      s.write(bad);
      await closed(s);
    }
    expect(sandbox.record.query({ face: 'rocketmq', kind: 'protocol-error' }).length).toBe(3);
    const r = await request(ep.rocketmq!.nameServer, {
      code: RequestCode.GET_ROUTEINFO_BY_TOPIC,
      opaque: 7,
      flag: 0,
      extFields: { topic: ep.rocketmq!.topics.simPush },
    });
    expect(r.code).toBe(ResponseCode.SUCCESS);
    expect(r.opaque).toBe(7);
    const route = JSON.parse(new TextDecoder().decode(r.body)) as {
      brokerDatas: { brokerAddrs: Record<string, string> }[];
      queueDatas: { readQueueNums: number }[];
    };
    expect(route.queueDatas[0]!.readQueueNums).toBe(4);
    // a signed request with an unknown code is answered, not dropped
    const broker = route.brokerDatas[0]!.brokerAddrs['0']!;
    const odd = await request(broker, { code: 9999, opaque: 8, flag: 0, extFields: signFields(ep.rocketmq!.accessKey, ep.rocketmq!.secretKey, { x: '1' }) });
    expect(odd.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    // unsigned: refused by the ACL before anything else
    const unsigned = await request(broker, {
      code: RequestCode.GET_MAX_OFFSET,
      opaque: 9,
      flag: 0,
      extFields: { topic: ep.rocketmq!.topics.simPush, queueId: '0' },
    });
    expect(unsigned.code).toBe(ResponseCode.NO_PERMISSION);
    expect(unsigned.remark).toMatch(/No accessKey/);
  });
});
