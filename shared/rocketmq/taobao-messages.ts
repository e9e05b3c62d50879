/**
 * Taobao / Jushita message sync [seed 003]: each business type the console offers (logistics, negative
 * review, trade, item, distribution, refund) lands on a system topic; the TOP message name is the tag.
 */
export interface TaobaoMessageType {
  business: 'logistics' | 'negative-review' | 'trade' | 'item' | 'distribution' | 'refund';
  /** The system topic the sync service writes to. */
  topic: string;
  /** TOP message names of this business type (the tag of each message). */
  names: readonly string[];
}

export const TAOBAO_MESSAGE_TYPES: readonly TaobaoMessageType[] = [
  { business: 'logistics', topic: 'jst_sys_taobao_logistics', names: ['taobao_logistics_LogisticDetailTrace'] },
  { business: 'negative-review', topic: 'jst_sys_taobao_traderate', names: ['taobao_traderate_NegativeImpression'] },
  {
    business: 'trade',
    topic: 'jst_sys_taobao_trade',
    names: ['taobao_trade_TradeCreate', 'taobao_trade_TradeBuyerPay', 'taobao_trade_TradeSellerShip', 'taobao_trade_TradeSuccess'],
  },
  { business: 'item', topic: 'jst_sys_taobao_item', names: ['taobao_item_ItemUpdate', 'taobao_item_ItemAdd'] },
  { business: 'distribution', topic: 'jst_sys_taobao_fenxiao', names: ['taobao_fenxiao_FxOrderCreate'] },
  { business: 'refund', topic: 'jst_sys_taobao_refund', names: ['taobao_refund_RefundCreated', 'taobao_refund_RefundSuccess'] },
];

export const TAOBAO_SYNC_TOPICS: readonly string[] = TAOBAO_MESSAGE_TYPES.map((t) => t.topic);

/** The business type a TOP message name belongs to (`taobao_trade_TradeCreate` -> trade). */
export function taobaoBusinessOf(name: string): TaobaoMessageType | undefined {
  return (
    TAOBAO_MESSAGE_TYPES.find((t) => t.names.includes(name)) ??
    TAOBAO_MESSAGE_TYPES.find((t) => name.startsWith(t.names[0].split('_').slice(0, 2).join('_') + '_'))
  );
}
