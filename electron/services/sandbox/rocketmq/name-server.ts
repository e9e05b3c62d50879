import type { RemotingCommand } from '../../../../shared/rocketmq/remoting-codec';
import { RequestCode, ResponseCode, RETRY_TOPIC_PREFIX } from '../../../../shared/rocketmq/remoting-codes';
import type { MessageStore } from './message-store';
import type { RemotingReply } from './remoting-server';

const enc = new TextEncoder();
/** Read and write (PermName.PERM_READ | PERM_WRITE). */
const PERM_RW = 6;

/**
 * The name server half: one broker, route data per topic. A retry topic is routed once its group has
 * a heartbeat on the broker (ensureRetry), as a real broker registers it then.
 */
export function nameServerHandler(store: MessageStore, brokerName: string, brokerAddr: () => string, ensureRetry: (group: string) => void) {
  return (cmd: RemotingCommand): RemotingReply => {
    const f = cmd.extFields ?? {};
    switch (cmd.code) {
      case RequestCode.GET_ROUTEINFO_BY_TOPIC: {
        const topic = f.topic ?? '';
        if (topic.startsWith(RETRY_TOPIC_PREFIX)) ensureRetry(topic.slice(RETRY_TOPIC_PREFIX.length));
        if (!store.has(topic)) return { code: ResponseCode.TOPIC_NOT_EXIST, remark: `No topic route info in name server for the topic: ${topic}` };
        const n = store.queueCount(topic);
        const route = {
          orderTopicConf: null,
          queueDatas: [{ brokerName, readQueueNums: n, writeQueueNums: n, perm: PERM_RW, topicSynFlag: 0 }],
          brokerDatas: [{ cluster: 'sandbox-cluster', brokerName, brokerAddrs: { '0': brokerAddr() } }],
          filterServerTable: {},
        };
        return { code: ResponseCode.SUCCESS, body: enc.encode(JSON.stringify(route)) };
      }
      case RequestCode.GET_KV_CONFIG_BY_VALUE:
        return { code: ResponseCode.QUERY_NOT_FOUND, remark: 'No config item' };
      default:
        return { code: ResponseCode.REQUEST_CODE_NOT_SUPPORTED, remark: ` request type ${cmd.code} not supported` };
    }
  };
}
