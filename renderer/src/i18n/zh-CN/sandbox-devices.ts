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
};
