/**
 * Every known-answer vector of every file in ../shared/vectors (auth-vectors*.json) through the pure signer
 * modules, and the server-side verify helpers round-tripped on the same vectors. A kind without a check fails.
 */
import { describe, expect, it } from 'vitest';
import { allAuthVectors, type AuthVector } from '../../test/support/auth-vector-files';
import { aliyunMqSignatureCredentials } from './aliyun-mq-signature';
import { aliyunAmqpCredentials, parseAliyunAmqpUsername } from './aliyun-iot-amqp-signature';
import { huaweiIotdaCredentials, parseHuaweiUsername } from './huawei-iotda-signature';
import { onlineQueryRequest, tokenApplyForm, tokenQueryForm, tokenRevokeForm, verifyAliyunMqSignature } from './aliyun-mq-token-signature';
import {
  aliyunMqttDeviceCredentialCredentials,
  aliyunMqttSignatureCredentials,
  aliyunMqttTokenCredentials,
  parseAliyunMqttTokenPassword,
  verifyAliyunMqttInstanceLogin,
} from './aliyun-mqtt-instance-auth';
import { aliyunIotDeviceCredentials, parseAliyunIotDeviceClientId, verifyAliyunIotDeviceLogin } from './aliyun-iot-device-signature';
import { huaweiDeviceTimestampMs, huaweiIotdaDeviceCredentials, parseHuaweiDeviceClientId, verifyHuaweiDeviceLogin } from './huawei-iotda-device-signature';

