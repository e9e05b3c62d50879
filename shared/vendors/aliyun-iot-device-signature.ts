/**
 * Alibaba Cloud IoT Platform, device side, one secret per device (cloud-behaviours §6):
 * MQTT ClientId `<clientId>|securemode=<2|3>,signmethod=<hmacsha1|hmacsha256|hmacmd5>,timestamp=<ms>|`,
 * UserName `<deviceName>&<productKey>`, Password = hex(HMAC-<method>(deviceSecret, the sorted fields
 * concatenated as name+value)). securemode 2 = TLS direct, 3 = TCP direct.
 */
import { hmacHex, sameHexSignature, type HmacAlgorithm } from './hmac';
import { isAmqpSignMethod, parseAliyunAmqpUsername, type AmqpSignMethod } from './aliyun-iot-amqp-signature';

/** The IoT Platform signs devices with the same three methods as AMQP consumers. */
export type IotDeviceSignMethod = AmqpSignMethod;
export { AMQP_SIGN_METHODS as IOT_DEVICE_SIGN_METHODS, isAmqpSignMethod as isIotDeviceSignMethod } from './aliyun-iot-amqp-signature';

export type IotDeviceSecureMode = 2 | 3;
export const IOT_DEVICE_SECURE_MODES: readonly IotDeviceSecureMode[] = [2, 3];
/** securemode 2 = TLS direct, 3 = plain TCP direct. */
export const iotDeviceSecureModeUsesTls = (mode: IotDeviceSecureMode): boolean => mode === 2;

const ALGORITHMS: Record<IotDeviceSignMethod, HmacAlgorithm> = { hmacmd5: 'md5', hmacsha1: 'sha1', hmacsha256: 'sha256' };

export interface AliyunIotDeviceInput {
  productKey: string;
  deviceName: string;
  deviceSecret: string;
  /** Milliseconds since the epoch, as the decimal string that is signed and sent. */
  timestamp: string;
  signMethod: IotDeviceSignMethod;
  secureMode: IotDeviceSecureMode;
  /** The free part of the ClientId; default `<productKey>.<deviceName>`. */
  clientId?: string;
}

export interface AliyunIotDeviceCredentials {
  /** The full MQTT ClientId, with the securemode/signmethod/timestamp block. */
  clientId: string;
  username: string;
  password: string;
  stringToSign: string;
}

export function aliyunIotDefaultClientId(productKey: string, deviceName: string): string {
  return `${productKey}.${deviceName}`;
}

export function aliyunIotDeviceUsername(deviceName: string, productKey: string): string {
  return `${deviceName}&${productKey}`;
}

/** Fields sorted by name, each written as name then value, no separators. */
export function aliyunIotDeviceStringToSign(fields: Readonly<Record<string, string>>): string {
  return Object.keys(fields)
    .sort()
    .map((k) => `${k}${fields[k]}`)
    .join('');
}

export function aliyunIotDevicePassword(deviceSecret: string, signMethod: IotDeviceSignMethod, stringToSign: string): string {
  return hmacHex(ALGORITHMS[signMethod], deviceSecret, stringToSign);
}

export function aliyunIotDeviceCredentials(input: AliyunIotDeviceInput): AliyunIotDeviceCredentials {
  const clientId = input.clientId || aliyunIotDefaultClientId(input.productKey, input.deviceName);
  const stringToSign = aliyunIotDeviceStringToSign({ clientId, deviceName: input.deviceName, productKey: input.productKey, timestamp: input.timestamp });
  return {
    clientId: `${clientId}|securemode=${input.secureMode},signmethod=${input.signMethod},timestamp=${input.timestamp}|`,
    username: aliyunIotDeviceUsername(input.deviceName, input.productKey),
    password: aliyunIotDevicePassword(input.deviceSecret, input.signMethod, stringToSign),
    stringToSign,
  };
}

