/**
 * Checks on an apply request before it is sent (spec §1: at most 100 resources; expireTime at least 60 s
 * ahead; actions R, W or R,W). Kept free of node:crypto so the renderer form can run them as the user types.
 */
export const MAX_TOKEN_RESOURCES = 100;
export const MIN_TOKEN_LIFETIME_SEC = 60;
/** The MQ for IoT topic length limit applies to resources too. */
export const MAX_RESOURCE_LENGTH = 64;

export interface ApplyDraft {
  resources: readonly string[];
  actions: readonly string[];
  lifetimeSec: number;
}

export interface ApplyProblem {
  field: 'resources' | 'actions' | 'lifetimeSec';
  message: string;
}

/** Splits the text a user types (commas, spaces or new lines) into resources, dropping empties and repeats. */
export function parseResourceList(text: string): string[] {
  const seen = new Set<string>();
  for (const r of text.split(/[\s,]+/)) if (r) seen.add(r);
  return [...seen];
}

export function checkApplyDraft(d: ApplyDraft): ApplyProblem[] {
  const problems: ApplyProblem[] = [];
  const resources = d.resources.map((r) => r.trim()).filter(Boolean);
  if (resources.length === 0) problems.push({ field: 'resources', message: 'Give at least one resource (a topic the token covers).' });
  if (resources.length > MAX_TOKEN_RESOURCES) {
    problems.push({
      field: 'resources',
      message: `A token covers at most ${MAX_TOKEN_RESOURCES} resources; this one has ${resources.length}. Split them over several tokens.`,
    });
  }
  if (new Set(resources).size !== resources.length) problems.push({ field: 'resources', message: 'A resource is listed twice; list each once.' });
  const long = resources.find((r) => r.length > MAX_RESOURCE_LENGTH);
  if (long) problems.push({ field: 'resources', message: `"${long.slice(0, 20)}…" is ${long.length} characters; topics are at most ${MAX_RESOURCE_LENGTH}.` });
  if (resources.some((r) => r.includes(',')))
    problems.push({ field: 'resources', message: 'A resource cannot contain a comma (the form separates them with commas).' });
  const actions = d.actions.map((a) => a.trim().toUpperCase()).filter(Boolean);
  if (actions.length === 0 || actions.some((a) => a !== 'R' && a !== 'W') || new Set(actions).size !== actions.length) {
    problems.push({ field: 'actions', message: 'Actions must be R (subscribe), W (publish) or both.' });
  }
  if (!Number.isFinite(d.lifetimeSec) || d.lifetimeSec < MIN_TOKEN_LIFETIME_SEC) {
    problems.push({ field: 'lifetimeSec', message: `The lifetime must be at least ${MIN_TOKEN_LIFETIME_SEC} s (the token service refuses shorter ones).` });
  }
  return problems;
}
