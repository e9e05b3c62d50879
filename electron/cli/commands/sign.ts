/**
 * `fieldscope sign <kind>`: one JSON object on stdin → one JSON object on stdout, with the field names of
 * the known-answer vectors. Exit 2 for bad input, with what to fix on stderr.
 */
import type { CliCommand } from '../command';
import { aliyunMqSignatureCredentials } from '../../../shared/vendors/aliyun-mq-signature';
import { aliyunAmqpCredentials, isAmqpSignMethod, AMQP_SIGN_METHODS } from '../../../shared/vendors/aliyun-iot-amqp-signature';
import { huaweiIotdaCredentials } from '../../../shared/vendors/huawei-iotda-signature';
import { onlineQueryRequest, tokenApplyForm, tokenQueryForm, tokenRevokeForm } from '../../../shared/vendors/aliyun-mq-token-signature';
import {
  ALIYUN_MQTT_TOKEN_TYPES,
  aliyunMqttDeviceCredentialCredentials,
  aliyunMqttSignatureCredentials,
  aliyunMqttTokenCredentials,
  type AliyunMqttTokens,
} from '../../../shared/vendors/aliyun-mqtt-instance-auth';
import { aliyunIotDeviceCredentials, IOT_DEVICE_SECURE_MODES, type IotDeviceSecureMode } from '../../../shared/vendors/aliyun-iot-device-signature';
import { huaweiIotdaDeviceCredentials, isHuaweiDeviceTimestamp } from '../../../shared/vendors/huawei-iotda-device-signature';

class InputError extends Error {}

type Json = Record<string, unknown>;

function str(input: Json, key: string, optional = false): string | undefined {
  const v = input[key];
  if (v === undefined || v === null || v === '') {
    if (optional) return undefined;
    throw new InputError(`missing field "${key}" (a non-empty string)`);
  }
  if (typeof v !== 'string') throw new InputError(`field "${key}" must be a string, got ${typeof v}`);
  return v;
}

function ms(input: Json, key: string): number {
  const v = input[key];
  if (v === undefined || v === null) throw new InputError(`missing field "${key}" (milliseconds since the epoch)`);
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    throw new InputError(`field "${key}" must be a whole number of milliseconds, got ${JSON.stringify(v)}`);
  return n;
}

const req = (input: Json, key: string): string => str(input, key)!;

function signMethodOf(input: Json) {
  const signMethod = req(input, 'signMethod');
  if (!isAmqpSignMethod(signMethod)) throw new InputError(`field "signMethod" must be one of ${AMQP_SIGN_METHODS.join(', ')}, got "${signMethod}"`);
  return signMethod;
}

