// The words under a token, an STS expiry or a signed-timestamp window, in the UI language. shared/tokens computes
// the state (and English words for the CLI); the renderer words it from the state. A state that comes with a
// server code keeps the code's explanation, which is worded by code elsewhere.
import type { StsCountdown, TimestampWindow } from '../../../../shared/tokens/credential-age';
import type { TokenFacts } from '../../../../shared/tokens/token-model';
import type { TokenState } from '../../../../shared/tokens/token-state';
import { t, type MessageKey } from '../../i18n';

export interface Words {
  words: string;
  action: string;
}

export function tokenStateWords(facts: Pick<TokenFacts, 'expiresAt' | 'expireNoticeAt'>, s: TokenState): Words {
  if (s.code !== undefined) return { words: s.words, action: s.action };
  switch (s.state) {
    case 'revoked':
      return { words: t('tokenWords.revoked'), action: t('tokenWords.revoked.action') };
    case 'expired':
      return { words: t('tokenWords.expired'), action: t('tokenWords.expired.action') };
    case 'expiring':
      return {
        // As shared/tokens/token-state: the server's notice is named first.
        words: t(facts.expireNoticeAt !== undefined ? 'tokenWords.expiringNotice' : 'tokenWords.expiringSoon'),
        action: t('tokenWords.expiring.action'),
      };
    case 'valid':
      return s.msLeft === undefined
        ? { words: t('tokenWords.validUnknown'), action: t('tokenWords.validUnknown.action') }
        : { words: t('tokenWords.valid'), action: '' };
    default:
      return { words: s.words, action: s.action };
  }
}

export function stsWords(s: StsCountdown): Words {
  return { words: t(`tokenWords.sts.${s.state}` as MessageKey), action: s.state === 'valid' ? '' : t(`tokenWords.sts.${s.state}.action` as MessageKey) };
}

export function windowWords(w: TimestampWindow): Words {
  if (w.state === 'unmeasured' || w.offsetMs === undefined)
    return { words: t('tokenWords.window.unmeasured'), action: t('tokenWords.window.unmeasured.action') };
  const seconds = Math.round(Math.abs(w.offsetMs) / 1000);
  const offset = t(w.offsetMs >= 0 ? 'tokenWords.window.ahead' : 'tokenWords.window.behind', { seconds });
  return {
    words: t(`tokenWords.window.${w.state}` as MessageKey, { offset }),
    action: w.state === 'inside' ? '' : t(`tokenWords.window.${w.state}.action` as MessageKey),
  };
}
