/** Every known-answer vector in test/fixtures/auth-vectors.json through the signer modules. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aliyunMqSignatureCredentials } from './aliyun-mq-signature';
import { aliyunAmqpCredentials, parseAliyunAmqpUsername } from './aliyun-iot-amqp-signature';
import { huaweiIotdaCredentials, parseHuaweiUsername } from './huawei-iotda-signature';
import { onlineQueryRequest, tokenApplyForm, tokenQueryForm, tokenRevokeForm, verifyAliyunMqSignature } from './aliyun-mq-token-signature';

interface Vector {
  kind: string;
  input: Record<string, any>;
  expect: Record<string, any>;
}

const vectors: Vector[] = JSON.parse(readFileSync(resolve(__dirname, '../../test/fixtures/auth-vectors.json'), 'utf8'));
const byKind = (kind: string) => vectors.filter((v) => v.kind === kind);

describe('auth vectors', () => {
  it('has vectors of every kind', () => {
    const kinds = new Set(vectors.map((v) => v.kind));
    for (const k of ['aliyun-mq-signature', 'aliyun-iot-amqp', 'huawei-iotda-app-mqtt', 'aliyun-mq-token-apply', 'aliyun-mq-token-revoke', 'aliyun-mq-token-query', 'aliyun-mq-online-query']) {
      expect(kinds.has(k), k).toBe(true);
    }
    expect(vectors.every((v) => kinds.has(v.kind))).toBe(true);
  });

  it.each(byKind('aliyun-mq-signature').map((v, i) => [i, v] as const))('aliyun-mq-signature #%i', (_i, v) => {
    const c = aliyunMqSignatureCredentials(v.input as any);
    for (const [k, val] of Object.entries(v.expect)) expect((c as any)[k], k).toBe(val);
    expect(c.algorithm).toBe('HmacSHA1');
  });

  it.each(byKind('aliyun-iot-amqp').map((v, i) => [i, v] as const))('aliyun-iot-amqp #%i', (_i, v) => {
    const c = aliyunAmqpCredentials(v.input as any);
    expect(c.password).toBe(v.expect.password);
    expect(c.stringToSign).toBe(v.expect.stringToSign);
    expect(c.usernameParams).toEqual(v.expect.usernameParams);
    expect(c.username.startsWith(v.expect.usernamePrefix)).toBe(true);
    expect(c.username.endsWith(v.expect.usernameSuffix)).toBe(true);
    // Order inside the userName is not significant: compare parsed forms.
    expect(parseAliyunAmqpUsername(c.username)).toEqual(parseAliyunAmqpUsername(v.expect.exampleUsername));
    expect(parseAliyunAmqpUsername(v.expect.exampleUsername)?.params).toEqual(v.expect.usernameParams);
  });

  it.each(byKind('huawei-iotda-app-mqtt').map((v, i) => [i, v] as const))('huawei-iotda-app-mqtt #%i', (_i, v) => {
    const c = huaweiIotdaCredentials(v.input as any);
    expect(c).toEqual(v.expect);
    const parsed = parseHuaweiUsername(c.username)!;
    expect(parsed.accessKey).toBe(v.input.accessKey);
    expect(parsed.timestamp).toBe(v.input.timestamp);
    expect(parsed.instanceId).toBe(v.input.instanceId);
  });

  it.each(byKind('aliyun-mq-token-apply').map((v, i) => [i, v] as const))('aliyun-mq-token-apply #%i', (_i, v) => {
    const f = tokenApplyForm(v.input as any);
    expect(f.stringToSign).toBe(v.expect.stringToSign);
    expect(f.signature).toBe(v.expect.signature);
    expect(f.form).toEqual(v.expect.form);
    const signed = { actions: f.form.actions, resources: f.form.resources, expireTime: f.form.expireTime, serviceName: f.form.serviceName };
    expect(verifyAliyunMqSignature(signed, v.input.secretKey, v.expect.signature)).toBe(true);
    expect(verifyAliyunMqSignature(signed, v.input.secretKey + 'x', v.expect.signature)).toBe(false);
  });

  for (const [kind, fn] of [
    ['aliyun-mq-token-revoke', tokenRevokeForm],
    ['aliyun-mq-token-query', tokenQueryForm],
  ] as const) {
    it.each(byKind(kind).map((v, i) => [i, v] as const))(`${kind} #%i`, (_i, v) => {
      const f = fn(v.input as any);
      expect(f.stringToSign).toBe(v.expect.stringToSign);
      expect(f.signature).toBe(v.expect.signature);
      expect(f.form).toEqual(v.expect.form);
      expect(verifyAliyunMqSignature({ token: v.input.token }, v.input.secretKey, v.expect.signature)).toBe(true);
    });
  }

  it.each(byKind('aliyun-mq-online-query').map((v, i) => [i, v] as const))('aliyun-mq-online-query #%i', (_i, v) => {
    const r = onlineQueryRequest(v.input as any);
    expect(r.stringToSign).toBe(v.expect.stringToSign);
    expect(r.signature).toBe(v.expect.signature);
    expect(r.path).toBe(v.expect.path);
    const q = new URLSearchParams(r.pathWithQuery.split('?')[1]);
    expect(q.get('signature')).toBe(v.expect.signature);
    expect(q.get('resource')).toBe(v.input.resource);
    expect(q.get('timestamp')).toBe(String(v.input.timestamp));
  });
});
