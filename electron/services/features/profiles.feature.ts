import type { profilesMethods } from '../../../shared/contract/profiles.contract';
import type { Feature } from '../core/feature';
import { ProfileService } from '../profiles/profile-service';

declare module '../core/services' {
  interface Services {
    profiles: ProfileService;
  }
}

export const profilesFeature: Feature<typeof profilesMethods> = (ctx) => {
  // Published at creation so features created after this one can hold it; its methods wait for the file.
  const svc = new ProfileService(ctx);
  ctx.services.set('profiles', svc);
  return {
    handlers: {
      'profiles.list': () => svc.list(),
      'profiles.save': ({ profile, secrets }) => svc.save(profile, secrets),
      'profiles.duplicate': ({ id }) => svc.duplicate(id),
      'profiles.delete': async ({ id }) => {
        await svc.delete(id);
        return { ok: true as const };
      },
      'profiles.export': ({ ids }) => svc.exportProfiles(ids),
      'profiles.import': ({ json }) => svc.importProfiles(json),
      'profiles.setSecret': ({ id, slot, value }) => svc.setSecret(id, slot, value),
      'profiles.generateClientId': ({ kind }) => ({ clientId: svc.generateClientId(kind) }),
    },
    async start() {
      await svc.whenReady();
    },
  };
};
