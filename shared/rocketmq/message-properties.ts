/**
 * RocketMQ message properties on the wire: `name\u0001value\u0002` pairs. The system ones Fieldscope shows
 * apart from user properties are listed in SYSTEM_PROPERTIES.
 */
const NAME_VALUE = '\u0001';
const PAIR = '\u0002';

export const Prop = {
  TAGS: 'TAGS',
  KEYS: 'KEYS',
  RETRY_TOPIC: 'RETRY_TOPIC',
  ORIGIN_MESSAGE_ID: 'ORIGIN_MESSAGE_ID',
  RECONSUME_TIME: 'RECONSUME_TIME',
  MAX_RECONSUME_TIMES: 'MAX_RECONSUME_TIMES',
  UNIQ_KEY: 'UNIQ_KEY',
  DELAY: 'DELAY',
  WAIT: 'WAIT',
  MIN_OFFSET: 'MIN_OFFSET',
  MAX_OFFSET: 'MAX_OFFSET',
  REAL_TOPIC: 'REAL_TOPIC',
  REAL_QID: 'REAL_QID',
  PGROUP: 'PGROUP',
} as const;

export const SYSTEM_PROPERTIES: ReadonlySet<string> = new Set([
  ...Object.values(Prop),
  'TRAN_MSG',
  'CLUSTER',
  'CONSUME_START_TIME',
  '__STARTDELIVERTIME',
  '__SHARDING_KEY',
  'BUYER_ID',
]);

export function encodeProperties(props: Record<string, string>): string {
  let s = '';
  for (const [k, v] of Object.entries(props)) s += `${k}${NAME_VALUE}${v}${PAIR}`;
  return s;
}

export function decodeProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of text.split(PAIR)) {
    if (!item) continue;
    const i = item.indexOf(NAME_VALUE);
    if (i < 0) continue;
    out[item.slice(0, i)] = item.slice(i + 1);
  }
  return out;
}

/** The user's own properties (what a producer put with putUserProperty), without the system ones. */
export function userProperties(props: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(props)) if (!SYSTEM_PROPERTIES.has(k)) out[k] = v;
  return out;
}

/** Message keys are one string separated by spaces. */
export const splitKeys = (keys: string | undefined): string[] => (keys ? keys.split(' ').filter(Boolean) : []);
