/**
 * Alibaba Cloud's RocketMQ 4.x request signature (the ONS client's and ali-ons' ClientRPCHook): the
 * request's extFields plus AccessKey and OnsChannel, sorted by name, values concatenated (Signature left
 * out), then the body bytes; Base64(HmacSHA1(SecretKey, that)).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { bytesToBase64 } from '../mqtt/base64';

export const ONS_CHANNEL = 'ALIYUN';

export function signatureInput(fields: Record<string, string>, body?: Uint8Array): Uint8Array {
  const text = Object.keys(fields)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => fields[k])
    .join('');
  const head = utf8ToBytes(text);
  if (!body?.length) return head;
  const all = new Uint8Array(head.length + body.length);
  all.set(head);
  all.set(body, head.length);
  return all;
}

export function aclSignature(secretKey: string, fields: Record<string, string>, body?: Uint8Array): string {
  return bytesToBase64(hmac(sha1, utf8ToBytes(secretKey), signatureInput(fields, body)));
}

/** Adds AccessKey, OnsChannel and Signature to a request's extFields (what a signing client sends). */
export function signFields(accessKey: string, secretKey: string, fields: Record<string, string>, body?: Uint8Array): Record<string, string> {
  const withKey = { ...fields, AccessKey: accessKey, OnsChannel: ONS_CHANNEL };
  return { ...withKey, Signature: aclSignature(secretKey, withKey, body) };
}

export type AclVerdict =
  { ok: true; accessKey: string } | { ok: false; reason: 'no-access-key' | 'unknown-access-key' | 'signature-mismatch'; accessKey?: string };

/** Checks a request against the known accounts (AccessKey -> SecretKey). */
export function verifyAcl(secrets: ReadonlyMap<string, string>, fields: Record<string, string>, body?: Uint8Array): AclVerdict {
  const ak = fields.AccessKey;
  if (!ak || !fields.Signature) return { ok: false, reason: 'no-access-key' };
  const sk = secrets.get(ak);
  if (sk === undefined) return { ok: false, reason: 'unknown-access-key', accessKey: ak };
  const expected = aclSignature(sk, fields, body);
  let diff = expected.length ^ fields.Signature.length;
  for (let i = 0; i < Math.min(expected.length, fields.Signature.length); i++) diff |= expected.charCodeAt(i) ^ fields.Signature.charCodeAt(i);
  return diff === 0 ? { ok: true, accessKey: ak } : { ok: false, reason: 'signature-mismatch', accessKey: ak };
}
