import type { mqclient as en } from '../en/mqclient';

// Simplified Chinese for the MQ for IoT client features: the same keys as ../en/mqclient.ts, with the vendor's
// own terms (离线消息, 点对点消息 P2P, 顺序消息, cleanSession, Client ID, Group ID).
export const mqclient: Record<keyof typeof en, string> = {
  'mqclient.title': '微消息队列 MQTT 客户端功能',
  'mqclient.field.orderedSending': '顺序消息（每次连接后发送一次 $SYS/enableOrderMsg）',
  'mqclient.editor.offlineNote': '只有 cleanSession 关闭且以 QoS 1 订阅时，服务端才会保存离线消息；cleanSession 关闭时以 QoS 2 订阅按 cleanSession 开启处理。',
  'mqclient.offline.title': '离线消息',
  'mqclient.offline.order': '顺序',
  'mqclient.offline.asc': '从最早开始（ASC）',
  'mqclient.offline.desc': '从最新开始（DESC）',
  'mqclient.offline.count': '最多条数（1-30）',
  'mqclient.offline.pull': '立即拉取',
  'mqclient.offline.note': '请在连接后的第一个心跳周期内拉取；每秒最多拉取 5 次。',
  'mqclient.offline.cleanSession': '此配置使用 cleanSession=true：服务端不会为它保存离线消息。',
  'mqclient.offline.pulled': '已请求最多 {count} 条离线消息。',
  'mqclient.p2p.title': '点对点消息（P2P）',
  'mqclient.p2p.parent': '父 Topic',
  'mqclient.p2p.target': '目标 Client ID（GID_xxx@@@DeviceID）',
  'mqclient.p2p.send': '将上方消息体作为 P2P 消息发送',
  'mqclient.p2p.note': '发送到 <父 Topic>/p2p/<Client ID>：只有该客户端收到，无需订阅。发给本客户端的 P2P 消息也以同样方式到达。',
  'mqclient.p2p.sent': 'P2P 消息已发送到 {topic}。',
  'mqclient.limit.title': '服务端不会按原样接收：',
  'mqclient.limit.body-too-large': '消息体为 {bytes} 字节：微消息队列 MQTT 会丢弃超过 64 KB 的消息体，且不通知发送方。',
  'mqclient.limit.topic-too-long': 'Topic 长度为 {length} 个字符：最多 64 个字符，超出时服务端会断开连接。',
  'mqclient.limit.subscription-31': '这将是第 {n} 个订阅：每个客户端最多 30 个订阅，多出的会被静默忽略。',
  'mqclient.limit.qos2-persistent': 'cleanSession 关闭时以 QoS 2 订阅按 cleanSession 开启处理，不会保存离线消息。请使用 QoS 1。',
};
