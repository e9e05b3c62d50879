/**
 * Huawei Cloud IoTDA, device side (cloud-behaviours §6): ClientId `<deviceId>_0_<0|1>_<YYYYMMDDHH>`
 * (UTC hour; 1 = the platform checks the timestamp is current), UserName = deviceId,
 * Password = hex(HMAC-SHA256(key = that YYYYMMDDHH string, message = the device secret)).
 */
import { hmacHex, sameHexSignature } from './hmac';

export type HuaweiCheckTimestamp = 0 | 1;

export interface HuaweiIotdaDeviceInput {
  deviceId: string;
  secret: string;
  /** The UTC hour, `YYYYMMDDHH`. */
  timestamp: string;
  checkTimestamp: HuaweiCheckTimestamp;
}

export interface HuaweiIotdaDeviceCredentials {
  clientId: string;
  username: string;
  password: string;
}

const STAMP = /^\d{10}$/;

export function isHuaweiDeviceTimestamp(v: string): boolean {
  if (!STAMP.test(v)) return false;
  const month = Number(v.slice(4, 6));
  const day = Number(v.slice(6, 8));
  const hour = Number(v.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23;
}

/** The UTC hour of an instant as `YYYYMMDDHH`. */
export function huaweiDeviceTimestamp(ms: number): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}${p2(d.getUTCHours())}`;
}

/** Start of the UTC hour a `YYYYMMDDHH` stamp names, in ms. */
export function huaweiDeviceTimestampMs(stamp: string): number {
  return Date.UTC(Number(stamp.slice(0, 4)), Number(stamp.slice(4, 6)) - 1, Number(stamp.slice(6, 8)), Number(stamp.slice(8, 10)));
}

export function huaweiDevicePassword(secret: string, timestamp: string): string {
  return hmacHex('sha256', timestamp, secret);
}

export function huaweiIotdaDeviceCredentials(input: HuaweiIotdaDeviceInput): HuaweiIotdaDeviceCredentials {
  return {
    clientId: `${input.deviceId}_0_${input.checkTimestamp}_${input.timestamp}`,
    username: input.deviceId,
    password: huaweiDevicePassword(input.secret, input.timestamp),
  };
}

export interface ParsedHuaweiDeviceClientId {
  deviceId: string;
  /** Always 0 (HMAC-SHA256) in this scheme. */
  signType: 0;
  checkTimestamp: HuaweiCheckTimestamp;
  timestamp: string;
}

/** Parses `<deviceId>_0_<0|1>_<YYYYMMDDHH>` from the end (device IDs contain underscores). */
export function parseHuaweiDeviceClientId(clientId: string): ParsedHuaweiDeviceClientId | undefined {
  const m = /^(.+)_0_([01])_(\d{10})$/.exec(clientId);
  if (!m || !isHuaweiDeviceTimestamp(m[3]!)) return undefined;
  return { deviceId: m[1]!, signType: 0, checkTimestamp: Number(m[2]) as HuaweiCheckTimestamp, timestamp: m[3]! };
}

export type HuaweiDeviceVerifyResult =
  | { ok: true; device: ParsedHuaweiDeviceClientId }
  | { ok: false; reason: 'malformed-client-id' | 'username-mismatch' | 'unknown-device' | 'bad-signature' | 'stale-timestamp'; detail: string };

export interface HuaweiDeviceVerifier {
  secretFor(deviceId: string): string | undefined;
  /** The server's clock (ms), for `_1_` ClientIds. */
  now: number;
  /** How many hours the stamp may differ from the server's current UTC hour when checked (default 1). */
  toleranceHours?: number;
}

/** Server-side check (sandbox) of an IoTDA device CONNECT. */
export function verifyHuaweiDeviceLogin(clientId: string, username: string, password: string, v: HuaweiDeviceVerifier): HuaweiDeviceVerifyResult {
  const device = parseHuaweiDeviceClientId(clientId);
  if (!device) return { ok: false, reason: 'malformed-client-id', detail: 'ClientId must be <deviceId>_0_<0|1>_<YYYYMMDDHH>' };
  if (username !== device.deviceId) return { ok: false, reason: 'username-mismatch', detail: `UserName must be the device ID ${device.deviceId}` };
  const secret = v.secretFor(device.deviceId);
  if (secret === undefined) return { ok: false, reason: 'unknown-device', detail: `no device ${device.deviceId}` };
  if (!sameHexSignature(huaweiDevicePassword(secret, device.timestamp), password))
    return { ok: false, reason: 'bad-signature', detail: 'password is not hex(HMAC-SHA256(key = timestamp, secret))' };
  if (device.checkTimestamp === 1) {
    const skewHours = Math.abs(huaweiDeviceTimestampMs(device.timestamp) - huaweiDeviceTimestampMs(huaweiDeviceTimestamp(v.now))) / 3_600_000;
    const tolerance = v.toleranceHours ?? 1;
    if (skewHours > tolerance)
      return {
        ok: false,
        reason: 'stale-timestamp',
        detail: `timestamp ${device.timestamp} is ${skewHours} h from the server's UTC hour ${huaweiDeviceTimestamp(v.now)}`,
      };
  }
  return { ok: true, device };
}
