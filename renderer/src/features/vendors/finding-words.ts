// A pre-connect finding in the UI language, from its wording id and values. A finding this build has no words
// for (a newer backend) keeps the backend's English text.
import type { Finding } from '../../../../shared/contract/vendors.contract';
import { t, type MessageKey } from '../../i18n';
import { en } from '../../i18n/en';
import { previewNotes } from '../../i18n/en/preview-notes';

export function findingWords(f: Finding): { message: string; fix: string } {
  const key = `preconnect.${f.id ?? f.code}`;
  if (!(key in en) || !(`${key}.fix` in en)) return { message: f.message, fix: f.fix };
  const vars: Record<string, string | number> = { ...f.vars };
  if (typeof vars.offsetSeconds === 'number') {
    const s = vars.offsetSeconds;
    const dir = vars.direction === 'ahead' ? 'ahead' : 'behind';
    // Same rounding as the backend: minutes from two minutes on.
    vars.offset = s >= 120 ? t(`preconnect.offset.${dir}.min` as MessageKey, { n: Math.round(s / 60) }) : t(`preconnect.offset.${dir}.s` as MessageKey, { n: s });
  }
  return { message: t(key as MessageKey, vars), fix: t(`${key}.fix` as MessageKey, vars) };
}

/** A credential-preview note in the UI language, found by its exact English text; an unknown note stays as sent. */
export function previewNoteWords(note: string): string {
  const key = (Object.keys(previewNotes) as (keyof typeof previewNotes)[]).find((k) => previewNotes[k] === note);
  return key ? t(key) : note;
}
