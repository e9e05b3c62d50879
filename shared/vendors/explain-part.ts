/**
 * Refusal explanations and pre-connect findings travel as stable codes with parameters, so the renderer can
 * show them through its i18n catalogue (renderer/src/i18n/<locale>/explain.ts, keys `explain.<code>`). The
 * English templates live here, in shared/, so the backend log, the CLI and the English catalogue say the same.
 */
/** A param is a value, or another part (e.g. a reason code's words) rendered in the same language. */
export type ExplainParam = string | number | ExplainPart;
export type ExplainParams = Readonly<Record<string, ExplainParam>>;

export interface ExplainPart {
  code: string;
  params?: ExplainParams;
}

export const part = (code: string, params?: ExplainParams): ExplainPart => (params ? { code, params } : { code });

export type ExplainTemplates = Readonly<Record<string, string>>;

/** Looks a template up; the renderer passes its catalogue (with English fallback), shared passes EXPLAIN_EN. */
export type TemplateLookup = ExplainTemplates | ((code: string) => string | undefined);

const lookup = (templates: TemplateLookup, code: string): string | undefined => (typeof templates === 'function' ? templates(code) : templates[code]);

/** `{name}` placeholders filled from params (nested parts rendered too); an unknown placeholder stays visible. */
export function fillTemplate(template: string, params: ExplainParams | undefined, templates: TemplateLookup): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    return typeof v === 'object' ? renderPart(v, templates) : String(v);
  });
}

/** One part in words; the code itself when no template is known (visible, never silently empty). */
export function renderPart(p: ExplainPart, templates: TemplateLookup): string {
  const template = lookup(templates, p.code);
  return template === undefined ? p.code : fillTemplate(template, p.params, templates);
}

export function renderParts(parts: readonly ExplainPart[], templates: TemplateLookup): string {
  return parts
    .map((p) => renderPart(p, templates))
    .filter(Boolean)
    .join(' ')
    .trim();
}
