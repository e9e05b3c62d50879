/**
 * The credential preview: what a profile will send, computed with the same signers the drivers use,
 * with every raw secret masked. Derived HMAC signatures are shown as their first 4 characters; raw
 * secrets (access code, plain password, STS token) as dots only, so no part of them reaches the renderer.
 */
import { AppError } from '../../../shared/contract/define';
import type { Profile, SecretSlot } from '../../../shared/contract/profiles.contract';
import type { CredentialPreview, PasswordPreview } from '../../../shared/contract/vendors.contract';
import { aliyunMqClientId, aliyunMqSignatureCredentials } from '../../../shared/vendors/aliyun-mq-signature';
import { aliyunAmqpCredentials } from '../../../shared/vendors/aliyun-iot-amqp-signature';
import { huaweiIotdaUsername } from '../../../shared/vendors/huawei-iotda-signature';
import type { GetSecret } from './connect-credentials';

export const SECRET_MASK = '••••••••';

export function maskDerived(signature: string): string {
  return `${signature.slice(0, 4)}•••`;
}

const derived = (signature: string, slot: SecretSlot): PasswordPreview => ({ kind: 'derived', masked: maskDerived(signature), revealable: true, slot });
const rawSecret = (slot: SecretSlot): PasswordPreview => ({ kind: 'secret', masked: SECRET_MASK, revealable: false, slot });
const missing = (slot: SecretSlot): PasswordPreview => ({ kind: 'missing', masked: '', revealable: false, slot });
const none = (): PasswordPreview => ({ kind: 'none', masked: '', revealable: false });

const present = (v: string | null): v is string => v !== null && v !== '';

/** Replaces every occurrence of a secret inside a shown string with the mask. */
function hide(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join(SECRET_MASK) : text;
}

