/**
 * The credential preview: what a profile will send, computed by the kind's descriptor with the same signers
 * the drivers use, every raw secret masked. Derived HMAC signatures are shown as their first 4 characters; raw
 * secrets (access code, plain password, STS token, tokens) as dots only, so no part of them reaches the renderer.
 */
import { AppError } from '../../../shared/contract/define';
import type { Profile } from '../../../shared/contract/profiles.contract';
import type { CredentialPreview } from '../../../shared/contract/vendors.contract';
import { kindDescriptor } from '../../../shared/vendors/kinds';
import { EXPLAIN_EN } from '../../../shared/vendors/explain-en';
import { renderPart } from '../../../shared/vendors/explain-part';
import { generatedClientId, readSecrets, type GetSecret } from './connect-credentials';

export { maskDerived, SECRET_MASK } from '../../../shared/vendors/kinds/credential-helpers';

export async function buildCredentialPreview(profile: Profile, getSecret: GetSecret, now: number): Promise<CredentialPreview> {
  const secrets = await readSecrets(profile, getSecret);
  const { notes, ...body } = kindDescriptor(profile.kind).preview(profile, { secrets, now, randomClientId: generatedClientId });
  return { ...body, notes: notes.map((n) => renderPart(n, EXPLAIN_EN)), noteParts: notes, profileKind: profile.kind, generatedAt: now };
}

/**
 * The full derived signature for reveal-on-hold. Refused where the password is the secret itself.
 * `timestamp` re-signs the exact timestamp the preview showed.
 */
export async function revealDerivedSignature(profile: Profile, getSecret: GetSecret, timestamp: number): Promise<{ signature: string; timestamp?: number }> {
  const d = kindDescriptor(profile.kind);
  const out = d.revealSignature?.(profile, await readSecrets(profile, getSecret), timestamp);
  if (out) return out;
  throw new AppError(
    'not-derived',
    'This profile sends no derived signature to reveal.',
    'Only HMAC signatures (MQ for IoT signature and device credential modes, IoT Platform AMQP and devices, IoTDA devices) can be revealed; raw secrets such as an access code, a token or a password are never shown.',
  );
}
