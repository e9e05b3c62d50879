import type { RocketmqAttributes } from '../contract/messages.contract';

/**
 * The RocketMQ attributes the list's text filter searches beside the payload: the tags and keys an engineer
 * filters by in the console (an order id is usually a key, the message type a tag). One string, space separated,
 * so a plain needle and a user regex see the same text.
 */
export function searchableAttributes(a: Pick<RocketmqAttributes, 'tags' | 'keys'>): string {
  return [a.tags ?? '', ...a.keys].filter((s) => s !== '').join(' ');
}
