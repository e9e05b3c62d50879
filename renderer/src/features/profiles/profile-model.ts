// Profile form model: defaults per kind, which keychain slots each kind uses, and the form's view of zod
// issues. Pure, so it is unit-tested; the schema itself is the shared contract's.
import type { z } from 'zod';
import { t, type MessageKey } from '../../i18n';
import { kindDescriptor, PROFILE_KINDS as KIND_ORDER } from '../../../../shared/vendors/kinds';
import { Profile, type ProfileInput, type ProfileKind, type SecretSlot } from '../../../../shared/contract/profiles.contract';

/** The kinds the UI offers, in order: the descriptors' list. */
export const PROFILE_KINDS: ProfileKind[] = [...KIND_ORDER];

/** The keychain slots a kind's form offers (the kind's descriptor decides per auth mode). */
export function secretSlotsFor(kind: ProfileKind, draft: Record<string, unknown> = {}): SecretSlot[] {
  return kindDescriptor(kind).formSecretSlots(draft);
}

/** A new profile's starting values: what the vendor documents as usual (reconnect values included). */
export function defaultProfile(kind: ProfileKind, id: string, name: string): ProfileInput {
  return kindDescriptor(kind).defaults(id, name);
}

/** The kind's display name in the UI language ("Alibaba MQ for IoT", never the internal id). */
export function kindName(kind: ProfileKind): string {
  return t(kindDescriptor(kind).nameKey as MessageKey);
}

/** Alibaba MQ for IoT builds the client ID from the Group ID and Device ID. */
export function aliyunMqClientId(groupId: string, deviceId: string): string {
  return `${groupId}@@@${deviceId}`;
}

export type FieldErrors = Record<string, string>;

/** A zod issue in words that say what to type (zod's own text names types, not fixes). */
export function friendlyIssue(i: z.core.$ZodIssue): string {
  const r = i as unknown as { origin?: string; minimum?: number | bigint; maximum?: number | bigint; expected?: string; values?: unknown[]; input?: unknown };
  switch (i.code) {
    case 'too_small':
      if (r.origin === 'string') return Number(r.minimum) <= 1 ? t('core.valid.required') : t('core.valid.minLength', { min: String(r.minimum) });
      if (r.origin === 'number') return t('core.valid.min', { min: String(r.minimum) });
      break;
    case 'too_big':
      if (r.origin === 'string') return t('core.valid.maxLength', { max: String(r.maximum) });
      if (r.origin === 'number') return t('core.valid.max', { max: String(r.maximum) });
      break;
    case 'invalid_type':
      if (r.expected === 'int') return t('core.valid.integer');
      if (r.expected === 'number') return t('core.valid.number');
      return t('core.valid.required');
    case 'invalid_value':
      if (r.values) return t('core.valid.oneOf', { values: r.values.map(String).join(', ') });
      break;
  }
  return i.message;
}

/** zod issues keyed by dotted path ("tls.caFile"); the first issue per field wins. */
export function issuesByField(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const i of issues) {
    const key = i.path.map(String).join('.') || '_';
    out[key] ??= friendlyIssue(i);
  }
  return out;
}

export function validateDraft(draft: ProfileInput): { ok: true } | { ok: false; errors: FieldErrors } {
  const r = Profile.safeParse(draft);
  return r.success ? { ok: true } : { ok: false, errors: issuesByField(r.error.issues) };
}

/**
 * Secret edits made in the form: a string replaces the slot, null clears it, absent leaves it. They are
 * sent once with the save and then dropped from renderer state.
 */
export type SecretEdits = Partial<Record<SecretSlot, string | null>>;

export function secretsToSend(edits: SecretEdits): Record<string, string | null> | undefined {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(edits)) if (v === null || (typeof v === 'string' && v.length > 0)) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

export function newProfileId(): string {
  return `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Main's zod message ("profile.port: Too big; host: Too small") split back into fields for the form. */
export function parseBackendErrors(message: string): FieldErrors {
  const out: FieldErrors = {};
  for (const part of message.split('; ')) {
    const m = /^([\w.]+): (.+)$/.exec(part);
    if (m) out[m[1]!.replace(/^profile\./, '')] ??= m[2]!;
  }
  return out;
}
