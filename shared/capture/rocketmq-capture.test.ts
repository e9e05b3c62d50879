import { describe, expect, it } from 'vitest';
import { RocketmqAttributes } from '../contract/messages.contract';
import { encodeHeader, encodeRecord, makeHeader, messageRecord } from './capture-encoder';
import { parseCaptureText } from './capture-parser';
import type { MessageRecord } from './capture-format';

describe('RocketMQ messages in a capture', () => {
  it('keep their protocol and every attribute through write and read, in the contract shape', () => {
    const attrs: RocketmqAttributes = {
      msgId: '7F00000100009C400000000000001000',
      tags: 'CARD_STATUS_CHANGE',
      keys: ['8986x'],
      queueId: 2,
      queueOffset: 7,
      commitLogOffset: 4096,
      bornTimestamp: 1_796_000_000_123,
      storeTimestamp: 1_796_000_000_200,
      bornHost: '100.100.36.17:10911',
      storeHost: '127.0.0.1:40000',
      reconsumeTimes: 1,
      pulledFrom: '%RETRY%GID_x',
      consumerGroup: 'GID_x',
      userProperties: { shop: '店' },
      properties: { TAGS: 'CARD_STATUS_CHANGE', KEYS: '8986x', shop: '店' },
      business: { family: 'iot-sim-push', type: 'CARD_STATUS_CHANGE', fields: [{ name: 'iccid', value: '8986x' }] },
    };
    const header = makeHeader({
      appVersion: '9.9.9',
      os: 'linux-x64',
      createdAt: 1,
      connection: { connectionId: 'c1', protocol: 'rocketmq', name: 'SIM push', kind: 'rocketmq', filters: [] },
    });
    const text =
      encodeHeader(header) +
      encodeRecord(
        messageRecord(
          {
            connectionId: 'c1',
            protocol: 'rocketmq',
            arrivedAt: 5,
            topic: 'iotsim_mq_push',
            payload: new Uint8Array([0x7b, 0x7d]),
            messageId: attrs.msgId,
            rocketmq: attrs,
          },
          1,
        ),
      );
    const { records } = parseCaptureText(text);
    const m = records.find((r): r is MessageRecord => r.type === 'msg')!;
    expect(m.protocol).toBe('rocketmq');
    expect(RocketmqAttributes.parse(m.rocketmq)).toEqual(attrs);
  });
});
