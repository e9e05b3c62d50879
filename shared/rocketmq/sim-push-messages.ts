/**
 * IoT SIM "MQ push" [seed 000]: the five push types, written by the IoT SIM service to the upstream topic
 * the user chose, one tag per type and the card's ICCID (or the pool ID) as the message key.
 */
export const SIM_PUSH_TYPES = ['CARD_STATUS_CHANGE', 'FLOW_USAGE_PER_MONTH', 'INTERFACE_INVOKE', 'POOL_REST', 'SAME_FLOW_USAGE_PERCENT'] as const;
export type SimPushType = (typeof SIM_PUSH_TYPES)[number];

export const isSimPushType = (s: unknown): s is SimPushType => typeof s === 'string' && (SIM_PUSH_TYPES as readonly string[]).includes(s);
