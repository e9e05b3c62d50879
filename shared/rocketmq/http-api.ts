/**
 * Alibaba MQ HTTP protocol (the instances' HTTP endpoint, official SDK @aliyunmq/mq-http-sdk): the request
 * signature and the small XML documents of consume, ack and publish. Pure.
 *
 * Signature: Authorization `MQ <AccessKeyId>:<Base64(HmacSHA1(secret, METHOD\nContent-MD5\nContent-Type\nDate\n
 * <x-mq-* headers sorted, "name:value\n" each><resource>))>`, resource = path and query as requested.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { bytesToBase64 } from '../mqtt/base64';

export const MQ_XMLNS = 'http://mq.aliyuncs.com/doc/v1/';

export function httpStringToSign(method: string, headers: Readonly<Record<string, string | undefined>>, resource: string): string {
  const mq = Object.keys(headers)
    .filter((k) => k.startsWith('x-mq-'))
    .sort()
    .map((k) => `${k}:${headers[k]}\n`)
    .join('');
  return `${method}\n${headers['content-md5'] ?? ''}\n${headers['content-type'] ?? ''}\n${headers.date ?? ''}\n${mq}${resource}`;
}

export function httpSignature(secret: string, method: string, headers: Readonly<Record<string, string | undefined>>, resource: string): string {
  return bytesToBase64(hmac(sha1, utf8ToBytes(secret), utf8ToBytes(httpStringToSign(method, headers, resource))));
}

/** `MQ <ak>:<sig>` split, or undefined when the header has another shape. */
export function parseAuthorization(value: string | undefined): { accessKey: string; signature: string } | undefined {
  const m = /^MQ ([^:\s]+):(\S+)$/.exec(value ?? '');
  return m ? { accessKey: m[1]!, signature: m[2]! } : undefined;
}

const cdata = (v: string) => `<![CDATA[${v.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

export function xmlDocument(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${root} xmlns="${MQ_XMLNS}">${inner}</${root}>`;
}

export function xmlFields(fields: Readonly<Record<string, string | number | undefined>>): string {
  let s = '';
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) s += `<${k}>${cdata(String(v))}</${k}>`;
  return s;
}

export function xmlError(code: string, message: string, requestId: string): string {
  return xmlDocument('Error', xmlFields({ Code: code, Message: message, RequestId: requestId, HostId: 'sandbox' }));
}

const unwrap = (v: string) => {
  const m = /^\s*<!\[CDATA\[([\s\S]*)\]\]>\s*$/.exec(v);
  return m
    ? m[1]!.replaceAll(']]]]><![CDATA[>', ']]>')
    : v
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
};

/** Every `<tag>value</tag>` at any depth (the SDK's documents are flat enough for this). */
export function xmlValues(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(unwrap(m[1]!));
  return out;
}

/** `k:v|k:v` as the HTTP protocol writes message properties. */
export function encodeHttpProperties(props: Readonly<Record<string, string>>): string {
  return Object.entries(props)
    .map(([k, v]) => `${k}:${v}`)
    .join('|');
}

export function decodeHttpProperties(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of (text ?? '').split('|')) {
    const i = kv.indexOf(':');
    if (i > 0 && i < kv.length - 1) out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}
