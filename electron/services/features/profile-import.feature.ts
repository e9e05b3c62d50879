import type { profileImportMethods } from '../../../shared/contract/profile-import.contract';
import type { Feature } from '../core/feature';
import { ForeignImportService } from '../profiles/foreign-import';

export const profileImportFeature: Feature<typeof profileImportMethods> = (ctx) => {
  const svc = new ForeignImportService(ctx.services.get('profiles'));
  return {
    handlers: {
      'profiles.importForeign': ({ text }) => svc.importText(text),
      'profiles.keepImportedPasswords': async ({ ids }) => {
        await svc.keepPasswords(ids);
        return { ok: true as const };
      },
    },
  };
};
