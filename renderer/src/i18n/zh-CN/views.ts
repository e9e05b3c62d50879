import type { views as en } from '../en/views';

// Simplified Chinese for the views part of the UI: the same keys as ../en/views.ts.
export const views: Record<keyof typeof en, string> = {
  'views.import.title': '已从 {source} 导入',
  'views.import.source.mqttx': 'MQTTX',
  'views.import.source.mqtt-explorer': 'MQTT Explorer',
  'views.import.count': '{count} 个连接已转为连接配置。',
  'views.import.unmapped': '未能导入的设置',
  'views.import.passwordsIntro': '文件中包含以下连接配置的密码。是否保存到系统钥匙串？密码不会写入任何文件。',
  'views.import.storeSelected': '保存到钥匙串',
  'views.import.dontStore': '不保存',
  'views.import.close': '关闭',
  'views.import.stored': '密码已保存到钥匙串。',
};
