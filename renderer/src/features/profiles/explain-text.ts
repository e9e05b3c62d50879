// Explain parts (stable code + params from main) in the UI language: `explain.<code>` in the catalogue,
// English when the locale lacks it, the code itself when nothing knows it.
import { renderPart, type ExplainPart } from '../../../../shared/vendors/explain-part';
import { getLocale, t, type MessageKey } from '../../i18n';
import { en } from '../../i18n/en';

const lookup = (code: string): string | undefined => {
  const key = `explain.${code}`;
  if (!(key in en)) return undefined;
  return t(key as MessageKey);
};

export function explainPart(p: ExplainPart): string {
  return renderPart(p, lookup);
}

/** Sentences join with a space in English and with nothing in Chinese (full-width punctuation ends them). */
export function explainParts(parts: readonly ExplainPart[]): string {
  const joiner = getLocale().startsWith('zh') ? '' : ' ';
  return parts
    .map((p) => renderPart(p, lookup))
    .filter(Boolean)
    .join(joiner)
    .trim();
}

/** A connection state's or log line's explanation in the UI language (English text when it has no parts). */
export function explanationText(x: { explanation?: string; explanationParts?: readonly ExplainPart[] }): string | undefined {
  return x.explanationParts?.length ? explainParts(x.explanationParts) : x.explanation;
}