export interface ParsedIotDeviceClientId {
  clientId: string;
  secureMode: IotDeviceSecureMode;
  signMethod: IotDeviceSignMethod;
  /** Absent when the device does not send one (it is then not signed either). */
  timestamp?: string;
  /** Every key=value of the block as sent (e.g. `_v`, `lan` from vendor SDKs). */
  params: Record<string, string>;
}

export type IotDeviceClientIdParse =
  { ok: true; value: ParsedIotDeviceClientId } | { ok: false; reason: 'malformed-client-id' | 'bad-secure-mode' | 'bad-sign-method'; detail: string };

/** Parses `<clientId>|securemode=..,signmethod=..,timestamp=..|` into its fields. */
export function parseAliyunIotDeviceClientId(mqttClientId: string): IotDeviceClientIdParse {
  const parsed = parseAliyunAmqpUsername(mqttClientId);
  if (!parsed) return { ok: false, reason: 'malformed-client-id', detail: 'ClientId must be <clientId>|securemode=..,signmethod=..,timestamp=..|' };
  const { params } = parsed;
  const secureMode = Number(params.securemode);
  if (!(IOT_DEVICE_SECURE_MODES as readonly number[]).includes(secureMode))
    return { ok: false, reason: 'bad-secure-mode', detail: `securemode must be 2 (TLS) or 3 (TCP), got ${params.securemode ?? 'none'}` };
  if (!isAmqpSignMethod(params.signmethod))
    return { ok: false, reason: 'bad-sign-method', detail: `signmethod must be hmacsha1, hmacsha256 or hmacmd5, got ${params.signmethod ?? 'none'}` };
  const value: ParsedIotDeviceClientId = { clientId: parsed.clientId, secureMode: secureMode as IotDeviceSecureMode, signMethod: params.signmethod, params };
  if (params.timestamp !== undefined) value.timestamp = params.timestamp;
  return { ok: true, value };
}

/** Splits `<deviceName>&<productKey>`. */
export function parseAliyunIotDeviceUsername(username: string): { deviceName: string; productKey: string } | undefined {
  const parts = username.split('&');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { deviceName: parts[0], productKey: parts[1] };
}

export type IotDeviceVerifyResult =
  | { ok: true; productKey: string; deviceName: string; device: ParsedIotDeviceClientId }
  | {
      ok: false;
      reason: 'malformed-client-id' | 'bad-secure-mode' | 'bad-sign-method' | 'malformed-username' | 'unknown-device' | 'bad-signature';
      detail: string;
    };

/**
 * Server-side check (sandbox): parses ClientId and UserName, recomputes the password with the device's
 * secret and compares case-insensitively. Timestamp freshness and securemode vs transport are the caller's policy.
 */
export function verifyAliyunIotDeviceLogin(
  mqttClientId: string,
  username: string,
  password: string,
  secretFor: (productKey: string, deviceName: string) => string | undefined,
): IotDeviceVerifyResult {
  const parsed = parseAliyunIotDeviceClientId(mqttClientId);
  if (!parsed.ok) return parsed;
  const who = parseAliyunIotDeviceUsername(username);
  if (!who) return { ok: false, reason: 'malformed-username', detail: 'UserName must be <deviceName>&<productKey>' };
  const secret = secretFor(who.productKey, who.deviceName);
  if (secret === undefined) return { ok: false, reason: 'unknown-device', detail: `no device ${who.deviceName} in product ${who.productKey}` };
  const fields: Record<string, string> = { clientId: parsed.value.clientId, deviceName: who.deviceName, productKey: who.productKey };
  if (parsed.value.timestamp !== undefined) fields.timestamp = parsed.value.timestamp;
  const expected = aliyunIotDevicePassword(secret, parsed.value.signMethod, aliyunIotDeviceStringToSign(fields));
  if (!sameHexSignature(expected, password))
    return { ok: false, reason: 'bad-signature', detail: `password is not hex(${parsed.value.signMethod}(deviceSecret, sorted fields))` };
  return { ok: true, ...who, device: parsed.value };
}
