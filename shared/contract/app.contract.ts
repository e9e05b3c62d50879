import { z } from 'zod';
import { Empty, method } from './define';

export const AppInfo = z.object({
  version: z.string(),
  host: z.enum(['electron', 'chromium', 'cli', 'test']),
  platform: z.string(),
  dataDir: z.string(),
  /** Set when the profile store was unreadable and moved aside at start. */
  startupWarnings: z.array(z.string()),
  keychain: z.object({ kind: z.string(), available: z.boolean(), detail: z.string().optional() }),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appMethods = {
  'app.info': method(Empty, AppInfo),
};

export const appEvents = {
  /** Something the user must see (a corrupt store moved aside, a keychain error...). */
  'app.notice': z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }),
};