/** A small whole number from a fixed set, given as a number or a digit string. */
function oneOf<T extends number>(input: Json, key: string, allowed: readonly T[]): T {
  const v = input[key];
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (!allowed.includes(n as T)) throw new InputError(`field "${key}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return n as T;
}

function tokensOf(input: Json): AliyunMqttTokens {
  const v = input.tokens;
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InputError('field "tokens" must be an object like {"R": "<token>", "W": "<token>"} (types R, W, RW)');
  const tokens: AliyunMqttTokens = {};
  for (const [type, token] of Object.entries(v)) {
    if (!(ALIYUN_MQTT_TOKEN_TYPES as readonly string[]).includes(type))
      throw new InputError(`field "tokens" has type "${type}"; token types are ${ALIYUN_MQTT_TOKEN_TYPES.join(', ')}`);
    if (typeof token !== 'string' || token === '') throw new InputError(`field "tokens.${type}" must be a non-empty string`);
    tokens[type as keyof AliyunMqttTokens] = token;
  }
  if (Object.keys(tokens).length === 0) throw new InputError('field "tokens" holds no token; give at least one of R, W, RW');
  return tokens;
}

/** The MQ for IoT Client ID parts every current-instance mode shares. */
const instanceClientId = (i: Json) => ({ instanceId: req(i, 'instanceId'), groupId: req(i, 'groupId'), deviceId: req(i, 'deviceId') });

export const SIGN_KINDS: Record<string, (input: Json) => Json> = {
  'aliyun-mq-signature': (i) => {
    const c = aliyunMqSignatureCredentials({
      accessKey: req(i, 'accessKey'),
      secretKey: req(i, 'secretKey'),
      groupId: req(i, 'groupId'),
      deviceId: req(i, 'deviceId'),
    });
    return { clientId: c.clientId, username: c.username, password: c.password, stringToSign: c.stringToSign, algorithm: c.algorithm };
  },
  'aliyun-iot-amqp': (i) => {
    const signMethod = signMethodOf(i);
    const c = aliyunAmqpCredentials({
      accessKey: req(i, 'accessKey'),
      accessSecret: req(i, 'accessSecret'),
      clientId: req(i, 'clientId'),
      consumerGroupId: req(i, 'consumerGroupId'),
      timestamp: ms(i, 'timestamp'),
      signMethod,
      iotInstanceId: str(i, 'iotInstanceId', true),
      securityToken: str(i, 'securityToken', true),
    });
    const clientId = req(i, 'clientId');
    return {
      username: c.username,
      password: c.password,
      stringToSign: c.stringToSign,
      usernameParams: c.usernameParams,
      usernamePrefix: `${clientId}|`,
      usernameSuffix: '|',
      exampleUsername: c.username,
      authMode: c.authMode,
      algorithm: c.algorithm,
    };
  },
  'huawei-iotda-app-mqtt': (i) => {
    const c = huaweiIotdaCredentials({
      accessKey: req(i, 'accessKey'),
      accessCode: req(i, 'accessCode'),
      timestamp: ms(i, 'timestamp'),
      instanceId: str(i, 'instanceId', true),
    });
    return { ...c };
  },
  'aliyun-mq-token-apply': (i) => {
    const f = tokenApplyForm({
      accessKey: req(i, 'accessKey'),
      secretKey: req(i, 'secretKey'),
      resources: req(i, 'resources'),
      actions: req(i, 'actions'),
      expireTime: ms(i, 'expireTime'),
      proxyType: str(i, 'proxyType', true),
      serviceName: str(i, 'serviceName', true),
    });
    return { stringToSign: f.stringToSign, signature: f.signature, form: f.form };
  },
  'aliyun-mq-token-revoke': (i) => {
    const f = tokenRevokeForm({ accessKey: req(i, 'accessKey'), secretKey: req(i, 'secretKey'), token: req(i, 'token') });
    return { stringToSign: f.stringToSign, signature: f.signature, form: f.form };
  },
  'aliyun-mq-token-query': (i) => {
    const f = tokenQueryForm({ accessKey: req(i, 'accessKey'), secretKey: req(i, 'secretKey'), token: req(i, 'token') });
    return { stringToSign: f.stringToSign, signature: f.signature, form: f.form };
  },
  'aliyun-mq-online-query': (i) => {
    const r = onlineQueryRequest({
      accessKey: req(i, 'accessKey'),
      secretKey: req(i, 'secretKey'),
      resource: req(i, 'resource'),
      timestamp: ms(i, 'timestamp'),
    });
    return { stringToSign: r.stringToSign, signature: r.signature, path: r.path, method: r.method, query: r.query, pathWithQuery: r.pathWithQuery };
  },
  'aliyun-mqtt-signature': (i) => ({
    ...aliyunMqttSignatureCredentials({ accessKey: req(i, 'accessKey'), secretKey: req(i, 'secretKey'), ...instanceClientId(i) }),
  }),
  'aliyun-mqtt-token': (i) => ({ ...aliyunMqttTokenCredentials({ accessKey: req(i, 'accessKey'), tokens: tokensOf(i), ...instanceClientId(i) }) }),
  'aliyun-mqtt-device-credential': (i) => ({
    ...aliyunMqttDeviceCredentialCredentials({
      deviceAccessKeyId: req(i, 'deviceAccessKeyId'),
      deviceAccessKeySecret: req(i, 'deviceAccessKeySecret'),
      ...instanceClientId(i),
    }),
  }),
  'aliyun-iot-device': (i) => ({
    ...aliyunIotDeviceCredentials({
      productKey: req(i, 'productKey'),
      deviceName: req(i, 'deviceName'),
      deviceSecret: req(i, 'deviceSecret'),
      timestamp: String(ms(i, 'timestamp')),
      signMethod: signMethodOf(i),
      secureMode: oneOf<IotDeviceSecureMode>(i, 'secureMode', IOT_DEVICE_SECURE_MODES),
      clientId: str(i, 'clientId', true),
    }),
  }),
  'huawei-iotda-device': (i) => {
    const timestamp = typeof i.timestamp === 'number' ? String(i.timestamp) : req(i, 'timestamp');
    if (!isHuaweiDeviceTimestamp(timestamp))
      throw new InputError(`field "timestamp" must be the UTC hour as YYYYMMDDHH (e.g. 2026120608), got ${JSON.stringify(i.timestamp)}`);
    return {
      ...huaweiIotdaDeviceCredentials({
        deviceId: req(i, 'deviceId'),
        secret: req(i, 'secret'),
        timestamp,
        checkTimestamp: oneOf<0 | 1>(i, 'checkTimestamp', [0, 1]),
      }),
    };
  },
};

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new InputError('reads one JSON object on stdin (e.g. echo \'{"accessKey":"..."}\' | fieldscope sign <kind>)');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const signCommand: CliCommand = {
  name: 'sign',
  usage: `fieldscope sign <kind>   (kinds: ${Object.keys(SIGN_KINDS).join(', ')})\n  Reads one JSON object on stdin, prints one JSON object on stdout. Exit code 2 on bad input.`,
  async run(args) {
    const kind = args.find((a) => !a.startsWith('-'));
    const signer = kind ? SIGN_KINDS[kind] : undefined;
    if (!kind || !signer) {
      console.error(`fieldscope sign: ${kind ? `unknown kind '${kind}'` : 'missing kind'}; use one of: ${Object.keys(SIGN_KINDS).join(', ')}`);
      return 2;
    }
    try {
      const text = await readStdin();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new InputError(`stdin is not valid JSON (${(err as Error).message}); give one JSON object`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new InputError('stdin must hold one JSON object ({...}), not an array or a bare value');
      process.stdout.write(JSON.stringify(signer(parsed as Json)) + '\n');
      return 0;
    } catch (err) {
      if (err instanceof InputError) {
        console.error(`fieldscope sign ${kind}: ${err.message}`);
        return 2;
      }
      throw err;
    }
  },
};
