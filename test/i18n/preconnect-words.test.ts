// The renderer words pre-connect findings from their wording id (renderer/src/features/vendors/finding-words.ts).
// Here, beside the Node-side checks (which use node:crypto, so the renderer's own tests cannot import them): every
// wording the checks produce has words, the English words are exactly the backend's, the Chinese ones are complete.
import { afterEach, describe, expect, it } from 'vitest';
import { Profile, type ProfileInput } from '../../shared/contract/profiles.contract';
import { checkProfile, type CheckOptions } from '../../shared/vendors/preconnect-checks';
import { findingWords } from '../../renderer/src/features/vendors/finding-words';
import { setLocaleChoice } from '../../renderer/src/i18n';
import { preconnect } from '../../renderer/src/i18n/en/preconnect';

const now = 1_700_000_000_000;
const p = (input: Record<string, unknown>) => Profile.parse(input as ProfileInput);
const mq = (x: Record<string, unknown> = {}) => p({ id: 'a', name: 'mq', kind: 'aliyun-mq', host: 'x.mqtt.aliyuncs.com', port: 1883, groupId: 'GID_AAA', deviceId: 'dev1', accessKey: 'LTAIxx', ...x });
const amqp = (x: Record<string, unknown> = {}) => p({ id: 'b', name: 'amqp', kind: 'aliyun-amqp', host: 'x.iot-amqp.cn-shanghai.aliyuncs.com', clientId: 'host-1', consumerGroupId: 'DEFAULT_GROUP', accessKey: 'LTAIxx', ...x });
const hw = (x: Record<string, unknown> = {}) => p({ id: 'c', name: 'hw', kind: 'huawei-iotda', host: 'x.iotda-app.myhuaweicloud.com', port: 8883, transport: 'tls', accessKey: 'AK1', instanceId: 'i1', forwardingTopic: 'fwd', ...x });
const generic = (x: Record<string, unknown> = {}) => p({ id: 'd', name: 'g', kind: 'mqtt', host: 'broker', port: 1883, ...x });
const rabbit = (x: Record<string, unknown> = {}) => p({ id: 'e', name: 'r', kind: 'amqp', host: 'broker', port: 5672, ...x });

const long = 'p/' + 'x'.repeat(63);
/** Profiles and options that between them raise every wording the checks have. */
const cases: Array<[Profile, Partial<CheckOptions>?]> = [
  [mq({ groupId: 'gid_AAA', deviceId: 'd@@@' + 'd'.repeat(60), accessKey: ' LTAI', port: 1884, keepaliveSec: 300, protocolVersion: 5, clean: false }), { payloadSize: 70_000, payloadQos: 2, clockOffsetMs: 400_000 }],
  [mq({ groupId: 'GID_AA', clean: false }), { subscriptions: [{ filter: long, qos: 2 }, ...Array.from({ length: 30 }, (_, i) => ({ filter: `p/${i}` }))], publishTopics: [long], clockOffsetMs: -200_000 }],
  [mq({ groupId: 'GID_A-B_C', deviceId: 'dev 1', transport: 'tls', tls: { rejectUnauthorized: false } })],
  [hw({ port: 1883, transport: 'tcp', instanceId: '', accessKey: 'AK|1', forwardingTopic: '' }), { clockOffsetMs: 90_000 * 4 }],
  [hw({ instanceId: 'i 1' }), { clockOffsetMs: 301_000 }],
  // The profile schema caps the client ID at 64; an imported or older profile may still carry a longer one.
  [{ ...amqp({ consumerGroupId: '', idleTimeoutSec: 10, tls: false, port: 5672, accessKey: 'a,b', iotInstanceId: 'i=1', sourceAddress: '/q', authMode: 'ststoken', stsExpiresAt: now - 1 }), clientId: 'c|' + 'x'.repeat(70) } as Profile],
  [amqp({ consumerGroupId: 'G|1', authMode: 'ststoken', stsExpiresAt: now + 60_000 })],
  [rabbit({ sasl: 'plain', username: '', idleTimeoutSec: 2 })],
  [generic({ clean: false, clientId: '' })],
  [generic({ clientId: 'c\u200b' + 'x'.repeat(30) })],
];
const findings = cases.flatMap(([profile, opts]) => checkProfile(profile, { now, ...opts }));

afterEach(() => setLocaleChoice('en'));

describe('pre-connect findings in the UI language', () => {
  it('says in English exactly what the backend says (the CLI and the UI agree)', () => {
    setLocaleChoice('en');
    for (const f of findings) expect({ id: f.id, ...findingWords(f) }).toEqual({ id: f.id, message: f.message, fix: f.fix });
  });

  it('has words for every wording the checks produce, and the cases reach every wording in the catalogue', () => {
    const ids = new Set(findings.map((f) => f.id));
    const catalogued = Object.keys(preconnect)
      .filter((k) => !k.endsWith('.fix') && !k.startsWith('preconnect.offset.'))
      .map((k) => k.slice('preconnect.'.length));
    expect([...ids].filter((id) => !catalogued.includes(id!))).toEqual([]);
    expect(catalogued.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('says them in Chinese with every value filled in', () => {
    setLocaleChoice('zh-CN');
    for (const f of findings) {
      const w = findingWords(f);
      expect(`${w.message} ${w.fix}`).not.toMatch(/\{\w+\}/);
      expect(w.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const skew = findings.find((f) => f.id === 'clock-skew.unsigned' && f.vars?.direction === 'ahead')!;
    expect(findingWords(skew).message).toBe('本地时钟比服务端快 7 分钟（超过 5 分钟）。令牌过期时间和在线状态查询都依赖时钟。');
  });

  it('keeps the backend text for a wording this build does not know', () => {
    setLocaleChoice('zh-CN');
    expect(findingWords({ severity: 'warning', code: 'from-the-future', message: 'New check', fix: 'Do this' })).toEqual({ message: 'New check', fix: 'Do this' });
  });
});
