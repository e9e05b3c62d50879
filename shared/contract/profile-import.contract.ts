import { z } from 'zod';
import { Ok, method } from './define';
import { ProfileView } from './profiles.contract';

/**
 * Importing connection files from other tools (MQTTX JSON/YAML exports, MQTT Explorer settings). Passwords found
 * in such a file are never written anywhere until the user says yes; then they go to the keychain only.
 */
export const ForeignImportResult = z.object({
  source: z.enum(['mqttx', 'mqtt-explorer']),
  imported: z.array(ProfileView),
  /** Per new profile: settings the file had that could not be carried over. */
  unmapped: z.array(z.object({ id: z.string(), name: z.string(), items: z.array(z.string()) })),
  /** New profiles whose password was found in the file and is held (in memory) until accepted or discarded. */
  passwordsFound: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type ForeignImportResult = z.infer<typeof ForeignImportResult>;

export const profileImportMethods = {
  /** The text of an MQTTX (JSON or YAML) or MQTT Explorer export; each connection becomes a new MQTT profile. */
  'profiles.importForeign': method(z.object({ text: z.string().max(20 * 1024 * 1024) }), ForeignImportResult),
  /** Stores (ids listed) or forgets (the rest) the passwords an import found. */
  'profiles.keepImportedPasswords': method(z.object({ ids: z.array(z.string()) }), Ok),
};

export const profileImportEvents = {};
