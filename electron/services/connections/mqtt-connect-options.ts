import fs from 'node:fs/promises';
import net from 'node:net';
import type { IClientOptions } from 'mqtt';
import { AppError } from '../../../shared/contract/define';
import type { Profile } from '../../../shared/contract/profiles.contract';
import type { MqttConnectCredentials } from '../vendors/connect-credentials';

import { isMqttProfile } from '../../../shared/vendors/kinds';

/** The MQTT kinds share the MQTT connection fields (the descriptor says which kinds are MQTT). */
export type MqttKindProfile = Extract<Profile, { transport: unknown }>;
export { isMqttProfile };

async function readPemFile(file: string, what: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError(
      'tls-file',
      `The ${what} file ${file} cannot be read (${code ?? (err as Error).message}).`,
      `Check the path in the profile's TLS settings, or choose the file again.`,
    );
  }
}

export interface BuiltMqttOptions {
  options: IClientOptions;
  /** Shown in the protocol log and on the connection state (e.g. TLS verification off). */
  warnings: string[];
  url: string;
}

const noLog = () => undefined;

/**
 * mqtt.js options for one connect attempt. Reconnecting is ours (reconnectPeriod 0) because credentials
 * are re-signed before every attempt, which mqtt.js's own reconnect (it reuses the options) cannot do.
 */
export async function buildMqttOptions(
  profile: MqttKindProfile,
  creds: MqttConnectCredentials,
  getSecret: (slot: 'clientKey') => Promise<string | null>,
): Promise<BuiltMqttOptions> {
  const warnings: string[] = [];
  const secure = profile.transport === 'tls' || profile.transport === 'wss';
  const protocol = profile.transport === 'tcp' ? 'mqtt' : profile.transport === 'tls' ? 'mqtts' : profile.transport;
  const options: IClientOptions = {
    protocol,
    host: profile.host,
    hostname: profile.host,
    port: profile.port,
    clientId: creds.clientId,
    protocolVersion: profile.protocolVersion,
    clean: profile.clean,
    keepalive: profile.keepaliveSec,
    connectTimeout: profile.connectTimeoutMs,
    reconnectPeriod: 0,
    resubscribe: false,
    queueQoSZero: false,
    // mqtt.js calls its debug logger several times per received packet; the protocol log is ours, and the
    // disabled logger still cost ~5% of a queued drain.
    log: noLog,
  };
  if (profile.transport === 'ws' || profile.transport === 'wss') options.path = profile.wsPath.startsWith('/') ? profile.wsPath : `/${profile.wsPath}`;
  if (creds.username !== undefined) options.username = creds.username;
  if (creds.password !== undefined) options.password = creds.password;
  if (profile.kind === 'mqtt' && profile.will) {
    options.will = { topic: profile.will.topic, payload: Buffer.from(profile.will.payload), qos: profile.will.qos, retain: profile.will.retain };
  }
  if (secure) {
    const tls = profile.tls;
    if (tls.caFile) options.ca = await readPemFile(tls.caFile, 'CA certificate');
    if (tls.certFile) {
      options.cert = await readPemFile(tls.certFile, 'client certificate');
      const key = await getSecret('clientKey');
      if (!key)
        throw new AppError(
          'missing-secret',
          `Profile "${profile.name}" has a client certificate but no private key.`,
          'Add the client key (PEM) in the TLS settings; it is kept in the OS keychain.',
        );
      options.key = Buffer.from(key);
    }
    options.rejectUnauthorized = tls.rejectUnauthorized;
    const servername = tls.servername || (net.isIP(profile.host) ? undefined : profile.host);
    if (servername) options.servername = servername;
    if (!tls.rejectUnauthorized) {
      warnings.push(
        'TLS certificate verification is OFF for this connection: anyone on the network path could impersonate the broker and read the credentials. Use it only for tests; add the CA file instead.',
      );
    }
  } else if (profile.tls.certFile || profile.tls.caFile) {
    warnings.push(`TLS settings are ignored because the transport is ${profile.transport} (not tls/wss).`);
  }
  const url = `${protocol}://${profile.host}:${profile.port}${options.path ?? ''}`;
  return { options, warnings, url };
}
