/**
 * Alibaba Cloud MQ for IoT, signature mode [seed 004]: username = AccessKey,
 * password = Base64(HmacSHA1(key = SecretKey, data = Group ID)), Client ID = GroupID@@@DeviceID.
 */
import { hmacBase64 } from './hmac';

export const ALIYUN_MQ_CLIENT_ID_SEPARATOR = '@@@';

export interface AliyunMqSignatureInput {
  accessKey: string;
  secretKey: string;
  groupId: string;
  deviceId: string;
}

export interface AliyunMqSignatureCredentials {
  clientId: string;
  username: string;
  password: string;
  /** The data signed: the Client ID's part before `@@@`, i.e. the Group ID. */
  stringToSign: string;
  algorithm: 'HmacSHA1';
}

export function aliyunMqClientId(groupId: string, deviceId: string): string {
  return `${groupId}${ALIYUN_MQ_CLIENT_ID_SEPARATOR}${deviceId}`;
}

/** Splits `GID_x@@@dev` into its parts; undefined when the separator is missing. */
export function parseAliyunMqClientId(clientId: string): { groupId: string; deviceId: string } | undefined {
  const at = clientId.indexOf(ALIYUN_MQ_CLIENT_ID_SEPARATOR);
  if (at < 0) return undefined;
  return { groupId: clientId.slice(0, at), deviceId: clientId.slice(at + ALIYUN_MQ_CLIENT_ID_SEPARATOR.length) };
}

export function aliyunMqSignaturePassword(secretKey: string, groupId: string): string {
  return hmacBase64('sha1', secretKey, groupId);
}

export function aliyunMqSignatureCredentials(input: AliyunMqSignatureInput): AliyunMqSignatureCredentials {
  return {
    clientId: aliyunMqClientId(input.groupId, input.deviceId),
    username: input.accessKey,
    password: aliyunMqSignaturePassword(input.secretKey, input.groupId),
    stringToSign: input.groupId,
    algorithm: 'HmacSHA1',
  };
}
