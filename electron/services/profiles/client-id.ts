import crypto from 'node:crypto';
import type { ProfileKind } from '../../../shared/contract/profiles.contract';
import { KIND_DESCRIPTORS } from '../../../shared/vendors/kinds';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function randomAlnum(length: number): string {
  const bytes = crypto.randomBytes(length);
  let out = '';
  // 252 = 7 * 36: rejecting bytes above it keeps every character equally likely.
  for (let i = 0; out.length < length; i++) {
    if (i >= bytes.length) return out + randomAlnum(length - out.length);
    const b = bytes[i];
    if (b < 252) out += ALNUM[b % 36];
  }
  return out;
}

/**
 * A random client ID for a profile kind. For Alibaba MQ the Client ID is `GroupID@@@DeviceID` and the Group ID
 * is the user's, so only the device part is generated. Generic MQTT keeps to 23 characters, the most every
 * MQTT 3.1.1 server must accept.
 */
export function generateClientId(kind?: string): string {
  // Device IDs are letters and digits only; `fs` marks it as ours when it shows up in a console.
  if (kind && kind in KIND_DESCRIPTORS && KIND_DESCRIPTORS[kind as ProfileKind].clientIdStyle === 'short-alnum') return `fs${randomAlnum(10)}`;
  return `fieldscope-${randomAlnum(12)}`;
}
