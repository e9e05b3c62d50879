/**
 * What a driver sends on CONNECT / SASL for a profile, built fresh on every (re)connect: timestamps are
 * taken from `now` each call, so a reconnect never replays a stale signature.
 * Secrets come through `getSecret` and never leave main.
 */
import { generateClientId } from '../profiles/client-id';
import { AppError } from '../../../shared/contract/define';
import type { Profile, SecretSlot } from '../../../shared/contract/profiles.contract';
import { aliyunMqClientId, aliyunMqSignatureCredentials } from '../../../shared/vendors/aliyun-mq-signature';
import { aliyunAmqpCredentials } from '../../../shared/vendors/aliyun-iot-amqp-signature';
import { huaweiIotdaCredentials } from '../../../shared/vendors/huawei-iotda-signature';

export type GetSecret = (slot: SecretSlot) => Promise<string | null>;

export interface MqttConnectCredentials {
  clientId: string;
  username?: string;
  password?: string;
  /** Derived values for the preview and the protocol log (never the secret). */
  stringToSign?: string;
  algorithm?: string;
  /** The timestamp signed into this CONNECT (Huawei), ms epoch. */
  signedAt?: number;
  /** Aliyun MQ token mode: tokens are uploaded on $SYS/uploadToken after CONNACK, not sent in CONNECT. */
  tokenMode?: boolean;
}

export interface AmqpConnectCredentials {
  username: string;
  password: string;
  mechanism: 'PLAIN' | 'ANONYMOUS';
  stringToSign?: string;
  algorithm?: string;
  signedAt?: number;
}

const SLOT_WORDS: Partial<Record<SecretSlot, string>> = {
  secretKey: 'SecretKey',
  accessSecret: 'AccessKey secret',
  securityToken: 'STS security token',
  accessCode: 'access code',
  password: 'password',
};

async function requireSecret(getSecret: GetSecret, slot: SecretSlot, profile: Profile): Promise<string> {
  const value = await getSecret(slot);
  if (value === null || value === '') {
    const words = SLOT_WORDS[slot] ?? slot;
    throw new AppError('missing-secret', `Profile "${profile.name}" has no ${words} set.`, `Enter the ${words} in the profile editor; it is kept in the OS keychain.`);
  }
  return value;
}

/**
 * `fallbackClientId`: for generic profiles that leave the Client ID empty (brokers may refuse an empty one
 * with clean=false). The caller keeps it for the connection's life so every retry resumes the same session.
 */
export async function mqttConnectCredentials(profile: Profile, getSecret: GetSecret, now: number, fallbackClientId?: string): Promise<MqttConnectCredentials> {
  switch (profile.kind) {
    case 'mqtt': {
      const password = await getSecret('password');
      const out: MqttConnectCredentials = { clientId: profile.clientId || fallbackClientId || generateClientId(profile.kind) };
      if (profile.username) out.username = profile.username;
      if (password !== null && password !== '') out.password = password;
      return out;
    }
    case 'aliyun-mq': {
      if (profile.authMode === 'token') {
        // Seed 004: token-mode clients CONNECT with only the Client ID, then upload each token on
        // $SYS/uploadToken (QoS 1) and wait for its PUBACK before any SUBSCRIBE/PUBLISH.
        return { clientId: aliyunMqClientId(profile.groupId, profile.deviceId), tokenMode: true };
      }
      const secretKey = await requireSecret(getSecret, 'secretKey', profile);
      const c = aliyunMqSignatureCredentials({ accessKey: profile.accessKey, secretKey, groupId: profile.groupId, deviceId: profile.deviceId });
      return { clientId: c.clientId, username: c.username, password: c.password, stringToSign: c.stringToSign, algorithm: c.algorithm };
    }
    case 'huawei-iotda': {
      const accessCode = await requireSecret(getSecret, 'accessCode', profile);
      const c = huaweiIotdaCredentials({ accessKey: profile.accessKey, accessCode, timestamp: now, instanceId: profile.instanceId || undefined });
      return { clientId: c.clientId, username: c.username, password: c.password, signedAt: now };
    }
    default:
      throw new AppError('wrong-protocol', `Profile "${profile.name}" is an AMQP profile, not MQTT.`);
  }
}

export async function amqpConnectCredentials(profile: Profile, getSecret: GetSecret, now: number): Promise<AmqpConnectCredentials> {
  switch (profile.kind) {
    case 'aliyun-amqp': {
      const accessSecret = await requireSecret(getSecret, 'accessSecret', profile);
      const securityToken = profile.authMode === 'ststoken' ? await requireSecret(getSecret, 'securityToken', profile) : undefined;
      if (!profile.consumerGroupId) {
        throw new AppError('missing-consumer-group', `Profile "${profile.name}" has no consumer group ID.`, 'Create a consumer group in the IoT Platform console and enter its ID.');
      }
      const c = aliyunAmqpCredentials({
        accessKey: profile.accessKey,
        accessSecret,
        clientId: profile.clientId,
        consumerGroupId: profile.consumerGroupId,
        timestamp: now,
        signMethod: profile.signMethod,
        iotInstanceId: profile.iotInstanceId || undefined,
        securityToken,
      });
      return { username: c.username, password: c.password, mechanism: 'PLAIN', stringToSign: c.stringToSign, algorithm: c.algorithm, signedAt: now };
    }
    case 'amqp': {
      if (profile.sasl === 'anonymous') return { username: '', password: '', mechanism: 'ANONYMOUS' };
      const password = (await getSecret('password')) ?? '';
      return { username: profile.username, password, mechanism: 'PLAIN' };
    }
    default:
      throw new AppError('wrong-protocol', `Profile "${profile.name}" is an MQTT profile, not AMQP.`);
  }
}
