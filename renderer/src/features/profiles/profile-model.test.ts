import { describe, expect, it } from 'vitest';
import { aliyunMqClientId, defaultProfile, parseBackendErrors, PROFILE_KINDS, secretsToSend, secretSlotsFor, validateDraft } from './profile-model';

describe('profile form model', () => {
  it('starts every kind from values the contract accepts once the required fields are typed', () => {
    const required: Record<string, Record<string, unknown>> = {
      mqtt: {},
      'aliyun-mq': { host: 'post-cn-x.mqtt.aliyuncs.com', groupId: 'GID_test', deviceId: 'dev1', accessKey: 'AK' },
      'aliyun-amqp': { host: 'x.amqp.iothub.aliyuncs.com', clientId: 'c1', accessKey: 'AK' },
      'huawei-iotda': { host: 'x.iotda.myhuaweicloud.com', accessKey: 'AK' },
      amqp: {},
    };
    for (const kind of PROFILE_KINDS) {
      const draft = { ...defaultProfile(kind, 'id1', 'n'), ...required[kind] };
      expect(validateDraft(draft as never), kind).toEqual({ ok: true });
    }
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
