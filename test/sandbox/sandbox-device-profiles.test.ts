import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type Backend } from '../../electron/services/backend';
import { MemorySecretStore } from '../../electron/services/core/secret-store';
import { SANDBOX_PROFILE_IDS } from '../../electron/services/sandbox/sandbox-profiles';
import { until } from './sandbox-helpers';

// The sandbox's device profiles (and its current-instance MQ profile): made ready at first start, left closed,
// and when connected they are devices whose reports reach the application-side sandbox profiles.
describe('sandbox device profiles (backend)', () => {
  let backend: Backend;
  beforeAll(async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-sbdev-'));
    backend = await startBackend({ host: 'test', dataDir, secrets: new MemorySecretStore(), sandbox: true });
  });
  afterAll(async () => {
    await backend.dispose();
  });

  const connected = (profileId: string) =>
    until(
      `${profileId} connected`,
      async () => (await backend.call('connections.list', {})).find((c) => c.profileId === profileId && c.state.status === 'connected'),
      30_000,
    );
  // `text` searches whole payloads: the fleet's traffic on the same topics stays out of the page
  const rows = async (connectionId: string, topicFilter: string, text?: string) =>
    (await backend.call('messages.page', { filter: { connectionIds: [connectionId], topicFilter, ...(text ? { text } : {}) }, offset: 0, limit: 100 })).rows;

  const payloadOf = async (seq: number) => Buffer.from((await backend.call('messages.detail', { seq }))!.payloadBase64, 'base64').toString();

  it('are made ready but not opened', async () => {
    await connected(SANDBOX_PROFILE_IDS.amqp);
    const profiles = await backend.call('profiles.list', {});
    const byId = new Map(profiles.map((p) => [p.profile.id, p]));
    expect(byId.get(SANDBOX_PROFILE_IDS.iotDevice)?.profile).toMatchObject({ kind: 'aliyun-iot-device', transport: 'tls', sandbox: true });
    expect(byId.get(SANDBOX_PROFILE_IDS.huaweiDevice)?.profile).toMatchObject({ kind: 'huawei-iotda-device', checkTimestamp: true, sandbox: true });
    expect(byId.get(SANDBOX_PROFILE_IDS.mqInstance)?.profile).toMatchObject({
      kind: 'aliyun-mq',
      instanceType: 'current',
      instanceId: 'mqtt-cn-sandbox01',
      authMode: 'signature',
    });
    const open = (await backend.call('connections.list', {})).map((c) => c.profileId);
    for (const id of [SANDBOX_PROFILE_IDS.iotDevice, SANDBOX_PROFILE_IDS.huaweiDevice, SANDBOX_PROFILE_IDS.mqInstance]) expect(open).not.toContain(id);
  });

  it('the current-instance MQ profile connects in Signature mode', async () => {
    await backend.call('connections.open', { profileId: SANDBOX_PROFILE_IDS.mqInstance });
    await connected(SANDBOX_PROFILE_IDS.mqInstance);
  });

  it('an IoT Platform device property post is answered on post_reply and reaches the AMQP sandbox profile', async () => {
    const status = await backend.call('sandbox.status', {});
    const d = status.endpoints!.iotDevice!.devices[0];
    const opened = await backend.call('connections.open', { profileId: SANDBOX_PROFILE_IDS.iotDevice });
    await connected(SANDBOX_PROFILE_IDS.iotDevice);
    const amqp = (await connected(SANDBOX_PROFILE_IDS.amqp)).connectionId;
    const sys = `/sys/${d.productKey}/${d.deviceName}/thing/event/property`;
    // the auto-subscription to post_reply is in place before the post
    await until('post_reply subscribed', async () =>
      (await backend.call('connections.list', {}))
        .find((c) => c.connectionId === opened.connectionId)
        ?.subscriptions.some((s) => s.filter === `${sys}/post_reply` && s.granted === 0),
    );
    const body = JSON.stringify({ id: '4711', version: '1.0', params: { Brightness: 42 }, method: 'thing.event.property.post' });
    await backend.call('connections.publish', { connectionId: opened.connectionId, topic: `${sys}/post`, payload: { format: 'text', data: body }, qos: 1 });
    const reply = await until('post_reply', async () => (await rows(opened.connectionId, `${sys}/post_reply`))[0]);
    expect(JSON.parse(await payloadOf(reply.seq))).toMatchObject({ code: 200, id: '4711' });
    const pushed = await until(
      'AMQP push of the post',
      async () => (await rows(amqp, `/${d.productKey}/${d.deviceName}/thing/event/property/post`, 'Brightness'))[0],
    );
    expect(pushed.protocol).toBe('amqp');
    expect(JSON.parse(await payloadOf(pushed.seq))).toMatchObject({
      requestId: '4711',
      productKey: d.productKey,
      deviceName: d.deviceName,
      items: { Brightness: { value: 42 } },
    });
  });

  it('an IoTDA device property report reaches the Huawei IoTDA sandbox profile (forwarding topic)', async () => {
    const status = await backend.call('sandbox.status', {});
    const deviceId = status.endpoints!.huaweiDevice!.devices[0].deviceId;
    const opened = await backend.call('connections.open', { profileId: SANDBOX_PROFILE_IDS.huaweiDevice });
    await connected(SANDBOX_PROFILE_IDS.huaweiDevice);
    const app = (await connected(SANDBOX_PROFILE_IDS.huawei)).connectionId;
    const body = JSON.stringify({ services: [{ service_id: 'Meter', properties: { kwh: 12.5 } }] });
    await backend.call('connections.publish', {
      connectionId: opened.connectionId,
      topic: `$oc/devices/${deviceId}/sys/properties/report`,
      payload: { format: 'text', data: body },
      qos: 1,
    });
    const forwarded = await until('forwarded report', async () => {
      for (const r of await rows(app, status.endpoints!.huawei!.forwardingTopic, deviceId)) {
        const push = JSON.parse(await payloadOf(r.seq)) as { resource: string; notify_data: { header: { device_id: string } } };
        if (push.resource === 'device.property' && push.notify_data.header.device_id === deviceId) return push;
      }
      return undefined;
    });
    expect(forwarded).toMatchObject({ event: 'report', notify_data: { body: { services: [{ service_id: 'Meter', properties: { kwh: 12.5 } }] } } });
  });

  it('sandbox.sendToDevice: a property set reaches the IoT Platform device profile and a command the IoTDA device profile', async () => {
    const ep = (await backend.call('sandbox.status', {})).endpoints!;
    const d = ep.iotDevice!.devices[0];
    const iot = (await connected(SANDBOX_PROFILE_IDS.iotDevice)).connectionId;
    await until('property/set subscribed', async () =>
      (await backend.call('connections.list', {}))
        .find((c) => c.connectionId === iot)
        ?.subscriptions.some((x) => x.filter.endsWith('/thing/service/property/set') && x.granted === 0),
    );
    const set = await backend.call('sandbox.sendToDevice', {
      face: 'iot-device',
      productKey: d.productKey,
      deviceName: d.deviceName,
      params: { LightSwitch: 0 },
    });
    expect(set.topic).toBe(`/sys/${d.productKey}/${d.deviceName}/thing/service/property/set`);
    const got = await until('property set at the device', async () => (await rows(iot, set.topic))[0]);
    expect(JSON.parse(await payloadOf(got.seq))).toEqual({
      id: set.requestId,
      version: '1.0',
      params: { LightSwitch: 0 },
      method: 'thing.service.property.set',
    });

    const deviceId = ep.huaweiDevice!.devices[0].deviceId;
    const hw = (await connected(SANDBOX_PROFILE_IDS.huaweiDevice)).connectionId;
    await until('commands subscribed', async () =>
      (await backend.call('connections.list', {}))
        .find((c) => c.connectionId === hw)
        ?.subscriptions.some((x) => x.filter.endsWith('/sys/commands/#') && x.granted === 0),
    );
    const cmd = await backend.call('sandbox.sendToDevice', {
      face: 'huawei-device',
      deviceId,
      serviceId: 'Meter',
      commandName: 'Reset',
      paras: { hard: true },
    });
    expect(cmd.topic).toBe(`$oc/devices/${deviceId}/sys/commands/request_id=${cmd.requestId}`);
    const command = await until('command at the device', async () => (await rows(hw, cmd.topic))[0]);
    expect(JSON.parse(await payloadOf(command.seq))).toMatchObject({ service_id: 'Meter', command_name: 'Reset', paras: { hard: true } });
  });
});
