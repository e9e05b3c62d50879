/**
 * Alibaba Cloud IoT Platform AMQP 1.0 server-side subscription credentials [seed 002]:
 * userName = `<clientId>|iotInstanceId=..,authMode=aksign|ststoken,[securityToken=..,]signMethod=..,consumerGroupId=..,authId=<ak>,timestamp=<ms>|`
 * password = Base64(HMAC-<signMethod>(AccessKey secret, stringToSign)),
 * stringToSign = `authId=<ak>&timestamp=<ms>` or, for ststoken, `authId=<ak>&securityToken=<sts>&timestamp=<ms>`.
 */
import { hmacBase64, type HmacAlgorithm } from './hmac';

export type AmqpSignMethod = 'hmacmd5' | 'hmacsha1' | 'hmacsha256';
export type AmqpAuthMode = 'aksign' | 'ststoken';

export const AMQP_SIGN_METHODS: readonly AmqpSignMethod[] = ['hmacmd5', 'hmacsha1', 'hmacsha256'];

const ALGORITHMS: Record<AmqpSignMethod, HmacAlgorithm> = { hmacmd5: 'md5', hmacsha1: 'sha1', hmacsha256: 'sha256' };
/** Display names for the credential preview. */
export const AMQP_ALGORITHM_NAMES: Record<AmqpSignMethod, string> = { hmacmd5: 'HmacMD5', hmacsha1: 'HmacSHA1', hmacsha256: 'HmacSHA256' };

export interface AliyunAmqpInput {
  accessKey: string;
  accessSecret: string;
  clientId: string;
  consumerGroupId: string;
  timestamp: number;
  signMethod: AmqpSignMethod;
  iotInstanceId?: string;
  /** Present → authMode ststoken. */
  securityToken?: string;
}

export interface AliyunAmqpCredentials {
  username: string;
  password: string;
  stringToSign: string;
  usernameParams: Record<string, string>;
  authMode: AmqpAuthMode;
  algorithm: string;
}

export function isAmqpSignMethod(v: unknown): v is AmqpSignMethod {
  return typeof v === 'string' && (AMQP_SIGN_METHODS as readonly string[]).includes(v);
}

export function aliyunAmqpStringToSign(accessKey: string, timestamp: number | string, securityToken?: string): string {
  return securityToken ? `authId=${accessKey}&securityToken=${securityToken}&timestamp=${timestamp}` : `authId=${accessKey}&timestamp=${timestamp}`;
}

export function aliyunAmqpPassword(secret: string, signMethod: AmqpSignMethod, stringToSign: string): string {
  return hmacBase64(ALGORITHMS[signMethod], secret, stringToSign);
}

export function aliyunAmqpCredentials(input: AliyunAmqpInput): AliyunAmqpCredentials {
  const authMode: AmqpAuthMode = input.securityToken ? 'ststoken' : 'aksign';
  const timestamp = String(input.timestamp);
  // Insertion order gives the documented order in the userName (the server does not care about order).
  const usernameParams: Record<string, string> = {};
  if (input.iotInstanceId) usernameParams.iotInstanceId = input.iotInstanceId;
  usernameParams.authMode = authMode;
  if (input.securityToken) usernameParams.securityToken = input.securityToken;
  usernameParams.signMethod = input.signMethod;
  usernameParams.consumerGroupId = input.consumerGroupId;
  usernameParams.authId = input.accessKey;
  usernameParams.timestamp = timestamp;
  const params = Object.entries(usernameParams)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const stringToSign = aliyunAmqpStringToSign(input.accessKey, timestamp, input.securityToken);
  return {
    username: `${input.clientId}|${params}|`,
    password: aliyunAmqpPassword(input.accessSecret, input.signMethod, stringToSign),
    stringToSign,
    usernameParams,
    authMode,
    algorithm: AMQP_ALGORITHM_NAMES[input.signMethod],
  };
}

/**
 * Parses a cloud-style AMQP userName `<clientId>|k=v,k=v|`. Null when it is not in that shape.
 * The client ID is everything before the first `|`; the params are between it and the final `|`.
 * Values may contain `=` (Base64 STS tokens), so each pair splits at its first `=` only.
 */
export function parseAliyunAmqpUsername(username: string): { clientId: string; params: Record<string, string> } | null {
  const first = username.indexOf('|');
  if (first <= 0 || !username.endsWith('|') || username.length - 1 <= first) return null;
  const clientId = username.slice(0, first);
  const body = username.slice(first + 1, -1);
  const params: Record<string, string> = {};
  if (body.length > 0) {
    for (const pair of body.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) return null;
      params[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  return { clientId, params };
}

export type AmqpVerifyResult =
  | { ok: true; clientId: string; params: Record<string, string> }
  | { ok: false; reason: 'malformed-username' | 'missing-param' | 'bad-sign-method' | 'bad-auth-mode' | 'bad-signature'; detail: string };

/**
 * Server-side check (sandbox): parses the userName, recomputes the password with the secret looked up
 * for its authId, and compares. Timestamp freshness and consumer groups are the caller's policy.
 */
export function verifyAliyunAmqpLogin(username: string, password: string, secretFor: (authId: string) => string | undefined): AmqpVerifyResult {
  const parsed = parseAliyunAmqpUsername(username);
  if (!parsed) return { ok: false, reason: 'malformed-username', detail: 'userName must be <clientId>|k=v,...|' };
  const { params } = parsed;
  for (const key of ['authMode', 'signMethod', 'authId', 'timestamp']) {
    if (!params[key]) return { ok: false, reason: 'missing-param', detail: `userName lacks ${key}` };
  }
  if (!isAmqpSignMethod(params.signMethod)) return { ok: false, reason: 'bad-sign-method', detail: `unknown signMethod ${params.signMethod}` };
  if (params.authMode !== 'aksign' && params.authMode !== 'ststoken')
    return { ok: false, reason: 'bad-auth-mode', detail: `unknown authMode ${params.authMode}` };
  if (params.authMode === 'ststoken' && !params.securityToken) return { ok: false, reason: 'missing-param', detail: 'ststoken needs securityToken' };
  const secret = secretFor(params.authId);
  if (secret === undefined) return { ok: false, reason: 'bad-signature', detail: 'unknown authId' };
  const expected = aliyunAmqpPassword(
    secret,
    params.signMethod,
    aliyunAmqpStringToSign(params.authId, params.timestamp, params.authMode === 'ststoken' ? params.securityToken : undefined),
  );
  if (expected !== password) return { ok: false, reason: 'bad-signature', detail: 'password does not match the signature' };
  return { ok: true, clientId: parsed.clientId, params };
}
