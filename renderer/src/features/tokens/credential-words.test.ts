import { afterEach, describe, expect, it } from 'vitest';
import { stsCountdown, timestampWindow } from '../../../../shared/tokens/credential-age';
import { deriveTokenState } from '../../../../shared/tokens/token-state';
import { setLocaleChoice } from '../../i18n';
import { stsWords, tokenStateWords, windowWords } from './credential-words';

const NOW = 1_700_000_000_000;
const MIN = 60_000;
afterEach(() => setLocaleChoice('en'));

describe('credential words in the UI language', () => {
  it('words a token from its state, the server notice before the 5-minute window', () => {
    setLocaleChoice('zh-CN');
    const soon = { expiresAt: NOW + 4 * MIN };
    expect(tokenStateWords(soon, deriveTokenState(soon, NOW)).words).toBe('将在 5 分钟内过期');
    const noticed = { expiresAt: NOW + 4 * MIN, expireNoticeAt: NOW - 1000 };
    expect(tokenStateWords(noticed, deriveTokenState(noticed, NOW)).words).toBe('即将过期：服务端已发送 $SYS/tokenExpireNotice');
    const pasted = { expiresAt: undefined };
    expect(tokenStateWords(pasted, deriveTokenState(pasted, NOW))).toEqual({
      words: '目前有效（粘贴的令牌不知道过期时间）',
      action: '填写或查询其过期时间，即可显示倒计时并自动续期。',
    });
    const revoked = { expiresAt: NOW + 60 * MIN, revokedAt: NOW - 1 };
    expect(tokenStateWords(revoked, deriveTokenState(revoked, NOW)).words).toBe('已通过令牌服务吊销');
  });

  it('keeps the English words for each state in English', () => {
    for (const facts of [{ expiresAt: NOW + 4 * MIN }, { expiresAt: NOW - 1 }, { expiresAt: undefined }, { expiresAt: NOW + 60 * MIN }]) {
      const s = deriveTokenState(facts, NOW);
      expect(tokenStateWords(facts, s)).toEqual({ words: s.words, action: s.action });
    }
    for (const at of [undefined, NOW - 1, NOW + 2 * MIN, NOW + 60 * MIN]) {
      const s = stsCountdown(at, NOW);
      expect(stsWords(s)).toEqual({ words: s.words, action: s.action });
    }
  });

  it('words the clock window with the measured offset', () => {
    setLocaleChoice('zh-CN');
    expect(windowWords(timestampWindow(undefined)).words).toBe('尚未与该接入地址校对时钟');
    expect(windowWords(timestampWindow(-12_000)).words).toBe('本地时钟比服务端慢 12 秒：在 ±5 分钟的允许范围内');
    expect(windowWords(timestampWindow(6 * MIN))).toEqual({
      words: '本地时钟比服务端快 360 秒：超出 ±5 分钟的允许范围',
      action: '请校准本地时钟（开启自动对时）；在此之前每次连接都会被拒绝。',
    });
    setLocaleChoice('en');
    expect(windowWords(timestampWindow(4.5 * MIN)).words).toBe(timestampWindow(4.5 * MIN).words);
  });
});
