/**
 * UI preferences (language for now) in `<dataDir>/ui-prefs.json`. A missing or unreadable file means defaults:
 * a preference is never worth refusing to start over, and the next save rewrites the file whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UiPrefs } from '../../../shared/contract/prefs.contract';

const DEFAULTS: UiPrefs = { locale: 'system', theme: 'system', welcomeDismissed: false };

export class UiPrefsStore {
  private prefs: UiPrefs;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    this.prefs = UiPrefsStore.read(file);
  }

  static inDataDir(dataDir: string): UiPrefsStore {
    return new UiPrefsStore(path.join(dataDir, 'ui-prefs.json'));
  }

  private static read(file: string): UiPrefs {
    try {
      // Field by field, so one bad value (a hand edit, a newer version's value) does not reset the others.
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      const out: UiPrefs = { ...DEFAULTS };
      for (const key of Object.keys(DEFAULTS) as (keyof UiPrefs)[]) {
        const field = UiPrefs.shape[key].safeParse(raw[key]);
        if (field.success) (out as Record<string, unknown>)[key] = field.data;
      }
      return out;
    } catch {
      return { ...DEFAULTS };
    }
  }

  get(): UiPrefs {
    return { ...this.prefs };
  }

  /** Applies the change at once and writes it (serialised; write then rename so a crash never leaves half a file). */
  async set(change: Partial<UiPrefs>): Promise<UiPrefs> {
    this.prefs = { ...this.prefs, ...change };
    const text = JSON.stringify(this.prefs, null, 2);
    const tmp = `${this.file}.tmp`;
    this.writing = this.writing.then(async () => {
      await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
      await fs.promises.writeFile(tmp, text);
      await fs.promises.rename(tmp, this.file);
    });
    await this.writing;
    return this.get();
  }
}
