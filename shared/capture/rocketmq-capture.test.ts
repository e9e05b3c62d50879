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

  it('keep an MQ HTTP delivery (no queue or hosts; publish/consume times and consumed count) in the contract shape', () => {
    const attrs: RocketmqAttributes = {
      msgId: '7F00000100009C400000000000002000',
      tags: 'TradeCreate',
      keys: ['1001'],
      reconsumeTimes: 1,
      consumedTimes: 2,
      publishTime: 1_796_000_000_200,
      firstConsumeTime: 1_796_000_001_000,
      nextConsumeTime: 1_796_000_301_000,
      consumerGroup: 'GID_diag',
      userProperties: {},
      properties: { TAGS: 'TradeCreate', KEYS: '1001' },
    };
    const header = makeHeader({
      appVersion: '9.9.9',
      os: 'linux-x64',
      createdAt: 1,
      connection: { connectionId: 'c2', protocol: 'rocketmq', name: 'Taobao sync', kind: 'rocketmq-http', filters: [] },
    });
    const rec = messageRecord(
      {
        connectionId: 'c2',
        protocol: 'rocketmq',
        arrivedAt: 5,
        topic: 'rmq_sys_jushita_trade',
        payload: new Uint8Array([0x7b, 0x7d]),
        messageId: attrs.msgId,
        rocketmq: attrs,
        redelivered: true,
      },
      1,
    );
    const { records } = parseCaptureText(encodeHeader(header) + encodeRecord(rec));
    const m = records.find((r): r is MessageRecord => r.type === 'msg')!;
    expect(m).toMatchObject({ protocol: 'rocketmq', redelivered: true });
    expect(RocketmqAttributes.parse(m.rocketmq)).toEqual(attrs);
  });
});