export async function buildCredentialPreview(profile: Profile, getSecret: GetSecret, now: number): Promise<CredentialPreview> {
  const base = { profileKind: profile.kind, generatedAt: now };
  switch (profile.kind) {
    case 'mqtt': {
      const password = await getSecret('password');
      return {
        ...base,
        protocol: 'mqtt',
        clientId: profile.clientId || undefined,
        username: profile.username || undefined,
        password: present(password) ? rawSecret('password') : none(),
        notes: profile.clientId ? [] : ['A random Client ID is generated on connect.'],
      };
    }
    case 'aliyun-mq': {
      const clientId = aliyunMqClientId(profile.groupId, profile.deviceId);
      if (profile.authMode === 'token') {
        return {
          ...base,
          protocol: 'mqtt',
          clientId,
          password: none(),
          notes: [
            'Token mode: CONNECT carries only the Client ID; each token (R, W, RW) is then uploaded on $SYS/uploadToken with QoS 1, and nothing is subscribed or published before its PUBACK.',
          ],
        };
      }
      const secretKey = await getSecret('secretKey');
      const stringToSign = profile.groupId;
      const notes = ['Password = Base64(HmacSHA1(SecretKey, Group ID)): it does not change between connects.'];
      if (!present(secretKey)) {
        return { ...base, protocol: 'mqtt', clientId, username: profile.accessKey, stringToSign, algorithm: 'HmacSHA1', password: missing('secretKey'), notes };
      }
      const c = aliyunMqSignatureCredentials({ accessKey: profile.accessKey, secretKey, groupId: profile.groupId, deviceId: profile.deviceId });
      return { ...base, protocol: 'mqtt', clientId, username: c.username, stringToSign: c.stringToSign, algorithm: c.algorithm, password: derived(c.password, 'secretKey'), notes };
    }
    case 'huawei-iotda': {
      const accessCode = await getSecret('accessCode');
      const username = huaweiIotdaUsername(profile.accessKey, now, profile.instanceId || undefined);
      return {
        ...base,
        protocol: 'mqtt',
        clientId: username,
        username,
        password: present(accessCode) ? rawSecret('accessCode') : missing('accessCode'),
        timestamp: now,
        notes: [
          'The password is the access code itself (nothing is signed). The timestamp is taken again on every (re)connect and must be within 5 minutes of the server clock.',
        ],
      };
    }
    case 'aliyun-amqp': {
      const accessSecret = await getSecret('accessSecret');
      const sts = profile.authMode === 'ststoken' ? await getSecret('securityToken') : null;
      const notes = ['The timestamp is signed again on every (re)connect.'];
      if (profile.authMode === 'ststoken' && !present(sts)) notes.push('ststoken mode needs the STS security token (slot securityToken).');
      const c = aliyunAmqpCredentials({
        accessKey: profile.accessKey,
        accessSecret: accessSecret ?? '',
        clientId: profile.clientId,
        consumerGroupId: profile.consumerGroupId,
        timestamp: now,
        signMethod: profile.signMethod,
        iotInstanceId: profile.iotInstanceId || undefined,
        // The preview keeps the shape of the ststoken user name even before the token is entered.
        securityToken: profile.authMode === 'ststoken' ? (present(sts) ? sts : SECRET_MASK) : undefined,
      });
      const secret = present(sts) ? sts : undefined;
      const usernameParams = Object.fromEntries(Object.entries(c.usernameParams).map(([k, v]) => [k, hide(v, secret)]));
      const ok = present(accessSecret) && (profile.authMode === 'aksign' || present(sts));
      return {
        ...base,
        protocol: 'amqp',
        clientId: profile.clientId,
        username: hide(c.username, secret),
        usernameParams,
        stringToSign: hide(c.stringToSign, secret),
        algorithm: c.algorithm,
        password: ok ? derived(c.password, 'accessSecret') : missing(present(accessSecret) ? 'securityToken' : 'accessSecret'),
        timestamp: now,
        notes,
      };
    }
    case 'amqp': {
      if (profile.sasl === 'anonymous') return { ...base, protocol: 'amqp', password: none(), notes: ['SASL ANONYMOUS: no user name or password is sent.'] };
      const password = await getSecret('password');
      return { ...base, protocol: 'amqp', username: profile.username, password: present(password) ? rawSecret('password') : missing('password'), notes: [] };
    }
  }
}

/**
 * The full derived signature for reveal-on-hold. Refused where the password is the secret itself.
 * `timestamp` re-signs the exact timestamp the preview showed (AMQP).
 */
export async function revealDerivedSignature(profile: Profile, getSecret: GetSecret, timestamp: number): Promise<{ signature: string; timestamp?: number }> {
  const needSecret = async (slot: SecretSlot): Promise<string> => {
    const v = await getSecret(slot);
    if (!present(v)) throw new AppError('missing-secret', `The ${slot} of this profile is not set.`, 'Enter it in the profile editor first.');
    return v;
  };
  if (profile.kind === 'aliyun-mq' && profile.authMode === 'signature') {
    const secretKey = await needSecret('secretKey');
    return { signature: aliyunMqSignatureCredentials({ accessKey: profile.accessKey, secretKey, groupId: profile.groupId, deviceId: profile.deviceId }).password };
  }
  if (profile.kind === 'aliyun-amqp') {
    const accessSecret = await needSecret('accessSecret');
    const sts = profile.authMode === 'ststoken' ? await needSecret('securityToken') : undefined;
    const c = aliyunAmqpCredentials({
      accessKey: profile.accessKey,
      accessSecret,
      clientId: profile.clientId,
      consumerGroupId: profile.consumerGroupId,
      timestamp,
      signMethod: profile.signMethod,
      iotInstanceId: profile.iotInstanceId || undefined,
      securityToken: sts,
    });
    return { signature: c.password, timestamp };
  }
  throw new AppError(
    'not-derived',
    'This profile sends no derived signature to reveal.',
    'Only HMAC signatures (MQ for IoT signature mode, IoT Platform AMQP) can be revealed; raw secrets such as an access code or a password are never shown.',
  );
}

