import type { sandboxDevices as en } from '../en/sandbox-devices';

// Simplified Chinese for the sandbox's current-instance MQ modes and device faces (same keys as ../en/sandbox-devices.ts).
export const sandboxDevices: Record<keyof typeof en, string> = {
  'sandboxDevices.instance': '实例 ID',
  'sandboxDevices.modes': '接受的鉴权模式',
  'sandboxDevices.legacy': '旧版（用户名为 AccessKey）',
  'sandboxDevices.deviceCredential': '{clientId} 的设备凭证',
  'sandboxDevices.deviceCredentialValue': 'DeviceAccessKeyId {id} · 密钥 {secret}',
  'sandboxDevices.face.iotDevice': '物联网平台设备（MQTT）',
  'sandboxDevices.face.huaweiDevice': '华为云 IoTDA 设备（MQTT over TLS）',
  'sandboxDevices.portsIotDevice': 'TCP {tcp}（securemode=3）· TLS {tls}（securemode=2）',
  'sandboxDevices.iotDevice': '设备 {deviceName}',
  'sandboxDevices.iotDeviceValue': 'ProductKey {productKey} · DeviceSecret {secret}',
  'sandboxDevices.huaweiDevice': '设备 {deviceId}',
  'sandboxDevices.huaweiDeviceValue': '设备密钥 {secret}',
  'sandboxDevices.flow': '属性上报会转到 AMQP 服务端订阅（物联网平台）和数据转发主题（IoTDA）。',
  'sandboxDevices.fault.iotDevice': '物联网平台设备',
  'sandboxDevices.fault.huaweiDevice': 'IoTDA 设备',
  'sandboxDevices.send.title': '向设备下发',
  'sandboxDevices.send.params': '属性（JSON）',
  'sandboxDevices.send.propertySet': '下发属性设置',
  'sandboxDevices.send.command': '命令名称',
  'sandboxDevices.send.paras': '命令参数（JSON）',
  'sandboxDevices.send.commandButton': '下发命令',
  'sandboxDevices.send.sent': '已发送到 {topic}',
  'sandboxDevices.send.badJson': '无法使用：{message}',
  'sandboxDevices.send.notObject': '必须是 JSON 对象，例如 {"LightSwitch": 1}',
};
