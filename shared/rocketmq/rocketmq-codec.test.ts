import { createHmac } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { aclSignature, signFields, verifyAcl } from './acl-signature';
import { decodeMessages, encodeStoredMessage, offsetMsgId, type StoredMessage } from './message-codec';
import { FrameSplitter, decodeFrame, encodeCommand } from './remoting-codec';
import { parseTagExpression, tagMatches } from './tag-expression';

const msg = (over: Partial<StoredMessage> = {}): StoredMessage => ({
  topic: 'iotsim_mq_push',
  queueId: 2,
  queueOffset: 7,
  commitLogOffset: 4096,
  flag: 0,
  sysFlag: 0,
  bornTimestamp: 1_796_000_000_123,
  bornHost: '100.100.36.17:10911',
  storeTimestamp: 1_796_000_000_200,
  storeHost: '127.0.0.1:40000',
  reconsumeTimes: 1,
  preparedTransactionOffset: 0,
  properties: { TAGS: 'CARD_STATUS_CHANGE', KEYS: '8986 x', 'user-prop': '值' },
  body: new Uint8Array([0, 1, 255]),
  ...over,
});

describe('RocketMQ remoting frames', () => {
  it('round-trips a command split across arbitrary chunks', () => {
    const bytes = encodeCommand({ code: 310, opaque: 9, flag: 0, extFields: { a: 'PID', b: 'T' }, body: new Uint8Array([1, 2, 3]) });
    const s = new FrameSplitter();
    const frames = [...s.push(bytes.subarray(0, 5)), ...s.push(bytes.subarray(5, 30)), ...s.push(bytes.subarray(30))];
    expect(frames.length).toBe(1);
    const c = decodeFrame(frames[0]);
    expect(c).toMatchObject({ code: 310, opaque: 9, flag: 0, extFields: { a: 'PID', b: 'T' } });
    expect([...c.body!]).toEqual([1, 2, 3]);
  });
  it('refuses an oversized length and a binary (ROCKETMQ) header with a reason', () => {
    const big = new Uint8Array([0x7f, 0, 0, 0]);
    expect(() => new FrameSplitter().push(big)).toThrow(/outside/);
    const rocketmqType = new Uint8Array([1, 0, 0, 0, 0, 0]);
    expect(() => decodeFrame(rocketmqType)).toThrow(/serialize type 1/);
  });
});

describe('stored message layout', () => {
  it('round-trips every field and builds the offset msgId from store host and commit log offset', () => {
    const [d] = decodeMessages(encodeStoredMessage(msg()));
    expect(d).toMatchObject({ topic: 'iotsim_mq_push', queueId: 2, queueOffset: 7, commitLogOffset: 4096, bornHost: '100.100.36.17:10911', reconsumeTimes: 1 });
    expect(d.properties).toEqual({ TAGS: 'CARD_STATUS_CHANGE', KEYS: '8986 x', 'user-prop': '值' });
    expect(d.msgId).toBe(offsetMsgId('127.0.0.1:40000', 4096));
    expect(d.msgId).toBe('7F00000100009C400000000000001000');
  });
  it('inflates a compressed body and says where a truncated buffer breaks', () => {
    const raw = new TextEncoder().encode('{"big":true}'.repeat(50));
    const two = [encodeStoredMessage(msg({ sysFlag: 1, body: new Uint8Array(deflateSync(raw)) })), encodeStoredMessage(msg())];
    const all = new Uint8Array(two[0].length + two[1].length);
    all.set(two[0]);
    all.set(two[1], two[0].length);
    const d = decodeMessages(all);
    expect(new TextDecoder().decode(d[0].payload)).toBe('{"big":true}'.repeat(50));
    expect(() => decodeMessages(all.subarray(0, all.length - 3))).toThrow(new RegExp(`byte ${two[0].length}`));
  });
});

describe('Alibaba ACL signature', () => {
  it('matches HmacSHA1 over sorted field values then the body (ali-ons ClientRPCHook)', () => {
    const fields = { topic: 'T', consumerGroup: 'GID_x', queueId: '0', AccessKey: 'AK', OnsChannel: 'ALIYUN' };
    const body = new Uint8Array([7, 8]);
    const text = ['AK', 'ALIYUN', 'GID_x', '0', 'T'].join('');
    const ref = createHmac('sha1', 'SK')
      .update(Buffer.concat([Buffer.from(text), Buffer.from(body)]))
      .digest('base64');
    expect(aclSignature('SK', fields, body)).toBe(ref);
  });
  it('accepts the right secret and names what is wrong otherwise', () => {
    const secrets = new Map([['AK', 'SK']]);
    const signed = signFields('AK', 'SK', { topic: 'T' });
    expect(verifyAcl(secrets, signed)).toEqual({ ok: true, accessKey: 'AK' });
    expect(verifyAcl(secrets, signFields('AK', 'wrong', { topic: 'T' }))).toMatchObject({ ok: false, reason: 'signature-mismatch' });
    expect(verifyAcl(secrets, signFields('OTHER', 'SK', { topic: 'T' }))).toMatchObject({ ok: false, reason: 'unknown-access-key' });
    expect(verifyAcl(secrets, { topic: 'T' })).toMatchObject({ ok: false, reason: 'no-access-key' });
  });
});

describe('tag expressions', () => {
  it('takes *, TagA || TagB, and refuses an expression with no tag', () => {
    expect(tagMatches(parseTagExpression('*'), undefined)).toBe(true);
    const f = parseTagExpression(' TagA || TagB ');
    expect([tagMatches(f, 'TagA'), tagMatches(f, 'TagB'), tagMatches(f, 'TagC'), tagMatches(f, undefined)]).toEqual([true, true, false, false]);
    expect(() => parseTagExpression('||')).toThrow(/names no tag/);
    expect(() => parseTagExpression('A | B')).toThrow(/joined with \|\|/);
  });
});

describe('RocketMQ refusals', async () => {
  const { explainRefusal } = await import('../vendors/refusal-explanations');
  const profile = { kind: 'rocketmq', topic: 'iotsim_mq_push', consumerGroupId: 'GID_x', namespace: '' } as never;
  it('names the signature, the unknown group (and the namespace), the missing topic', () => {
    expect(explainRefusal({ kind: 'rocketmq', phase: 'connect', code: 16, message: 'Check signature failed for accessKey=AK', profile })).toMatch(
      /signature does not match/,
    );
    expect(explainRefusal({ kind: 'rocketmq', phase: 'connect', code: 26, message: 'subscription group [GID_x] does not exist', profile })).toMatch(
      /Group ID "GID_x" does not exist.*namespace/s,
    );
    expect(explainRefusal({ kind: 'rocketmq', phase: 'connect', code: 17, message: 'No topic route info in name server for the topic: t', profile })).toMatch(
      /topic "iotsim_mq_push" does not exist/,
    );
    expect(explainRefusal({ kind: 'rocketmq', phase: 'connect', code: 16, message: 'no permission', profile })).toMatch(/no permission for topic/);
  });
});
