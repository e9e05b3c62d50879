import { parse as parseYaml } from 'yaml';
import { AppError } from '../../../shared/contract/define';
import type { ForeignImportResult } from '../../../shared/contract/profile-import.contract';
import { ForeignFormatError, mapForeignProfiles } from '../../../shared/profiles/foreign-profiles';
import type { ProfileService } from './profile-service';

/**
 * MQTTX / MQTT Explorer files become profiles. The passwords they carry stay in this process's memory until the
 * user accepts them (then the keychain) or declines; they are never written to the profile file.
 */
export class ForeignImportService {
  private pending = new Map<string, string>();

  constructor(private readonly profiles: ProfileService) {}

  async importText(text: string): Promise<ForeignImportResult> {
    const data = parseText(text);
    let mapped;
    try {
      mapped = mapForeignProfiles(data);
    } catch (err) {
      if (err instanceof ForeignFormatError) {
        throw new AppError('invalid-import', err.message, "Export the connections from MQTTX (Export → JSON or YAML) or use MQTT Explorer's settings.json.");
      }
      throw err;
    }
    // A new import replaces the offer of an earlier one that was never answered.
    this.pending.clear();
    const result: ForeignImportResult = { source: mapped.source, imported: [], unmapped: [], passwordsFound: [] };
    for (const entry of mapped.profiles) {
      const view = await this.profiles.save(entry.profile);
      const { id, name } = view.profile;
      result.imported.push(view);
      if (entry.unmapped.length > 0) result.unmapped.push({ id, name, items: entry.unmapped });
      if (entry.password !== undefined) {
        this.pending.set(id, entry.password);
        result.passwordsFound.push({ id, name });
      }
    }
    return result;
  }

  async keepPasswords(ids: string[]): Promise<void> {
    const keep = new Set(ids);
    const offered = [...this.pending];
    this.pending.clear();
    for (const [id, password] of offered) {
      if (keep.has(id) && this.profiles.get(id)) await this.profiles.setSecret(id, 'password', password);
    }
  }
}

/** JSON first (an MQTTX JSON export, MQTT Explorer settings), then YAML (MQTTX's YAML export). */
function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // not JSON: try YAML below
  }
  try {
    // maxAliasCount bounds alias expansion ("billion laughs") in a file that came from someone else.
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    const line = (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new AppError(
      'invalid-import',
      `The file is neither JSON nor YAML${line ? ` (YAML error on line ${line})` : ''}.`,
      'Choose an export file made by MQTTX, MQTT Explorer or Fieldscope.',
    );
  }
}
