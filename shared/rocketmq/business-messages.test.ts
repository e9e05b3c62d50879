import { describe, expect, it } from 'vitest';
import { recogniseBusinessMessage } from './business-messages';

const bytes = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

describe('business message recognition', () => {
  it('reads a SIM card status change by its tag: ICCID and the old and new status', () => {
    const r = recogniseBusinessMessage(
      'CARD_STATUS_CHANGE',
      bytes({ messageType: 'CARD_STATUS_CHANGE', iccid: '89860000000000000001', oldStatus: 'TESTING', newStatus: 'ACTIVE', time: 1 }),
    );
    expect(r).toEqual({
      family: 'iot-sim-push',
      type: 'CARD_STATUS_CHANGE',
      fields: [
        { name: 'iccid', value: '89860000000000000001' },
        { name: 'status', value: 'ACTIVE' },
        { name: 'oldStatus', value: 'TESTING' },
      ],
    });
  });
  it('reads usage and pool pushes, and a SIM push without a tag from its messageType', () => {
    expect(recogniseBusinessMessage(undefined, bytes({ messageType: 'FLOW_USAGE_PER_MONTH', iccid: '8986x', usedFlowKb: 1234 }))?.fields).toEqual([
      { name: 'iccid', value: '8986x' },
      { name: 'usage', value: '1234' },
    ]);
    expect(recogniseBusinessMessage('POOL_REST', bytes({ poolId: 'pool-1', restFlowGb: 30 }))?.fields).toEqual([
      { name: 'pool', value: 'pool-1' },
      { name: 'rest', value: '30' },
    ]);
  });
  it('reads Taobao trade and refund messages: order id, shop, status, with the body wrapped in content or not', () => {
    const trade = recogniseBusinessMessage(
      'taobao_trade_TradeCreate',
      bytes({ topic: 'taobao_trade_TradeCreate', user_nick: 'shop_1', tid: 1000000000123, modified: '2026-12-06 10:00:00' }),
    );
    expect(trade).toMatchObject({
      family: 'taobao',
      business: 'trade',
      fields: [
        { name: 'order', value: '1000000000123' },
        { name: 'shop', value: 'shop_1' },
        { name: 'modified', value: '2026-12-06 10:00:00' },
      ],
    });
    const refund = recogniseBusinessMessage(
      undefined,
      bytes({ topic: 'taobao_refund_RefundCreated', content: JSON.stringify({ refund_id: 77, tid: 5, refund_status: 'WAIT_SELLER_AGREE' }) }),
    );
    expect(refund).toMatchObject({
      business: 'refund',
      fields: [
        { name: 'order', value: '5' },
        { name: 'status', value: 'WAIT_SELLER_AGREE' },
        { name: 'refund', value: '77' },
      ],
    });
  });
  it('leaves other messages, binary bodies and broken JSON alone (a known tag still names the type)', () => {
    expect(recogniseBusinessMessage('TagA', bytes({ a: 1 }))).toBeUndefined();
    expect(recogniseBusinessMessage(undefined, new Uint8Array([0xff, 0, 1]))).toBeUndefined();
    expect(recogniseBusinessMessage('INTERFACE_INVOKE', new TextEncoder().encode('{"api":'))).toEqual({
      family: 'iot-sim-push',
      type: 'INTERFACE_INVOKE',
      fields: [],
    });
  });
});
