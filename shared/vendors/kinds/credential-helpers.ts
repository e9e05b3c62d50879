/** Helpers every descriptor's credentials and preview use: secret masking and the missing-secret error. */
import { AppError } from '../../contract/define';
import type { SecretSlot } from '../../contract/profiles.contract';
import type { PasswordPreview } from '../../contract/vendors.contract';
import type { SecretValues } from './kind-descriptor';

export const SECRET_MASK = '••••••••';

export function maskDerived(signature: string): string {
  return `${signature.slice(0, 4)}•••`;
}

export const derivedPassword = (signature: string, slot: SecretSlot): PasswordPreview => ({
  kind: 'derived',
  masked: maskDerived(signature),
  revealable: true,
  slot,
});
export const rawSecretPassword = (slot: SecretSlot): PasswordPreview => ({ kind: 'secret', masked: SECRET_MASK, revealable: false, slot });
export const missingPassword = (slot: SecretSlot): PasswordPreview => ({ kind: 'missing', masked: '', revealable: false, slot });
export const noPassword = (): PasswordPreview => ({ kind: 'none', masked: '', revealable: false });

export const present = (v: string | null | undefined): v is string => v !== null && v !== undefined && v !== '';

/** Replaces every occurrence of a secret inside a shown string with the mask. */
export function hideSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join(SECRET_MASK) : text;
}

/** How the missing-secret error names each slot. */
export const SLOT_WORDS: Readonly<Record<SecretSlot, string>> = {
  password: 'password',
  secretKey: 'SecretKey',
  accessSecret: 'AccessKey secret',
  securityToken: 'STS security token',
  accessCode: 'access code',
  clientKey: 'client private key',
  tokenR: 'R token',
  tokenW: 'W token',
  tokenRW: 'RW token',
  deviceAccessKeySecret: 'DeviceAccessKeySecret',
  deviceSecret: 'device secret',
};

export function requireSecret(secrets: SecretValues, slot: SecretSlot, profileName: string): string {
  const value = secrets[slot];
  if (!present(value)) {
    const words = SLOT_WORDS[slot];
    throw new AppError(
      'missing-secret',
      `Profile "${profileName}" has no ${words} set.`,
      `Enter the ${words} in the profile editor; it is kept in the OS keychain.`,
    );
  }
  return value;
}

/** The editor fields every MQTT kind shares for transport. */
export const TRANSPORT_OPTIONS = [
  { value: 'tcp', labelKey: 'core.transport.tcp' },
  { value: 'tls', labelKey: 'core.transport.tls' },
  { value: 'ws', labelKey: 'core.transport.ws' },
  { value: 'wss', labelKey: 'core.transport.wss' },
] as const;

export const SIGN_METHOD_OPTIONS = [
  { value: 'hmacmd5', label: 'hmacmd5' },
  { value: 'hmacsha1', label: 'hmacsha1' },
  { value: 'hmacsha256', label: 'hmacsha256' },
] as const;

/** The MQTT session values a new profile starts with. */
export const MQTT_SESSION_DEFAULTS = {
  wsPath: '/mqtt',
  clientId: '',
  protocolVersion: 4,
  clean: true,
  keepaliveSec: 60,
  connectTimeoutMs: 10_000,
  subscriptions: [],
} as const;
/** Reconnect values a new profile starts with (the contract's defaults, shown in the editor from the start). */
export const RECONNECT_DEFAULTS = { enabled: true, initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 0 } as const;
