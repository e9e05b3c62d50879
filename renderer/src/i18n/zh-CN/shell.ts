import type { shell as en } from '../en/shell';

// Simplified Chinese for the shell: the same keys as ../en/shell.ts (every key required).
export const shell: Record<keyof typeof en, string> = {
  'shell.notice.repeated': '已出现 {count} 次',
  'shell.tokens.replace.title': '替换正在使用的 {type} 令牌？',
  'shell.tokens.replace.text': '每种类型只保留一个令牌。现在申请会替换当前的 {type} 令牌，连接将上传新令牌。',
  'shell.tokens.replace.dropped': '新令牌将不再覆盖以下资源：{resources}',
  'shell.tokens.replace.added': '新增资源：{resources}',
  'shell.tokens.replace.confirm': '替换 {type} 令牌',
  'shell.tokens.replace.cancel': '保留当前令牌',
  'shell.prefs.saveFailed': '设置未保存：{message}',
  'shell.theme.label': '主题',
  'shell.theme.system': '跟随系统（{theme}）',
  'shell.theme.light': '浅色',
  'shell.theme.dark': '深色',
  'shell.welcome.title': '欢迎使用 Fieldscope',
  'shell.welcome.close': '关闭欢迎信息',
  'shell.welcome.sandbox': '您看到的实时消息来自本地沙箱：运行在本机、行为与阿里云和华为云一致的服务端，由一组模拟设备持续发送数据。所有数据都不会离开本机。',
  'shell.welcome.noSandbox': 'Fieldscope 逐字节显示云端 IoT 消息服务投递的内容。',
  'shell.welcome.connections': '左侧：{count} 个连接到沙箱的演示连接，已自动打开，各自显示不同的数据流：微消息队列 MQTT 版的遥测与上下线、微消息队列 MQTT 版令牌模式（物联网卡与淘宝消息推送）、物联网平台 AMQP、华为云 IoTDA。',
  'shell.welcome.account': '要连接真实账号：在列表上方选择类型并点击“新建”，密钥保存在系统钥匙串中。',
  'shell.welcome.captures': '录制、回放和支持包在“录制”标签页；故障注入在“沙箱”标签页。',
  'shell.welcome.openCaptures': '打开录制',
  'shell.welcome.nextLabel': '下一步：',
  'shell.welcome.next': '在“消息查看”中点击一条消息，查看其负载与详情；或打开“协议日志”查看每个报文。',
  'shell.welcome.gotIt': '知道了',
  'shell.welcome.showAgain': '再次显示欢迎信息',
};
