/** The explain catalogues: every English explain code has a Chinese text with the same placeholders, and parts render per locale. */
import { afterEach, describe, expect, it } from 'vitest';
import { explain as en } from './en/explain';
import { explain as zh } from './zh-CN/explain';
import { EXPLAIN_EN } from '../../../shared/vendors/explain-en';
import { explainRefusal, explainRefusalParts } from '../../../shared/vendors/refusal-explanations';
import { checkProfile } from '../../../shared/vendors/preconnect-checks';
import { Profile, type ProfileInput } from '../../../shared/contract/profiles.contract';
import { explainParts, explainPart } from '../features/profiles/explain-text';
import { setLocale } from './index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('explain catalogues', () => {
  afterEach(() => setLocale('en'));

  it('has the same keys in English and Chinese, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(en)) expect(placeholders(zh[k as keyof typeof zh]), k).toEqual(placeholders(v));
  });

  it('keeps the English text the backend shows', () => {
    for (const [code, text] of Object.entries(EXPLAIN_EN)) expect(en[`explain.${code}`]).toBe(text);
    const input = { kind: 'aliyun-mq' as const, phase: 'connect' as const, code: 4 };
    expect(explainParts(explainRefusalParts(input))).toBe(explainRefusal(input));
  });

  it('renders a refusal and a finding in Chinese, nested parts included', () => {
    setLocale('zh-CN');
    const text = explainParts(explainRefusalParts({ kind: 'mqtt', phase: 'subscribe', code: 0x8f }));
    expect(text).toBe('订阅被拒绝：Topic 过滤器不合法。服务端拒绝了这个 Topic 过滤器（请检查该客户端的 ACL 和过滤器语法）。');
    const p = Profile.parse({ id: 'a', name: 'mq', kind: 'aliyun-mq', host: 'h', port: 1883, groupId: 'bad', deviceId: 'd', accessKey: 'AK' } as ProfileInput);
    const f = checkProfile(p, { now: 0 }).find((x) => x.code === 'group-id-format')!;
    expect(explainPart(f.text.message)).toBe('Group ID "bad" 不合法：必须以 GID_ 开头。');
    expect(f.message).toBe('Group ID "bad" is not valid: it must start with GID_.');
  });
});
