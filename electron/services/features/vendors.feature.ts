import { AppError } from '../../../shared/contract/define';
import type { Profile, SecretSlot } from '../../../shared/contract/profiles.contract';
import type { ClockMeasurement, vendorsMethods } from '../../../shared/contract/vendors.contract';
import { checkProfile } from '../../../shared/vendors/preconnect-checks';
import { explainRefusal, explainRefusalParts } from '../../../shared/vendors/refusal-explanations';
import type { Feature } from '../core/feature';
import { measureClockOffset } from '../vendors/clock-offset';
import type { GetSecret } from '../vendors/connect-credentials';
import { buildCredentialPreview, revealDerivedSignature } from '../vendors/credential-preview';

interface ProfileRef {
  profileId?: string;
  profile?: Profile;
}

/** Default endpoint to read a clock from: the vendor's HTTPS face on the same host. */
function defaultClockEndpoint(profile: Profile): string {
  if (profile.kind === 'aliyun-mq' && profile.onlineQueryUrl) return profile.onlineQueryUrl;
  return `https://${profile.host}`;
}

export const vendorsFeature: Feature<typeof vendorsMethods> = (ctx) => {
  /** The profile to look at and where its secrets come from (a draft reads its saved profile's slots). */
  const resolve = (ref: ProfileRef): { profile: Profile; getSecret: GetSecret } => {
    const profiles = ctx.services.get('profiles');
    const saved = ref.profileId ? profiles.get(ref.profileId) : undefined;
    if (ref.profileId && !saved && !ref.profile) {
      throw new AppError('profile-not-found', `No profile with id ${ref.profileId}.`, 'It may have been deleted; reload the profile list.');
    }
    const profile = ref.profile ?? saved;
    if (!profile) throw new AppError('invalid-input', 'Give a profileId or a profile.');
    const secretsId = ref.profileId ?? (profiles.get(profile.id) ? profile.id : undefined);
    const getSecret: GetSecret = (slot: SecretSlot) => (secretsId ? profiles.getSecret(secretsId, slot) : Promise.resolve(null));
    return { profile, getSecret };
  };

  return {
    handlers: {
      'vendors.preview': (input) => {
        const { profile, getSecret } = resolve(input);
        return buildCredentialPreview(profile, getSecret, Date.now());
      },
      'vendors.revealSignature': (input) => {
        const { profile, getSecret } = resolve(input);
        return revealDerivedSignature(profile, getSecret, input.timestamp ?? Date.now());
      },
      'vendors.check': async (input) => {
        const { profile } = resolve(input);
        let clock: ClockMeasurement | undefined;
        if (input.endpoint || input.measureClock) {
          const endpoint = input.endpoint || defaultClockEndpoint(profile);
          try {
            const m = await measureClockOffset(endpoint, { timeoutMs: 4000 });
            clock = { ok: true, ...m };
          } catch (err) {
            clock = { ok: false, endpoint, error: (err as Error).message };
          }
        }
        const findings = checkProfile(profile, {
          now: Date.now(),
          clockOffsetMs: clock?.ok ? clock.offsetMs : undefined,
          subscriptions: input.subscriptions,
          publishTopics: input.publishTopics,
          payloadSize: input.payloadSize,
          payloadQos: input.payloadQos,
        });
        return clock ? { findings, clock } : { findings };
      },
      'vendors.explain': (input) => ({ text: explainRefusal(input) ?? null, parts: explainRefusalParts(input) }),
    },
  };
};
