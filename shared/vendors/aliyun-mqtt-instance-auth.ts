/**
 * ApsaraMQ for MQTT, current instances (cloud-behaviours §6): the UserName names the auth mode and the
 * instance, `<Mode>|<AccessKeyId>|<InstanceId>`; Signature and DeviceCredential sign the whole Client ID,
 * Token lists the tokens held. The legacy scheme of seed 004 (UserName = AccessKey, signing the Group ID)
 * stays in aliyun-mq-signature.ts.
 */
import { hmacBase64, sameSignature } from './hmac';
import { aliyunMqClientId } from './aliyun-mq-signature';

export type AliyunMqttInstanceMode = 'Signature' | 'Token' | 'DeviceCredential';
export const ALIYUN_MQTT_INSTANCE_MODES: readonly AliyunMqttInstanceMode[] = ['Signature', 'Token', 'DeviceCredential'];

export type AliyunMqttTokenType = 'R' | 'W' | 'RW';
/** The order the password lists them in (a server accepts any order). */
export const ALIYUN_MQTT_TOKEN_TYPES: readonly AliyunMqttTokenType[] = ['R', 'W', 'RW'];
export type AliyunMqttTokens = Partial<Record<AliyunMqttTokenType, string>>;

interface ClientIdParts {
  instanceId: string;
  groupId: string;
  deviceId: string;
}

export interface AliyunMqttSignatureInput extends ClientIdParts {
  accessKey: string;
  secretKey: string;
}

export interface AliyunMqttTokenInput extends ClientIdParts {
  accessKey: string;
  tokens: AliyunMqttTokens;
}

export interface AliyunMqttDeviceCredentialInput extends ClientIdParts {
  deviceAccessKeyId: string;
  deviceAccessKeySecret: string;
}

export interface AliyunMqttSignedCredentials {
  clientId: string;
  username: string;
  password: string;
  /** The data signed: the whole Client ID. */
  stringToSign: string;
}

export interface AliyunMqttTokenCredentials {
  clientId: string;
  username: string;
  password: string;
}

export function aliyunMqttInstanceUsername(mode: AliyunMqttInstanceMode, accessKeyId: string, instanceId: string): string {
  return `${mode}|${accessKeyId}|${instanceId}`;
}

/** Base64(HmacSHA1(secret, ClientId)): the password of Signature and DeviceCredential modes. */
export function aliyunMqttClientIdSignature(secret: string, clientId: string): string {
  return hmacBase64('sha1', secret, clientId);
}

export function aliyunMqttSignatureCredentials(input: AliyunMqttSignatureInput): AliyunMqttSignedCredentials {
  const clientId = aliyunMqClientId(input.groupId, input.deviceId);
  return {
    clientId,
    username: aliyunMqttInstanceUsername('Signature', input.accessKey, input.instanceId),
    password: aliyunMqttClientIdSignature(input.secretKey, clientId),
    stringToSign: clientId,
  };
}

export function aliyunMqttDeviceCredentialCredentials(input: AliyunMqttDeviceCredentialInput): AliyunMqttSignedCredentials {
  const clientId = aliyunMqClientId(input.groupId, input.deviceId);
  return {
    clientId,
    username: aliyunMqttInstanceUsername('DeviceCredential', input.deviceAccessKeyId, input.instanceId),
    password: aliyunMqttClientIdSignature(input.deviceAccessKeySecret, clientId),
    stringToSign: clientId,
  };
}

/** `R|<tokR>|W|<tokW>|RW|<tokRW>` for the tokens held, in that order; empty when none is held. */
export function aliyunMqttTokenPassword(tokens: AliyunMqttTokens): string {
  return ALIYUN_MQTT_TOKEN_TYPES.filter((t) => tokens[t])
    .map((t) => `${t}|${tokens[t]}`)
    .join('|');
}

export function aliyunMqttTokenCredentials(input: AliyunMqttTokenInput): AliyunMqttTokenCredentials {
  return {
    clientId: aliyunMqClientId(input.groupId, input.deviceId),
    username: aliyunMqttInstanceUsername('Token', input.accessKey, input.instanceId),
    password: aliyunMqttTokenPassword(input.tokens),
  };
}

