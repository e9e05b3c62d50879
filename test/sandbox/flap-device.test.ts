import { describe, expect, it } from 'vitest';
import { recognizePresence } from '../../shared/presence/presence-events';
import { PresenceModel } from '../../shared/presence/presence-timeline';
import { aliyunMqSignaturePassword } from '../../shared/vendors/aliyun-mq-signature';
import { collect, connectMq, mqUrl, startSandbox, until } from './sandbox-helpers';

// Issue 11, presence: a sandbox fault makes one device flap on demand, and the app's own presence model flags it.
describe('sandbox flap-device fault', () => {
  it('takes the device offline and back `cycles` times (DISCONNECT, tcpclean, connect), flagged as flapping', async () => {
    // A calm fleet: nothing flaps or drops on its own, so every transition seen comes from the fault.
    const { sandbox, ep } = await startSandbox({
      amqp: { enabled: false },
      huawei: { enabled: false },
      fleet: { enabled: true, devices: 3, telemetryIntervalMs: 150, offlineRate: 0, flapRate: 0 },
    });
    try {
      const mq = await connectMq(mqUrl(ep), {
        clientId: 'GID_fieldscope@@@flap-watch',
        username: ep.mq!.accessKey,
        password: aliyunMqSignaturePassword(ep.mq!.secretKey, 'GID_fieldscope'),
      });
      const got = collect(mq);
      await mq.subscribeAsync('GID_fleet_MQTT', { qos: 1 });
      expect(sandbox.fault({ action: 'flap-device', device: 'nope', cycles: 1 })).toMatchObject({ applied: false });
      expect(sandbox.fault({ action: 'flap-device', device: 'dev-0002', cycles: 3 })).toMatchObject({ applied: true, detail: 'GID_fleet@@@dev-0002' });
      const events = () => got.flatMap((m) => recognizePresence(m.topic, m.payload.toString()) ?? []).filter((e) => e.clientId === 'GID_fleet@@@dev-0002');
      await until('three offline/online cycles', () => events().filter((e) => e.type === 'connect').length >= 3, 15_000);
      const types = events().map((e) => e.type);
      expect(types.filter((x) => x === 'disconnect')).toHaveLength(3);
      expect(types.filter((x) => x === 'tcpclean')).toHaveLength(3);
      // Only the asked device moved.
      expect(got.flatMap((m) => recognizePresence(m.topic, m.payload.toString()) ?? []).every((e) => e.clientId === 'GID_fleet@@@dev-0002')).toBe(true);
      const model = new PresenceModel();
      for (const e of events()) model.add(e);
      expect(model.summary('GID_fleet@@@dev-0002')).toMatchObject({ online: true, flapping: true });
      mq.end(true);
    } finally {
      await sandbox.stop();
    }
  });
});