const CHECKS: Record<string, (v: AuthVector) => void> = {
  'aliyun-mq-signature': (v) => {
    const c = aliyunMqSignatureCredentials(v.input as any);
    for (const [k, val] of Object.entries(v.expect)) expect((c as any)[k], k).toBe(val);
    expect(c.algorithm).toBe('HmacSHA1');
  },
  'aliyun-iot-amqp': (v) => {
    const c = aliyunAmqpCredentials(v.input as any);
    expect(c.password).toBe(v.expect.password);
    expect(c.stringToSign).toBe(v.expect.stringToSign);
    expect(c.usernameParams).toEqual(v.expect.usernameParams);
    expect(c.username.startsWith(v.expect.usernamePrefix)).toBe(true);
    expect(c.username.endsWith(v.expect.usernameSuffix)).toBe(true);
    // Order inside the userName is not significant: compare parsed forms.
    expect(parseAliyunAmqpUsername(c.username)).toEqual(parseAliyunAmqpUsername(v.expect.exampleUsername));
    expect(parseAliyunAmqpUsername(v.expect.exampleUsername)?.params).toEqual(v.expect.usernameParams);
  },
  'huawei-iotda-app-mqtt': (v) => {
    const c = huaweiIotdaCredentials(v.input as any);
    expect(c).toEqual(v.expect);
    const parsed = parseHuaweiUsername(c.username)!;
    expect(parsed.accessKey).toBe(v.input.accessKey);
    expect(parsed.timestamp).toBe(v.input.timestamp);
    expect(parsed.instanceId).toBe(v.input.instanceId);
  },
  'aliyun-mq-token-apply': (v) => {
    const f = tokenApplyForm(v.input as any);
    expect(f.stringToSign).toBe(v.expect.stringToSign);
    expect(f.signature).toBe(v.expect.signature);
    expect(f.form).toEqual(v.expect.form);
    const signed = { actions: f.form.actions, resources: f.form.resources, expireTime: f.form.expireTime, serviceName: f.form.serviceName };
    expect(verifyAliyunMqSignature(signed, v.input.secretKey, v.expect.signature)).toBe(true);
    expect(verifyAliyunMqSignature(signed, v.input.secretKey + 'x', v.expect.signature)).toBe(false);
  },
  'aliyun-mq-token-revoke': (v) => tokenCheck(v, tokenRevokeForm),
  'aliyun-mq-token-query': (v) => tokenCheck(v, tokenQueryForm),
  'aliyun-mq-online-query': (v) => {
    const r = onlineQueryRequest(v.input as any);
    expect(r.stringToSign).toBe(v.expect.stringToSign);
    expect(r.signature).toBe(v.expect.signature);
    expect(r.path).toBe(v.expect.path);
    const q = new URLSearchParams(r.pathWithQuery.split('?')[1]);
    expect(q.get('signature')).toBe(v.expect.signature);
    expect(q.get('resource')).toBe(v.input.resource);
    expect(q.get('timestamp')).toBe(String(v.input.timestamp));
  },
  'aliyun-mqtt-signature': (v) => {
    const c = aliyunMqttSignatureCredentials(v.input as any);
    expect(c).toEqual(v.expect);
    const verifier = (secret: string) => ({
      instanceId: v.input.instanceId,
      secretFor: (mode: string, ak: string) => (mode === 'Signature' && ak === v.input.accessKey ? secret : undefined),
    });
    expect(verifyAliyunMqttInstanceLogin(c.clientId, c.username, c.password, verifier(v.input.secretKey))).toMatchObject({ ok: true, mode: 'Signature' });
    expect(verifyAliyunMqttInstanceLogin(c.clientId, c.username, c.password, verifier(v.input.secretKey + 'x'))).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  },
  'aliyun-mqtt-token': (v) => {
    const c = aliyunMqttTokenCredentials(v.input as any);
    expect(c).toEqual(v.expect);
    expect(parseAliyunMqttTokenPassword(c.password)).toEqual(v.input.tokens);
    const r = verifyAliyunMqttInstanceLogin(c.clientId, c.username, c.password, { instanceId: v.input.instanceId, secretFor: () => undefined });
    expect(r).toMatchObject({ ok: true, mode: 'Token', tokens: v.input.tokens });
  },
  'aliyun-mqtt-device-credential': (v) => {
    const c = aliyunMqttDeviceCredentialCredentials(v.input as any);
    expect(c).toEqual(v.expect);
    const secretFor = (mode: string, ak: string) =>
      mode === 'DeviceCredential' && ak === v.input.deviceAccessKeyId ? v.input.deviceAccessKeySecret : undefined;
    expect(verifyAliyunMqttInstanceLogin(c.clientId, c.username, c.password, { instanceId: v.input.instanceId, secretFor })).toMatchObject({
      ok: true,
      mode: 'DeviceCredential',
    });
    expect(verifyAliyunMqttInstanceLogin(c.clientId, c.username, c.password, { instanceId: 'other', secretFor })).toMatchObject({
      ok: false,
      reason: 'wrong-instance',
    });
  },
  'aliyun-iot-device': (v) => {
    const c = aliyunIotDeviceCredentials(v.input as any);
    expect(c).toEqual(v.expect);
    const parsed = parseAliyunIotDeviceClientId(c.clientId);
    expect(parsed).toMatchObject({ ok: true, value: { secureMode: v.input.secureMode, signMethod: v.input.signMethod, timestamp: v.input.timestamp } });
    const secretFor = (pk: string, dn: string) => (pk === v.input.productKey && dn === v.input.deviceName ? v.input.deviceSecret : undefined);
    // Servers compare the hex case-insensitively.
    expect(verifyAliyunIotDeviceLogin(c.clientId, c.username, c.password.toUpperCase(), secretFor)).toMatchObject({ ok: true });
    expect(verifyAliyunIotDeviceLogin(c.clientId.replace(v.input.timestamp, '1'), c.username, c.password, secretFor)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  },
  'huawei-iotda-device': (v) => {
    const c = huaweiIotdaDeviceCredentials(v.input as any);
    expect(c).toEqual(v.expect);
    expect(parseHuaweiDeviceClientId(c.clientId)).toEqual({
      deviceId: v.input.deviceId,
      signType: 0,
      checkTimestamp: v.input.checkTimestamp,
      timestamp: v.input.timestamp,
    });
    const now = huaweiDeviceTimestampMs(v.input.timestamp) + 30 * 60_000;
    const secretFor = (id: string) => (id === v.input.deviceId ? v.input.secret : undefined);
    expect(verifyHuaweiDeviceLogin(c.clientId, c.username, c.password, { secretFor, now })).toMatchObject({ ok: true });
    const dayLater = verifyHuaweiDeviceLogin(c.clientId, c.username, c.password, { secretFor, now: now + 86_400_000 });
    // Only a `_1_` ClientId asks the platform to check the hour.
    expect(dayLater.ok).toBe(v.input.checkTimestamp === 0);
  },
};

function tokenCheck(v: AuthVector, fn: typeof tokenRevokeForm): void {
  const f = fn(v.input as any);
  expect(f.stringToSign).toBe(v.expect.stringToSign);
  expect(f.signature).toBe(v.expect.signature);
  expect(f.form).toEqual(v.expect.form);
  expect(verifyAliyunMqSignature({ token: v.input.token }, v.input.secretKey, v.expect.signature)).toBe(true);
}

const all = allAuthVectors();

describe('auth vectors (every auth-vectors*.json in ../shared/vectors)', () => {
  it('reads both vector files and knows every kind in them', () => {
    const files = new Set(all.map((a) => a.label.split('#')[0]));
    expect(files.has('auth-vectors.json') && files.has('auth-vectors-2.json')).toBe(true);
    for (const { label, vector } of all) expect(CHECKS[vector.kind], `${label} kind ${vector.kind}`).toBeTypeOf('function');
  });

  it.each(all.map((a) => [a.label, a.vector.kind, a.vector] as const))('%s %s', (_label, kind, v) => {
    CHECKS[kind]!(v);
  });
});
