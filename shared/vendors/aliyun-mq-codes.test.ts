import { describe, expect, it } from 'vitest';
import { describeOnlineCount, explainOnlineQueryCode, explainOnlineQueryHttpStatus, explainTokenInvalidCode, explainTokenServiceCode } from './aliyun-mq-codes';

describe('MQ for IoT codes', () => {
  it('covers every documented token service code', () => {
    for (const c of [200, 400, 407, 409, 410, 1, 2, 3]) expect(explainTokenServiceCode(c).words).not.toMatch(/^Unknown/);
    expect(explainTokenServiceCode(407).words).toMatch(/Signature/);
    expect(explainTokenServiceCode(407).action).toMatch(/SecretKey/);
    expect(explainTokenServiceCode(999).words).toMatch(/Unknown/);
  });
  it('covers online query codes and HTTP statuses', () => {
    for (const c of [0, 1, 2, 3, 4]) expect(explainOnlineQueryCode(c).words).not.toMatch(/^Unknown/);
    expect(explainOnlineQueryCode(4).action).toMatch(/5 minutes/);
    expect(explainOnlineQueryHttpStatus(403).words).toMatch(/Authentication/);
    expect(explainOnlineQueryHttpStatus(400).words).toMatch(/Bad request/);
  });
  it('covers tokenInvalidNotice codes', () => {
    for (const c of [1, 2, 3, 4, 5, 8, -1]) expect(explainTokenInvalidCode(c).words).not.toMatch(/^Unknown/);
    expect(explainTokenInvalidCode(4).words).toMatch(/Resource/);
  });
  it('describes online counts', () => {
    expect(describeOnlineCount(0).state).toBe('offline');
    expect(describeOnlineCount(-1).state).toBe('unknown');
    expect(describeOnlineCount(2).words).toMatch(/duplicate/);
  });
});
