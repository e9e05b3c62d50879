import fs from 'node:fs';
import net from 'node:net';
import rhea, { type ConnectionOptions } from 'rhea';
import { AppError } from '../../../shared/contract/define';
import type { AliyunAmqpProfile, AmqpProfile, SecretSlot } from '../../../shared/contract/profiles.contract';
import type { AmqpConnectCredentials } from '../vendors/connect-credentials';

export type AmqpKindProfile = AliyunAmqpProfile | AmqpProfile;

export interface BuiltConnectOptions {
  options: ConnectionOptions;
  /** Local warnings to show on the connection (e.g. TLS verification off). */
  warnings: string[];
}

function readFileOrExplain(file: string, what: string, field: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new AppError('tls-file-unreadable', `Cannot read the ${what} ${file} (${code}).`, `Fix the ${field} path in the profile's TLS settings or clear it.`);
  }
}

interface SaslMechanisms {
  enable_plain(user: string, pass: string): void;
  enable_anonymous(name?: string): void;
}

/**
 * rhea picks ANONYMOUS by itself when the password is empty; the profile's choice is made explicit so an
 * empty password stays PLAIN (and is refused and explained) rather than silently changing mechanism.
 */
function saslMechanisms(creds: AmqpConnectCredentials): SaslMechanisms {
  const m = (rhea as unknown as { sasl: { client_mechanisms(): SaslMechanisms } }).sasl.client_mechanisms();
  if (creds.mechanism === 'ANONYMOUS') m.enable_anonymous(creds.username || 'anonymous');
  else m.enable_plain(creds.username, creds.password);
  return m;
}

/** rhea connection options for one attempt: TLS files read now, credentials signed by the caller now. */
export async function buildConnectOptions(
  profile: AmqpKindProfile,
  creds: AmqpConnectCredentials,
  getSecret: (slot: SecretSlot) => Promise<string | null>,
  containerId: string,
): Promise<BuiltConnectOptions> {
  const warnings: string[] = [];
  const options: Record<string, unknown> = {
    id: containerId,
    container_id: containerId,
    host: profile.host,
    port: profile.port,
    reconnect: false, // the driver reconnects itself, with a fresh signature each attempt
    idle_time_out: profile.idleTimeoutSec > 0 ? profile.idleTimeoutSec * 1000 : undefined,
    sasl_mechanisms: saslMechanisms(creds),
    // No open-frame hostname, as in the IoT Platform SDK samples (RabbitMQ would read it as a vhost).
  };
  if (profile.tls) {
    const t = profile.tlsOptions;
    options.transport = 'tls';
    options.rejectUnauthorized = t.rejectUnauthorized;
    if (t.caFile) options.ca = [readFileOrExplain(t.caFile, 'CA file', 'CA file')];
    if (t.servername) options.servername = t.servername;
    // An IP address is not a valid SNI name (RFC 6066): '' keeps rhea from sending it; the certificate is
    // still checked against the IP.
    else options.servername = net.isIP(profile.host) ? '' : profile.host;
    if (t.certFile) {
      options.cert = readFileOrExplain(t.certFile, 'client certificate', 'client certificate');
      const key = await getSecret('clientKey');
      if (!key)
        throw new AppError(
          'missing-secret',
          `Profile "${profile.name}" has a client certificate but no private key.`,
          'Add the client key in the TLS settings (it is kept in the OS keychain).',
        );
      options.key = key;
    }
    if (!t.rejectUnauthorized) {
      warnings.push(
        'TLS certificate verification is OFF for this connection: anyone on the path could impersonate the server. Use only for testing; add the CA file instead.',
      );
    }
  } else {
    options.transport = 'tcp';
    if (profile.kind === 'aliyun-amqp') warnings.push('IoT Platform AMQP accepts TLS only (port 5671); plain TCP will be refused.');
  }
  if (profile.kind === 'aliyun-amqp' && (profile.idleTimeoutSec < 30 || profile.idleTimeoutSec > 300)) {
    warnings.push(`idle-time-out ${profile.idleTimeoutSec} s is outside the IoT Platform's 30-300 s: the server may close the connection.`);
  }
  return { options: options as unknown as ConnectionOptions, warnings };
}
