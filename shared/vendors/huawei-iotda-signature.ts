/**
 * Huawei Cloud IoTDA application-side MQTT access [seed 001]:
 * username = `accessKey=<ak>|timestamp=<13-digit ms>|instanceId=<id>` (instanceId optional),
 * password = the access code as is, clientId = the username (globally unique).
 */

export interface HuaweiIotdaInput {
  accessKey: string;
  accessCode: string;
  timestamp: number;
  instanceId?: string;
}

export interface HuaweiIotdaCredentials {
  username: string;
  password: string;
  clientId: string;
}

/** The server rejects a timestamp further than this from its clock. */
export const HUAWEI_TIMESTAMP_WINDOW_MS = 5 * 60_000;
export const HUAWEI_MAX_CONNECTIONS_PER_ACCESS_KEY = 10;
export const HUAWEI_ACCESS_CODE_MAX = 256;

export function huaweiIotdaUsername(accessKey: string, timestamp: number, instanceId?: string): string {
  const parts = [`accessKey=${accessKey}`, `timestamp=${timestamp}`];
  if (instanceId) parts.push(`instanceId=${instanceId}`);
  return parts.join('|');
}

export function huaweiIotdaCredentials(input: HuaweiIotdaInput): HuaweiIotdaCredentials {
  const username = huaweiIotdaUsername(input.accessKey, input.timestamp, input.instanceId);
  return { username, password: input.accessCode, clientId: username };
}

/** Parses `accessKey=..|timestamp=..[|instanceId=..]`; null when accessKey or a 13-digit timestamp is missing. */
export function parseHuaweiUsername(username: string): { accessKey: string; timestamp: number; instanceId?: string } | null {
  const fields: Record<string, string> = {};
  for (const part of username.split('|')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    fields[part.slice(0, eq)] = part.slice(eq + 1);
  }
  if (!fields.accessKey || !/^\d{13}$/.test(fields.timestamp ?? '')) return null;
  const out: { accessKey: string; timestamp: number; instanceId?: string } = { accessKey: fields.accessKey, timestamp: Number(fields.timestamp) };
  if (fields.instanceId) out.instanceId = fields.instanceId;
  return out;
}
