import type { Profile } from '../contract/profiles.contract';
import type { CodeConnection } from './code-target';

/**
 * A profile's connection settings for a snippet. Only plain MQTT profiles carry a user name of their own; vendor
 * profiles derive theirs (and the password) from keys, which the snippet leaves to the environment.
 */
export function codeConnectionFromProfile(profile: Profile, passwordSet: boolean): CodeConnection | null {
  if (profile.kind === 'amqp' || profile.kind === 'aliyun-amqp' || profile.kind === 'rocketmq' || profile.kind === 'rocketmq-http') return null;
  const conn: CodeConnection = {
    host: profile.host,
    port: profile.port,
    transport: profile.transport,
    wsPath: profile.wsPath,
    clientId: profile.clientId || undefined,
    protocolVersion: profile.protocolVersion,
    clean: profile.clean,
    keepaliveSec: profile.keepaliveSec,
    caFile: profile.tls.caFile,
    rejectUnauthorized: profile.tls.rejectUnauthorized,
    usesPassword: profile.kind === 'mqtt' ? passwordSet : true,
  };
  if (profile.kind === 'mqtt' && profile.username) conn.username = profile.username;
  return conn;
}
