// Explain parts (stable code + params from main) in the UI language: `explain.<code>` in the catalogue,
// English when the locale lacks it, the code itself when nothing knows it.
import { renderPart, renderParts, type ExplainPart } from '../../../../shared/vendors/explain-part';
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

export function explainParts(parts: readonly ExplainPart[]): string {
  return renderParts(parts, lookup);
}

export { getLocale };
