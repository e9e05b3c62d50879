/**
 * RocketMQ 4.x remoting request and response codes (org.apache.rocketmq.common.protocol.RequestCode /
 * ResponseCode), only those the sandbox face answers and Fieldscope explains.
 */
export const RequestCode = {
  SEND_MESSAGE: 10,
  PULL_MESSAGE: 11,
  QUERY_CONSUMER_OFFSET: 14,
  UPDATE_CONSUMER_OFFSET: 15,
  SEARCH_OFFSET_BY_TIMESTAMP: 29,
  GET_MAX_OFFSET: 30,
  GET_MIN_OFFSET: 31,
  HEART_BEAT: 34,
  UNREGISTER_CLIENT: 35,
  CONSUMER_SEND_MSG_BACK: 36,
  GET_CONSUMER_LIST_BY_GROUP: 38,
  GET_KV_CONFIG_BY_VALUE: 217,
  GET_ROUTEINFO_BY_TOPIC: 105,
  SEND_MESSAGE_V2: 310,
} as const;

export const ResponseCode = {
  SUCCESS: 0,
  SYSTEM_ERROR: 1,
  SYSTEM_BUSY: 2,
  REQUEST_CODE_NOT_SUPPORTED: 3,
  MESSAGE_ILLEGAL: 13,
  NO_PERMISSION: 16,
  TOPIC_NOT_EXIST: 17,
  PULL_NOT_FOUND: 19,
  PULL_RETRY_IMMEDIATELY: 20,
  PULL_OFFSET_MOVED: 21,
  QUERY_NOT_FOUND: 22,
  SUBSCRIPTION_PARSE_FAILED: 23,
  SUBSCRIPTION_GROUP_NOT_EXIST: 26,
} as const;

export const RETRY_TOPIC_PREFIX = '%RETRY%';
export const DLQ_TOPIC_PREFIX = '%DLQ%';
export const retryTopicOf = (group: string): string => `${RETRY_TOPIC_PREFIX}${group}`;
export const dlqTopicOf = (group: string): string => `${DLQ_TOPIC_PREFIX}${group}`;

/** Pull request sysFlag bits (PullSysFlag). */
export const PullSysFlag = { COMMIT_OFFSET: 1, SUSPEND: 2, SUBSCRIPTION: 4, CLASS_FILTER: 8 } as const;
/** Message sysFlag bits (MessageSysFlag): the body is zlib-deflated when COMPRESSED is set. */
export const MessageSysFlag = { COMPRESSED: 1 } as const;
