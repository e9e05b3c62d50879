import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Profile, SecretSlot } from '../../../shared/contract/profiles.contract';
import { jsonSyntaxProblem } from '../../../shared/files/quiet-file-errors';
import type { HostKind } from '../core/feature';

/** One profile as it sits in the store file: the profile and the names (never values) of its keychain slots. */
export const StoredProfile = z.object({
  profile: Profile,
  secrets: z.array(SecretSlot).default([]),
});
export type StoredProfile = z.infer<typeof StoredProfile>;

export const STORE_FILE_VERSION = 1;
export const STORE_FILE_NAME = 'profiles';

/**
 * JSON schema the store library (conf / electron-store, via ajv) checks on every read and write. It checks
 * only the file's shape: each profile is checked by zod (the source of truth) so that one bad profile is
 * skipped rather than making the whole file unreadable.
 */
export const STORE_JSON_SCHEMA = {
  version: { type: 'number', default: STORE_FILE_VERSION },
  profiles: {
    type: 'array',
    default: [],
    items: {
      type: 'object',
      required: ['profile'],
      properties: {
        profile: { type: 'object' },
        secrets: { type: 'array', items: { type: 'string' } },
      },
    },
  },
} as const;

const FileShape = z
  .object({
    version: z.number().optional(),
    profiles: z.array(z.object({ profile: z.record(z.string(), z.unknown()), secrets: z.array(z.string()).optional() }).loose()).optional(),
  })
  .loose();

/** The part of conf / electron-store we use. */
interface KeyValueFile {
  readonly path: string;
  store: Record<string, unknown>;
}

export interface LoadedStore {
  profiles: StoredProfile[];
  /** Problems the user must be told about (file moved aside, profiles skipped). */
  warnings: string[];
}

export interface ProfileStoreOptions {
  host: HostKind;
  dataDir: string;
  /** For tests: the clock used in the moved-aside file's name. */
  now?: () => Date;
}

/**
 * The profiles file: electron-store in the Electron host, its underlying `conf` elsewhere (same file, same
 * schema). Both write through a temporary file and a rename, so a crash mid-write never leaves a torn file.
 */
export class ProfileStore {
  private file!: KeyValueFile;
  /** Items zod rejected: not loaded, but written back untouched so a hand-edit mistake never deletes a profile. */
  private invalidItems: unknown[] = [];

  private constructor(private readonly opts: ProfileStoreOptions) {}

  static async open(opts: ProfileStoreOptions): Promise<{ store: ProfileStore; loaded: LoadedStore }> {
    const s = new ProfileStore(opts);
    const loaded = await s.load();
    return { store: s, loaded };
  }

  get path(): string {
    return path.join(this.opts.dataDir, `${STORE_FILE_NAME}.json`);
  }

  private async createFile(): Promise<KeyValueFile> {
    const common = {
      cwd: this.opts.dataDir,
      schema: STORE_JSON_SCHEMA as never,
      clearInvalidConfig: false,
      // Profiles are edited by people: keep the file readable and mergeable.
      serialize: (v: unknown) => `${JSON.stringify(v, null, 2)}\n`,
      configFileMode: 0o600,
    };
    if (this.opts.host === 'electron') {
      const { default: ElectronStore } = await import('electron-store');
      return new ElectronStore({ ...common, name: STORE_FILE_NAME }) as unknown as KeyValueFile;
    }
    const { default: Conf } = await import('conf');
    return new Conf({ ...common, projectName: 'fieldscope', configName: STORE_FILE_NAME }) as unknown as KeyValueFile;
  }

  private async load(): Promise<LoadedStore> {
    const warnings: string[] = [];
    const problem = this.checkFile();
    if (problem) warnings.push(this.moveAside(problem));
    try {
      this.file = await this.createFile();
    } catch (err) {
      // The library found something our own check did not (e.g. a schema rule): same treatment, once.
      warnings.push(this.moveAside(`it could not be read (${(err as Error).message})`));
      this.file = await this.createFile();
    }
    const raw = this.file.store as { profiles?: Array<{ profile?: unknown; secrets?: unknown }> };
    const profiles: StoredProfile[] = [];
    const seen = new Set<string>();
    (raw.profiles ?? []).forEach((item, index) => {
      const r = StoredProfile.safeParse(item);
      if (!r.success) {
        const name = describeItem(item, index);
        warnings.push(
          `Profile ${name} in ${this.path} is invalid and was not loaded (${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}). It is kept in the file unchanged; fix it there and restart, or re-create it.`,
        );
        this.invalidItems.push(item);
        return;
      }
      if (seen.has(r.data.profile.id)) {
        warnings.push(`Profile id ${r.data.profile.id} appears twice in ${this.path}; only the first was loaded (the other is kept in the file).`);
        this.invalidItems.push(item);
        return;
      }
      seen.add(r.data.profile.id);
      profiles.push(r.data);
    });
    return { profiles, warnings };
  }

  /** Says why the file on disk cannot be used, or null when it can (or does not exist yet). */
  private checkFile(): string | null {
    let text: string;
    try {
      text = fs.readFileSync(this.path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      return `it could not be read (${code ?? (err as Error).message})`;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (err) {
      // The warning reaches app.info: say where the file breaks, never quote it.
      return `it is ${jsonSyntaxProblem(text, err)}`;
    }
    const shape = FileShape.safeParse(data);
    if (!shape.success) {
      return `it does not look like a Fieldscope profile store (${shape.error.issues.map((i) => `${i.path.join('.') || 'top level'}: ${i.message}`).join('; ')})`;
    }
    return null;
  }

  /** Renames the unusable file with a timestamp so nothing is lost, and says where it went. */
  private moveAside(reason: string): string {
    const stamp = (this.opts.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    let target = `${this.path}.corrupt-${stamp}`;
    for (let n = 1; fs.existsSync(target); n++) target = `${this.path}.corrupt-${stamp}-${n}`;
    try {
      fs.renameSync(this.path, target);
    } catch (err) {
      throw new Error(
        `The profile store ${this.path} is unusable because ${reason}, and it could not be moved aside (${(err as Error).message}). Move or delete it, then start Fieldscope again.`,
        { cause: err },
      );
    }
    return `The profile store ${this.path} was unusable because ${reason}. It was moved to ${target} and Fieldscope started with no saved profiles. Your old profiles are in that file if you want to recover them.`;
  }

  /** Replaces the file's profiles (atomic write). */
  write(profiles: StoredProfile[]): void {
    this.file.store = { version: STORE_FILE_VERSION, profiles: [...profiles, ...this.invalidItems] };
  }
}

function describeItem(item: unknown, index: number): string {
  const p = (item as { profile?: { name?: unknown; id?: unknown } } | null)?.profile;
  if (p && typeof p.name === 'string') return `"${p.name}"`;
  if (p && typeof p.id === 'string') return `id ${p.id}`;
  return `#${index + 1}`;
}
