/**
 * What a driver sends on CONNECT / SASL for a profile, built fresh on every (re)connect: timestamps are
 * taken from `now` each call, so a reconnect never replays a stale signature. The kind's descriptor builds
 * them (pure); this module reads the keychain slots it needs. Secrets never leave main.
 */
import { generateClientId } from '../profiles/client-id';
import { AppError } from '../../../shared/contract/define';
import type { Profile, SecretSlot } from '../../../shared/contract/profiles.contract';
import { kindDescriptor, type AmqpConnectCredentials, type MqttConnectCredentials, type SecretValues } from '../../../shared/vendors/kinds';

export type { AmqpConnectCredentials, MqttConnectCredentials } from '../../../shared/vendors/kinds';

export type GetSecret = (slot: SecretSlot) => Promise<string | null>;

/** A Client ID for generic profiles that leave it empty (brokers may refuse an empty one with clean=false). */
export function generatedClientId(): string {
  return generateClientId('mqtt');
}

/** The kind's keychain slots (the TLS client key is read by the transport, not here). */
export async function readSecrets(profile: Profile, getSecret: GetSecret): Promise<SecretValues> {
  const out: SecretValues = {};
  for (const slot of kindDescriptor(profile.kind).secretSlots) {
    if (slot === 'clientKey') continue;
    const v = await getSecret(slot);
    if (v !== null && v !== '') out[slot] = v;
  }
  return out;
}

/**
 * `fallbackClientId`: for generic profiles that leave the Client ID empty (brokers may refuse an empty one with
 * clean=false); a caller that keeps one for the connection's life resumes the same session on every retry.
 */
export async function mqttConnectCredentials(profile: Profile, getSecret: GetSecret, now: number, fallbackClientId?: string): Promise<MqttConnectCredentials> {
  const d = kindDescriptor(profile.kind);
  if (d.protocol !== 'mqtt') throw new AppError('wrong-protocol', `Profile "${profile.name}" is an AMQP profile, not MQTT.`);
  const randomClientId = () => fallbackClientId || generatedClientId();
  return d.connect(profile, { secrets: await readSecrets(profile, getSecret), now, randomClientId }) as MqttConnectCredentials;
}

export async function amqpConnectCredentials(profile: Profile, getSecret: GetSecret, now: number): Promise<AmqpConnectCredentials> {
  const d = kindDescriptor(profile.kind);
  if (d.protocol !== 'amqp') throw new AppError('wrong-protocol', `Profile "${profile.name}" is an MQTT profile, not AMQP.`);
  return d.connect(profile, { secrets: await readSecrets(profile, getSecret), now, randomClientId: generatedClientId }) as AmqpConnectCredentials;
}
