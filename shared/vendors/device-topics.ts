/**
 * Topics and payloads a device uses (cloud-behaviours §6): Alibaba IoT Platform Alink property post and its
 * reply, Huawei IoTDA property report and command request/response.
 */

export function alinkPropertyPostTopic(productKey: string, deviceName: string): string {
  return `/sys/${productKey}/${deviceName}/thing/event/property/post`;
}

export function alinkPropertyPostReplyTopic(productKey: string, deviceName: string): string {
  return `${alinkPropertyPostTopic(productKey, deviceName)}_reply`;
}

/** Property set pushed by the cloud, answered on `..._reply`. */
export function alinkPropertySetTopic(productKey: string, deviceName: string): string {
  return `/sys/${productKey}/${deviceName}/thing/service/property/set`;
}

/** An Alink JSON property post: `{"id","version","params","method"}`. */
export function alinkPropertyPostPayload(id: string, params: Record<string, unknown>): string {
  return JSON.stringify({ id, version: '1.0', params, method: 'thing.event.property.post' });
}

export function iotdaPropertiesReportTopic(deviceId: string): string {
  return `$oc/devices/${deviceId}/sys/properties/report`;
}

/** The filter a device subscribes to for commands (request_id is in the last level). */
export function iotdaCommandsFilter(deviceId: string): string {
  return `$oc/devices/${deviceId}/sys/commands/#`;
}

export function iotdaCommandRequestTopic(deviceId: string, requestId: string): string {
  return `$oc/devices/${deviceId}/sys/commands/request_id=${requestId}`;
}

export function iotdaCommandResponseTopic(deviceId: string, requestId: string): string {
  return `$oc/devices/${deviceId}/sys/commands/response/request_id=${requestId}`;
}

/** The request_id of a command request topic, or undefined when the topic is not one. */
export function iotdaCommandRequestId(deviceId: string, topic: string): string | undefined {
  const prefix = `$oc/devices/${deviceId}/sys/commands/request_id=`;
  return topic.startsWith(prefix) && topic.length > prefix.length ? topic.slice(prefix.length) : undefined;
}

/** `{"services":[{"service_id","properties"}]}`. */
export function iotdaPropertiesReportPayload(serviceId: string, properties: Record<string, unknown>): string {
  return JSON.stringify({ services: [{ service_id: serviceId, properties }] });
}

/**
 * The IoT Platform device endpoint: `<iotInstanceId>.mqtt.iothub.aliyuncs.com` for instances with an ID,
 * `<productKey>.iot-as-mqtt.<region>.aliyuncs.com` for old public instances. Port 1883 for both securemodes.
 */
export function aliyunIotDeviceEndpoint(p: { productKey: string; region: string; iotInstanceId: string }): { host: string; port: number } {
  if (p.iotInstanceId) return { host: `${p.iotInstanceId}.mqtt.iothub.aliyuncs.com`, port: 1883 };
  return { host: `${p.productKey}.iot-as-mqtt.${p.region || 'cn-shanghai'}.aliyuncs.com`, port: 1883 };
}
