// The words for a keychain slot: its field label in the editor, and the lower-case name used in sentences.
import type { SecretSlot } from '../../../../shared/contract/profiles.contract';
import { t, type MessageKey } from '../../i18n';
import { en } from '../../i18n/en';

const has = (key: string): key is MessageKey => key in en;

export function secretLabel(slot: SecretSlot): string {
  const key = `core.secret.${slot}`;
  return t(has(key) ? key : (`kinds.secret.${slot}` as MessageKey));
}

export function slotWords(slot: string | undefined): string {
  if (!slot) return '';
  const key = `vendors.slot.${slot}`;
  if (has(key)) return t(key);
  const own = `kinds.slot.${slot}`;
  return has(own) ? t(own) : slot;
}
