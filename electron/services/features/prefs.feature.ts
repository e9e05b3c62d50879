import type { prefsMethods } from '../../../shared/contract/prefs.contract';
import type { Feature } from '../core/feature';
import { UiPrefsStore } from '../prefs/ui-prefs-store';

export const prefsFeature: Feature<typeof prefsMethods> = (ctx) => {
  const store = UiPrefsStore.inDataDir(ctx.options.dataDir);
  return {
    handlers: {
      'prefs.get': () => store.get(),
      'prefs.set': (change) => store.set(change),
    },
  };
};
