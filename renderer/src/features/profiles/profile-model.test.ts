import { describe, expect, it } from 'vitest';
import { aliyunMqClientId, defaultProfile, kindName, parseBackendErrors, PROFILE_KINDS, secretsToSend, secretSlotsFor, validateDraft } from './profile-model';
import { t } from '../../i18n';

describe('profile form model', () => {
  it('starts every kind from values the contract accepts once the required fields are typed', () => {
    const required: Record<string, Record<string, unknown>> = {
      mqtt: {},
      'aliyun-mq': { host: 'post-cn-x.mqtt.aliyuncs.com', groupId: 'GID_test', deviceId: 'dev1', accessKey: 'AK' },
      'aliyun-amqp': { host: 'x.amqp.iothub.aliyuncs.com', clientId: 'c1', accessKey: 'AK' },
      'huawei-iotda': { host: 'x.iotda.myhuaweicloud.com', accessKey: 'AK' },
      'aliyun-iot-device': { host: 'pk.iot-as-mqtt.cn-shanghai.aliyuncs.com', productKey: 'pk', deviceName: 'dn' },
      'huawei-iotda-device': { host: 'x.iotda-device.myhuaweicloud.com', deviceId: 'd1' },
      amqp: {},
      rocketmq: { host: 'MQ_INST_x.cn-hangzhou.mq-internal.aliyuncs.com', consumerGroupId: 'GID_diag', topic: 'iotsim_mq_push' },
      'rocketmq-http': { host: '1234567890.mqrest.cn-hangzhou.aliyuncs.com', topic: 'iotsim_mq_push', groupId: 'GID_diag', accessKey: 'AK' },
    };
    for (const kind of PROFILE_KINDS) {
      const draft = { ...defaultProfile(kind, 'id1', 'n'), ...required[kind] };
      expect(validateDraft(draft as never), kind).toEqual({ ok: true });
    }
  });
  it('names kinds in words, never by internal id', () => {
    for (const kind of PROFILE_KINDS) {
      expect(kindName(kind), kind).not.toBe(kind);
      expect(kindName(kind)).not.toMatch(/^(core|kinds)\./);
    }
    expect(kindName('aliyun-mq')).toBe('Alibaba MQ for IoT');
    expect(kindName('huawei-iotda-device')).toBe('Huawei IoTDA device');
  });
  it('starts the reconnect fields at their defaults, with a hint that does not read "0 retries forever"', () => {
    for (const kind of PROFILE_KINDS) expect((defaultProfile(kind, 'i', 'n') as { reconnect?: { maxAttempts: number } }).reconnect?.maxAttempts, kind).toBe(0);
    expect(t('kinds.hint.maxAttempts')).toMatch(/0 = no limit/);
    expect(t('kinds.hint.maxAttempts')).not.toMatch(/0 retries forever/);
  });
  it('keys validation errors by field so the form can show them in place', () => {
    const r = validateDraft({ ...defaultProfile('mqtt', 'id', 'n'), port: 70000, host: '' } as never);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(Object.keys(r.errors)).toEqual(expect.arrayContaining(['port', 'host']));
      // In words that say what to type, not zod's type names.
      expect(r.errors.port).toBe('Use 65535 or less.');
      expect(r.errors.host).toBe('Required: fill this in.');
    }
  });
  it('offers the slots each kind and auth mode needs', () => {
    expect(secretSlotsFor('mqtt')).toContain('password');
    expect(secretSlotsFor('aliyun-mq', { authMode: 'token' })).toContain('tokenRW');
    expect(secretSlotsFor('aliyun-amqp', { authMode: 'ststoken' })).toEqual(['accessSecret', 'securityToken']);
    expect(secretSlotsFor('amqp', { sasl: 'anonymous' })).not.toContain('password');
  });
  it('sends only secrets that were typed or cleared', () => {
    expect(secretsToSend({})).toBeUndefined();
    expect(secretsToSend({ password: '' })).toBeUndefined();
    expect(secretsToSend({ password: 'p', secretKey: null })).toEqual({ password: 'p', secretKey: null });
  });
  it('maps the backend validation message back to fields', () => {
    expect(parseBackendErrors('profile.port: Too big: expected number to be <=65535; profile.tls.caFile: Invalid input')).toEqual({
      port: 'Too big: expected number to be <=65535',
      'tls.caFile': 'Invalid input',
    });
    expect(parseBackendErrors('The OS keychain refused')).toEqual({});
  });
  it('shows the Alibaba client ID as the service builds it', () => {
    expect(aliyunMqClientId('GID_a', 'dev')).toBe('GID_a@@@dev');
  });
});
