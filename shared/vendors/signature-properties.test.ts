/** Properties of the signers that the known-answer vectors alone do not pin down. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aliyunAmqpCredentials, parseAliyunAmqpUsername, verifyAliyunAmqpLogin } from './aliyun-iot-amqp-signature';
import { aliyunMqSign, aliyunMqStringToSign, checkTokenApply, verifyAliyunMqSignature } from './aliyun-mq-token-signature';
import { huaweiIotdaCredentials, parseHuaweiUsername } from './huawei-iotda-signature';
import { parseAliyunMqClientId, aliyunMqClientId } from './aliyun-mq-signature';

const token = fc.stringMatching(/^[A-Za-z0-9_.-]{1,24}$/);
const b64ish = fc.stringMatching(/^[A-Za-z0-9+/=]{1,40}$/);

describe('signature properties', () => {
  it('token-service string-to-sign ignores the order of keys and of comma-separated values', () => {
    fc.assert(
      fc.property(fc.dictionary(token, fc.array(token, { minLength: 1, maxLength: 4 }), { minKeys: 1, maxKeys: 5 }), (dict) => {
        const a: Record<string, string> = {};
        const b: Record<string, string> = {};
        for (const [k, v] of Object.entries(dict)) a[k] = v.join(',');
        for (const [k, v] of Object.entries(dict).reverse()) b[k] = [...v].reverse().join(',');
        expect(aliyunMqStringToSign(a)).toBe(aliyunMqStringToSign(b));
        const signed = aliyunMqSign(a, 'k');
        expect(verifyAliyunMqSignature(b, 'k', signed.signature)).toBe(true);
      }),
    );
  });

  it('AMQP user names parse back to their parameters, and the sandbox verifier accepts exactly the right secret', () => {
    fc.assert(
      fc.property(
        token,
        token,
        token,
        token,
        fc.constantFrom('hmacmd5', 'hmacsha1', 'hmacsha256' as const),
        fc.option(b64ish, { nil: undefined }),
        fc.option(token, { nil: undefined }),
        fc.nat(),
        (ak, secret, clientId, cg, signMethod, sts, inst, ts) => {
          const c = aliyunAmqpCredentials({
            accessKey: ak,
            accessSecret: secret,
            clientId,
            consumerGroupId: cg,
            timestamp: ts,
            signMethod,
            securityToken: sts,
            iotInstanceId: inst,
          });
          const parsed = parseAliyunAmqpUsername(c.username)!;
          expect(parsed.clientId).toBe(clientId);
          expect(parsed.params).toEqual(c.usernameParams);
          expect(verifyAliyunAmqpLogin(c.username, c.password, (id) => (id === ak ? secret : undefined)).ok).toBe(true);
          const wrong = verifyAliyunAmqpLogin(c.username, c.password, () => secret + 'x');
          expect(wrong.ok).toBe(false);
        },
      ),
    );
  });

  it('malformed AMQP user names are rejected, not half-parsed', () => {
    for (const u of ['', 'abc', 'abc|', '|a=b|', 'c|novalue|', 'c|a=b']) expect(parseAliyunAmqpUsername(u)).toBeNull();
    expect(verifyAliyunAmqpLogin('c|authMode=aksign|', 'x', () => 's')).toMatchObject({ ok: false, reason: 'missing-param' });
  });

  it('Huawei user names and MQ Client IDs round-trip', () => {
    fc.assert(
      fc.property(token, fc.integer({ min: 1e12, max: 9.99e12 }), fc.option(token, { nil: undefined }), (ak, ts, inst) => {
        const c = huaweiIotdaCredentials({ accessKey: ak, accessCode: 'x', timestamp: ts, instanceId: inst });
        expect(parseHuaweiUsername(c.username)).toEqual(inst ? { accessKey: ak, timestamp: ts, instanceId: inst } : { accessKey: ak, timestamp: ts });
      }),
    );
    expect(parseHuaweiUsername('accessKey=a|timestamp=123')).toBeNull();
    expect(parseAliyunMqClientId(aliyunMqClientId('GID_a', 'dev@x'))).toEqual({ groupId: 'GID_a', deviceId: 'dev@x' });
    expect(parseAliyunMqClientId('nodelimiter')).toBeUndefined();
  });

  it('token apply requests are checked before sending', () => {
    const now = 1_700_000_000_000;
    expect(checkTokenApply({ resources: 'a/b', actions: 'R,W', expireTime: now + 60_000, now })).toEqual([]);
    expect(checkTokenApply({ resources: Array.from({ length: 101 }, (_, i) => `t/${i}`), actions: 'R', expireTime: now + 120_000, now }).join(' ')).toMatch(
      /at most 100/,
    );
    expect(checkTokenApply({ resources: 'a', actions: 'X', expireTime: now + 120_000, now }).join(' ')).toMatch(/R, W or R,W/);
    expect(checkTokenApply({ resources: 'a', actions: 'R', expireTime: now + 59_000, now }).join(' ')).toMatch(/60 s/);
  });
});
