/**
 * MQ for IoT token service (/token/apply, /token/revoke, /token/query) and the online query
 * (/route/clientId/get) request signing [seed 004]: `key=value` pairs sorted by key, the comma-separated
 * values inside a pair sorted too, pairs joined with `&`; signature = Base64(HmacSHA1(SecretKey, that string)).
 */
import { hmacBase64, sameSignature } from './hmac';

export type SignParams = Readonly<Record<string, string | number>>;

export interface SignedString {
  stringToSign: string;
  signature: string;
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The canonical string the token service signs. Sorting is by UTF-16 code unit, like Java's String.compareTo. */
export function aliyunMqStringToSign(params: SignParams): string {
  return Object.keys(params)
    .sort(byCodeUnit)
    .map((key) => {
      const values = String(params[key]).split(',').sort(byCodeUnit);
      return `${key}=${values.join(',')}`;
    })
    .join('&');
}

export function aliyunMqSign(params: SignParams, secretKey: string): SignedString {
  const stringToSign = aliyunMqStringToSign(params);
  return { stringToSign, signature: hmacBase64('sha1', secretKey, stringToSign) };
}

/** Server side (sandbox): checks a signature over the given signed params. */
export function verifyAliyunMqSignature(params: SignParams, secretKey: string, signature: string): boolean {
  return sameSignature(aliyunMqSign(params, secretKey).signature, signature);
}

export const TOKEN_APPLY_PATH = '/token/apply';
export const TOKEN_REVOKE_PATH = '/token/revoke';
export const TOKEN_QUERY_PATH = '/token/query';
export const ONLINE_QUERY_PATH = '/route/clientId/get';

/** Fields signed by each request (the rest of the form is sent but not signed). */
export const TOKEN_APPLY_SIGNED_FIELDS = ['actions', 'resources', 'expireTime', 'serviceName'] as const;
export const TOKEN_TOKEN_SIGNED_FIELDS = ['token'] as const;
export const ONLINE_QUERY_SIGNED_FIELDS = ['accessKey', 'resource', 'timestamp'] as const;

export const TOKEN_MAX_RESOURCES = 100;
export const TOKEN_MIN_LIFETIME_MS = 60_000;

export interface TokenApplyInput {
  accessKey: string;
  secretKey: string;
  /** Comma-separated topics (sent as given; sorted only inside the string-to-sign). */
  resources: string | readonly string[];
  actions: string | readonly string[];
  expireTime: number;
  proxyType?: string;
  serviceName?: string;
}

export interface SignedForm extends SignedString {
  /** The form exactly as posted (every value a string). */
  form: Record<string, string>;
}

const joinList = (v: string | readonly string[]): string => (typeof v === 'string' ? v : v.join(','));

export function tokenApplyForm(input: TokenApplyInput): SignedForm {
  const actions = joinList(input.actions);
  const resources = joinList(input.resources);
  const expireTime = String(input.expireTime);
  const serviceName = input.serviceName ?? 'mq';
  const signed = aliyunMqSign({ actions, resources, expireTime, serviceName }, input.secretKey);
  return {
    ...signed,
    form: {
      actions,
      resources,
      expireTime,
      serviceName,
      proxyType: input.proxyType ?? 'MQTT',
      accessKey: input.accessKey,
      signature: signed.signature,
    },
  };
}

export interface TokenTokenInput {
  accessKey: string;
  secretKey: string;
  token: string;
}

function tokenForm(input: TokenTokenInput): SignedForm {
  const signed = aliyunMqSign({ token: input.token }, input.secretKey);
  return { ...signed, form: { token: input.token, accessKey: input.accessKey, signature: signed.signature } };
}

export function tokenRevokeForm(input: TokenTokenInput): SignedForm {
  return tokenForm(input);
}

export function tokenQueryForm(input: TokenTokenInput): SignedForm {
  return tokenForm(input);
}

export interface OnlineQueryInput {
  accessKey: string;
  secretKey: string;
  /** The Client ID to look up (GroupID@@@DeviceID). */
  resource: string;
  timestamp: number;
}

export interface OnlineQueryRequest extends SignedString {
  method: 'GET';
  path: typeof ONLINE_QUERY_PATH;
  query: Record<string, string>;
  /** path + '?' + URL-encoded query, to append to the instance endpoint. */
  pathWithQuery: string;
}

export function onlineQueryRequest(input: OnlineQueryInput): OnlineQueryRequest {
  const timestamp = String(input.timestamp);
  const signed = aliyunMqSign({ accessKey: input.accessKey, resource: input.resource, timestamp }, input.secretKey);
  const query = { accessKey: input.accessKey, resource: input.resource, timestamp, signature: signed.signature };
  return {
    ...signed,
    method: 'GET',
    path: ONLINE_QUERY_PATH,
    query,
    pathWithQuery: `${ONLINE_QUERY_PATH}?${new URLSearchParams(query).toString()}`,
  };
}

/** Problems with an apply request the user can fix before sending it (empty = fine). */
export function checkTokenApply(input: {
  resources: string | readonly string[];
  actions: string | readonly string[];
  expireTime: number;
  now: number;
}): string[] {
  const problems: string[] = [];
  const resources = joinList(input.resources)
    .split(',')
    .filter((r) => r.length > 0);
  if (resources.length === 0) problems.push('Give at least one resource (topic).');
  if (resources.length > TOKEN_MAX_RESOURCES)
    problems.push(`A token covers at most ${TOKEN_MAX_RESOURCES} resources; this one has ${resources.length}. Split it.`);
  const actions = joinList(input.actions)
    .split(',')
    .filter((a) => a.length > 0)
    .sort();
  const allowed = ['R', 'W'];
  if (actions.length === 0 || actions.some((a) => !allowed.includes(a)) || new Set(actions).size !== actions.length) {
    problems.push('Actions must be R, W or R,W.');
  }
  if (input.expireTime - input.now < TOKEN_MIN_LIFETIME_MS) problems.push('The expire time must be at least 60 s in the future.');
  return problems;
}