/** Splits `<Mode>|<AccessKeyId>|<InstanceId>`; undefined for anything else (e.g. a legacy bare AccessKey). */
export function parseAliyunMqttInstanceUsername(username: string): { mode: AliyunMqttInstanceMode; accessKeyId: string; instanceId: string } | undefined {
  const parts = username.split('|');
  if (parts.length !== 3) return undefined;
  const [mode, accessKeyId, instanceId] = parts as [string, string, string];
  if (!(ALIYUN_MQTT_INSTANCE_MODES as readonly string[]).includes(mode) || !accessKeyId || !instanceId) return undefined;
  return { mode: mode as AliyunMqttInstanceMode, accessKeyId, instanceId };
}

/** Parses a Token-mode password (`type|token` pairs, any order); undefined when malformed or a type repeats. */
export function parseAliyunMqttTokenPassword(password: string): AliyunMqttTokens | undefined {
  const parts = password.split('|');
  if (parts.length === 0 || parts.length % 2 !== 0) return undefined;
  const out: AliyunMqttTokens = {};
  for (let i = 0; i < parts.length; i += 2) {
    const type = parts[i] as AliyunMqttTokenType;
    const token = parts[i + 1]!;
    if (!(ALIYUN_MQTT_TOKEN_TYPES as readonly string[]).includes(type) || !token || out[type] !== undefined) return undefined;
    out[type] = token;
  }
  return out;
}

/** A legacy UserName is a bare AccessKey: no `|`. Used to explain a legacy client talking to a current instance. */
export function looksLikeLegacyMqUsername(username: string): boolean {
  return username.length > 0 && !username.includes('|');
}

export type AliyunMqttInstanceVerifyResult =
  | { ok: true; mode: AliyunMqttInstanceMode; accessKeyId: string; instanceId: string; tokens?: AliyunMqttTokens }
  | {
      ok: false;
      reason:
        'legacy-username' | 'malformed-username' | 'wrong-instance' | 'mode-disabled' | 'unknown-access-key' | 'bad-signature' | 'malformed-token-password';
      detail: string;
    };

export interface AliyunMqttInstanceVerifier {
  instanceId: string;
  /** Modes the server accepts (default: all). */
  modes?: readonly AliyunMqttInstanceMode[];
  /** The secret for an AccessKeyId (Signature) or device AccessKeyId (DeviceCredential); undefined = unknown. */
  secretFor(mode: 'Signature' | 'DeviceCredential', accessKeyId: string): string | undefined;
}

/**
 * Server-side check (sandbox) of the CONNECT credentials. Token validity (resources, expiry) is the caller's
 * policy: a Token login returns the parsed tokens for it to check.
 */
export function verifyAliyunMqttInstanceLogin(
  clientId: string,
  username: string,
  password: string,
  v: AliyunMqttInstanceVerifier,
): AliyunMqttInstanceVerifyResult {
  if (looksLikeLegacyMqUsername(username))
    return {
      ok: false,
      reason: 'legacy-username',
      detail: 'UserName is a bare AccessKey (legacy scheme); this instance expects <Mode>|<AccessKeyId>|<InstanceId>',
    };
  const parsed = parseAliyunMqttInstanceUsername(username);
  if (!parsed) return { ok: false, reason: 'malformed-username', detail: 'UserName must be Signature|Token|DeviceCredential + |<AccessKeyId>|<InstanceId>' };
  if (parsed.instanceId !== v.instanceId)
    return { ok: false, reason: 'wrong-instance', detail: `UserName names instance ${parsed.instanceId}, this is ${v.instanceId}` };
  if (!(v.modes ?? ALIYUN_MQTT_INSTANCE_MODES).includes(parsed.mode))
    return { ok: false, reason: 'mode-disabled', detail: `${parsed.mode} mode is not enabled on this instance` };
  if (parsed.mode === 'Token') {
    const tokens = parseAliyunMqttTokenPassword(password);
    if (!tokens) return { ok: false, reason: 'malformed-token-password', detail: 'Token-mode password must be type|token pairs (R, W, RW) joined by |' };
    return { ok: true, ...parsed, tokens };
  }
  const secret = v.secretFor(parsed.mode, parsed.accessKeyId);
  if (secret === undefined)
    return {
      ok: false,
      reason: 'unknown-access-key',
      detail: `unknown ${parsed.mode === 'Signature' ? 'AccessKeyId' : 'device AccessKeyId'} ${parsed.accessKeyId}`,
    };
  if (!sameSignature(aliyunMqttClientIdSignature(secret, clientId), password))
    return { ok: false, reason: 'bad-signature', detail: 'password is not Base64(HmacSHA1(secret, ClientId))' };
  return { ok: true, ...parsed };
}
