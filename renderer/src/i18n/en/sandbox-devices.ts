// English strings for the sandbox's current-instance MQ modes and device faces. Keys are prefixed 'sandboxDevices.'.
export const sandboxDevices = {
  'sandboxDevices.instance': 'Instance ID',
  'sandboxDevices.modes': 'Accepted auth modes',
  'sandboxDevices.legacy': 'legacy (AccessKey user name)',
  'sandboxDevices.deviceCredential': 'Device credential for {clientId}',
  'sandboxDevices.deviceCredentialValue': 'DeviceAccessKeyId {id} · secret {secret}',
  'sandboxDevices.face.iotDevice': 'IoT Platform devices (MQTT)',
  'sandboxDevices.face.huaweiDevice': 'Huawei IoTDA devices (MQTT over TLS)',
  'sandboxDevices.portsIotDevice': 'TCP {tcp} (securemode=3) · TLS {tls} (securemode=2)',
  'sandboxDevices.iotDevice': 'Device {deviceName}',
  'sandboxDevices.iotDeviceValue': 'ProductKey {productKey} · DeviceSecret {secret}',
  'sandboxDevices.huaweiDevice': 'Device {deviceId}',
  'sandboxDevices.huaweiDeviceValue': 'Secret {secret}',
  'sandboxDevices.flow': 'Property reports go on to the AMQP subscription (IoT Platform) and the forwarding topic (IoTDA).',
  'sandboxDevices.fault.iotDevice': 'IoT Platform device',
  'sandboxDevices.fault.huaweiDevice': 'IoTDA device',
} as const;
