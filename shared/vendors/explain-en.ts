/**
 * Every English explain template: the common refusal words plus each kind's texts. The renderer's English
 * catalogue (i18n/en/explain.ts) is built from this table, so the app and the backend say the same.
 */
import { KIND_DESCRIPTORS } from './kinds';
import { REFUSAL_TEXT_EN } from './refusal-words';

export const CHECK_TEXT_EN: Readonly<Record<string, string>> = {
  'check.tls-verification-skipped': 'TLS certificate verification is turned off: anyone on the network path can read the credentials and the traffic.',
  'check.tls-verification-skipped.fix': 'Turn verification back on and give the CA file if the server uses a private CA; skip it only against a local test broker.',
  'check.clock-skew.signed': 'The local clock is {offset} (more than 5 minutes). The server rejects a signed timestamp outside ±5 minutes, so the connection will be refused.',
  'check.clock-skew.unsigned': 'The local clock is {offset} (more than 5 minutes). Token expiry and online queries depend on the clock.',
  'check.clock-skew.fix': 'Synchronise the system clock (turn on automatic time / NTP) and try again.',
  'clock.ahead.s': '{n} s ahead of the server',
  'clock.behind.s': '{n} s behind the server',
  'clock.ahead.min': '{n} min ahead of the server',
  'clock.behind.min': '{n} min behind the server',
};

function merge(): Record<string, string> {
  const out: Record<string, string> = { ...REFUSAL_TEXT_EN, ...CHECK_TEXT_EN };
  for (const d of Object.values(KIND_DESCRIPTORS)) {
    for (const [code, text] of Object.entries(d.texts)) {
      // Kinds may share a template (e.g. an instance ID check) but never give one code two texts.
      if (out[code] !== undefined && out[code] !== text) throw new Error(`explain template ${code} has two texts (${d.kind})`);
      out[code] = text;
    }
  }
  return out;
}

export const EXPLAIN_EN: Readonly<Record<string, string>> = merge();
