/**
 * MQ for IoT response codes in words with what to do [seed 004]: the token service (/token/*),
 * the online query (/route/clientId/get) and $SYS/tokenInvalidNotice.
 */

export interface CodeExplanation {
  code: number;
  words: string;
  /** What the user can do about it (empty for success). */
  action: string;
}

const table = (rows: ReadonlyArray<[number, string, string]>): ReadonlyMap<number, CodeExplanation> =>
  new Map(rows.map(([code, words, action]) => [code, { code, words, action }]));

export const TOKEN_SERVICE_CODES = table([
  [200, 'Success', ''],
  [
    400,
    'Parameter check failed',
    'Check every field: actions R, W or R,W; at most 100 resources; expireTime at least 60 s ahead (ms epoch); proxyType MQTT; serviceName mq.',
  ],
  [
    407,
    'Signature wrong',
    'Check the SecretKey and that the signed fields (actions, resources, expireTime, serviceName — or token) are exactly the ones sent.',
  ],
  [409, 'Token generation failed', "Retry later; if it persists, check that the resources exist in this region and belong to the AccessKey's account."],
  [410, 'Token revoke failed', 'Check the token text and retry; a token already revoked or expired cannot be revoked again.'],
  [1, 'Token is forged or cannot be parsed', 'Apply for a new token; check the token was copied whole.'],
  [2, 'Token has expired', 'Apply for a new token with a later expire time.'],
  [3, 'Token has been revoked', 'Apply for a new token.'],
]);

export const ONLINE_QUERY_CODES = table([
  [0, 'Success', ''],
  [1, 'Parameters missing', 'Send accessKey, resource, timestamp and signature.'],
  [2, 'Signature wrong', 'Check the SecretKey; the signature covers accessKey, resource and timestamp.'],
  [3, 'Permission denied: this account has no such Group ID', "Check the Client ID's Group ID exists in this instance and belongs to the AccessKey's account."],
  [4, 'Timestamp expired', 'The timestamp must be within 5 minutes of the server clock: fix the local clock.'],
]);

export const ONLINE_QUERY_HTTP_STATUS = table([
  [200, 'OK', ''],
  [
    400,
    'Bad request: wrong URL or missing parameters',
    'Use https://<instance endpoint>/route/clientId/get with accessKey, resource, timestamp and signature.',
  ],
  [403, 'Authentication failed: wrong signature or no permission on this Client ID', 'Check the SecretKey and that the Client ID belongs to this account.'],
]);

export const TOKEN_INVALID_NOTICE_CODES = table([
  [1, 'Token is forged or cannot be parsed', 'Apply for a new token; check the token was copied whole.'],
  [2, 'Token has expired', 'Renew the token (apply a new one) and upload it before reconnecting.'],
  [3, 'Token has been revoked', 'Apply for a new token; do not reconnect with the revoked one.'],
  [4, 'Resource does not match the token', 'Apply for a token whose resources cover the topics this client uses.'],
  [5, 'Permission type does not match the token', 'Upload the token with the right type (R, W or RW) or apply for one with the needed actions.'],
  [8, 'Token signature invalid', 'Apply for a new token; the token text was altered.'],
  [-1, 'Account permission invalid', "Check the AccessKey's account permissions for MQ for IoT."],
]);

function lookup(map: ReadonlyMap<number, CodeExplanation>, code: number, what: string): CodeExplanation {
  return map.get(code) ?? { code, words: `Unknown ${what} code ${code}`, action: 'See the vendor documentation for this code.' };
}

export const explainTokenServiceCode = (code: number): CodeExplanation => lookup(TOKEN_SERVICE_CODES, code, 'token service');
export const explainOnlineQueryCode = (code: number): CodeExplanation => lookup(ONLINE_QUERY_CODES, code, 'online query');
export const explainOnlineQueryHttpStatus = (status: number): CodeExplanation => lookup(ONLINE_QUERY_HTTP_STATUS, status, 'HTTP status');
export const explainTokenInvalidCode = (code: number): CodeExplanation => lookup(TOKEN_INVALID_NOTICE_CODES, code, 'token invalid notice');

/** The online query's `online` field in words: 0 offline, n > 0 connections, -1 unknown (retry; treat as online). */
export function describeOnlineCount(online: number): { state: 'offline' | 'online' | 'unknown'; words: string } {
  if (online === 0) return { state: 'offline', words: 'Offline' };
  if (online < 0) return { state: 'unknown', words: 'Unknown (server data not yet in sync): retry, and treat as online meanwhile' };
  if (online === 1) return { state: 'online', words: 'Online (1 TCP connection)' };
  return { state: 'online', words: `Online with ${online} TCP connections: more than one hints at duplicate connections with the same Client ID` };
}
