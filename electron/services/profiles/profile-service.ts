import crypto from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/define';
import { Profile, ProfileDraft, ProfileExportFile, SecretSlot, type ProfileView, type SecretState } from '../../../shared/contract/profiles.contract';
import { jsonSyntaxProblem } from '../../../shared/files/quiet-file-errors';
import { secretSlotsForKind } from '../../../shared/vendors/kinds';
import type { BackendContext } from '../core/feature';
import { generateClientId } from './client-id';
import { ProfileStore, type StoredProfile } from './profile-store';

/** Keychain account of one secret slot of one profile. */
export function secretAccount(id: string, slot: SecretSlot): string {
  return `profile:${id}:${slot}`;
}

export type ProfilesChangeListener = (ids: string[]) => void;

export interface ImportResult {
  imported: ProfileView[];
  needSecrets: Array<{ id: string; slots: SecretSlot[] }>;
}

/**
 * Connection profiles and their secrets. Profiles live in the store file; secret VALUES live only in the OS
 * keychain (or, for the sandbox's demo credentials, only in memory); the file records which slots are set.
 * Secret values leave this service only through getSecret, which is for main-process code (drivers).
 */
export class ProfileService {
  private profiles = new Map<string, StoredProfile>();
  private ephemeral = new Map<string, Map<SecretSlot, string>>();
  /** This process only, never saved: a CLI run's -c / --persistent / reconnect flags over a saved profile. */
  private runOverrides = new Map<string, Partial<Profile>>();
  private listeners = new Set<ProfilesChangeListener>();
  private store: ProfileStore | null = null;
  private ready: Promise<void>;
  /** Writes are chained so two saves never interleave their file writes. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: BackendContext) {
    this.ready = this.open();
  }

  private async open(): Promise<void> {
    try {
      const { store, loaded } = await ProfileStore.open({ host: this.ctx.options.host, dataDir: this.ctx.options.dataDir });
      this.store = store;
      for (const p of loaded.profiles) this.profiles.set(p.profile.id, p);
      for (const w of loaded.warnings) this.warn(w);
    } catch (err) {
      // Even a store we could neither read nor move aside must not stop the app: run without saving.
      this.warn(`${(err as Error).message} Profiles will not be saved in this session.`);
    }
  }

  private warn(message: string) {
    this.ctx.warnings.push(message);
    this.ctx.events.emit('app.notice', { level: 'warning', message });
  }

  /** Resolves once the store file has been read (every public method waits for it). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  // ---- reading ---------------------------------------------------------------------------------------

  async list(): Promise<ProfileView[]> {
    await this.ready;
    return [...this.profiles.values()].map((p) => this.view(p));
  }

  /** Synchronous: the profile as saved (undefined before the store has loaded or for an unknown id). */
  get(id: string): Profile | undefined {
    const p = this.profiles.get(id)?.profile;
    const o = this.runOverrides.get(id);
    return p && o ? ({ ...p, ...o } as Profile) : p;
  }

  /** Connection settings for this process's connections only (validated; the saved profile is untouched). */
  overrideForThisRun(id: string, patch: Partial<Profile>): void {
    const p = this.require(id).profile;
    parseOrThrow(Profile, { ...p, ...patch }, 'profile');
    this.runOverrides.set(id, patch);
  }

  async getView(id: string): Promise<ProfileView> {
    await this.ready;
    return this.view(this.require(id));
  }

  private require(id: string): StoredProfile {
    const p = this.profiles.get(id);
    if (!p) throw new AppError('profile-not-found', `No profile with id ${id}.`, 'It may have been deleted; reload the profile list.');
    return p;
  }

  private view(p: StoredProfile): ProfileView {
    const secrets: Record<string, SecretState> = {};
    const eph = this.ephemeral.get(p.profile.id);
    for (const slot of secretSlotsForKind(p.profile.kind)) secrets[slot] = 'unset';
    for (const slot of p.secrets) secrets[slot] = 'set';
    if (eph) for (const slot of eph.keys()) secrets[slot] = 'set';
    return { profile: structuredClone(p.profile), secrets };
  }

  // ---- writing ---------------------------------------------------------------------------------------

  /**
   * Creates (empty or unknown id) or updates a profile, then stores the given secrets in the keychain
   * (a string sets the slot, null clears it; slots not mentioned are left as they are).
   */
  async save(input: ProfileDraft | Profile, secrets?: Partial<Record<SecretSlot, string | null>>): Promise<ProfileView> {
    await this.ready;
    const draft = parseOrThrow(ProfileDraft, input, 'profile');
    const slots = secrets ? parseOrThrow(z.partialRecord(SecretSlot, z.string().nullable()), secrets, 'secrets') : {};
    const now = Date.now();
    const existing = draft.id ? this.profiles.get(draft.id) : undefined;
    const id = draft.id || newId();
    const profile = parseOrThrow(Profile, { ...draft, id, createdAt: existing?.profile.createdAt ?? draft.createdAt ?? now, updatedAt: now }, 'profile');
    const stored: StoredProfile = { profile, secrets: existing ? [...existing.secrets] : [] };
    this.profiles.set(id, stored);
    await this.persist();
    if (!existing && draft.id) await this.dropLeftovers(id, slots);
    for (const [slot, value] of Object.entries(slots) as Array<[SecretSlot, string | null | undefined]>) {
      if (value === undefined) continue;
      await this.writeSecret(stored, slot, value, existing ? 'updated' : 'created');
    }
    this.changed([id]);
    return this.view(stored);
  }

  /** Creates or replaces a profile under its own id, secrets untouched (the sandbox's own profiles). */
  async upsert(input: ProfileDraft | Profile): Promise<ProfileView> {
    await this.ready;
    const draft = parseOrThrow(ProfileDraft, input, 'profile');
    if (!draft.id) throw new AppError('invalid-input', 'profile.id: upsert needs the profile id.');
    return this.save(draft);
  }

  async delete(id: string): Promise<void> {
    await this.ready;
    const p = this.require(id);
    const failed: SecretSlot[] = [];
    for (const slot of new Set<SecretSlot>([...p.secrets, ...SecretSlot.options])) {
      // Every slot, not only the recorded ones: a secret left over from an earlier failed write goes too.
      try {
        await this.ctx.secrets.delete(secretAccount(id, slot));
      } catch {
        if (p.secrets.includes(slot)) failed.push(slot);
      }
    }
    this.ephemeral.delete(id);
    this.profiles.delete(id);
    await this.persist();
    this.changed([id]);
    if (failed.length) {
      this.warn(
        `Profile "${p.profile.name}" was deleted, but its ${failed.join(', ')} could not be removed from the OS keychain (entries named ${failed.map((s) => secretAccount(id, s)).join(', ')}). Remove them with your keychain tool.`,
      );
    }
  }

  /** A copy under a new id and name, with copies of its secrets. */
  async duplicate(id: string): Promise<ProfileView> {
    await this.ready;
    const src = this.require(id);
    const now = Date.now();
    const newIdValue = newId();
    const { sandbox: _sandbox, ...rest } = structuredClone(src.profile);
    void _sandbox;
    const profile = parseOrThrow(
      Profile,
      { ...rest, id: newIdValue, name: copyName(src.profile.name, this.names()), createdAt: now, updatedAt: now },
      'profile',
    );
    const stored: StoredProfile = { profile, secrets: [] };
    this.profiles.set(newIdValue, stored);
    await this.persist();
    const eph = this.ephemeral.get(id);
    if (eph) this.ephemeral.set(newIdValue, new Map(eph));
    for (const slot of src.secrets) {
      const value = await this.ctx.secrets.get(secretAccount(id, slot)).catch(() => null);
      if (value !== null) await this.writeSecret(stored, slot, value, 'created');
    }
    this.changed([newIdValue]);
    return this.view(stored);
  }

  // ---- secrets ---------------------------------------------------------------------------------------

  /**
   * A profile created under an id it brought along (the sandbox's fixed ids, a draft with an id) starts with no
   * secret: keychain entries left under that id by an earlier profile or data folder are removed, not inherited.
   * getSecret would not read them anyway; removing them keeps the keychain from holding orphans.
   */
  private async dropLeftovers(id: string, keep: Partial<Record<SecretSlot, string | null>>) {
    for (const slot of SecretSlot.options) {
      if (typeof keep[slot] === 'string' && keep[slot] !== '') continue;
      await this.ctx.secrets.delete(secretAccount(id, slot)).catch(() => undefined);
    }
  }

  /**
   * Main process only: the sandbox's in-memory credentials first, then the keychain, and the keychain only for a
   * slot the store says this profile has set. An entry the store does not know about (left by a deleted profile
   * or an earlier data folder) is never read: a profile that claims its id (a crafted import, a draft with that
   * id) would otherwise pick the secret up and send it to whatever host it names.
   */
  async getSecret(id: string, slot: SecretSlot): Promise<string | null> {
    await this.ready;
    const eph = this.ephemeral.get(id)?.get(slot);
    if (eph !== undefined) return eph;
    const stored = this.profiles.get(id);
    if (!stored || !stored.secrets.includes(slot)) return null;
    try {
      return await this.ctx.secrets.get(secretAccount(id, slot));
    } catch (err) {
      throw keychainAppError(err, `read the ${slot} of this profile`);
    }
  }

  async setSecret(id: string, slot: SecretSlot, value: string | null): Promise<ProfileView> {
    await this.ready;
    const p = this.require(id);
    await this.writeSecret(p, slot, value, 'updated');
    this.changed([id]);
    return this.view(p);
  }

  /** Credentials that live only in this process (the sandbox's demo accounts): never written anywhere. */
  setEphemeralSecrets(id: string, secrets: Partial<Record<SecretSlot, string>>): void {
    const m = new Map<SecretSlot, string>();
    for (const [slot, value] of Object.entries(secrets)) {
      if (typeof value === 'string' && SecretSlot.safeParse(slot).success) m.set(slot as SecretSlot, value);
    }
    if (m.size) this.ephemeral.set(id, m);
    else this.ephemeral.delete(id);
    if (this.profiles.has(id)) this.changed([id]);
  }

  private async writeSecret(p: StoredProfile, slot: SecretSlot, value: string | null, what: 'created' | 'updated') {
    const account = secretAccount(p.profile.id, slot);
    try {
      if (value === null || value === '') await this.ctx.secrets.delete(account);
      else await this.ctx.secrets.set(account, value);
    } catch (err) {
      throw keychainAppError(err, `store the ${slot} of "${p.profile.name}"`, what === 'created' ? 'The profile itself was saved without it.' : undefined);
    }
    const has = p.secrets.includes(slot);
    const want = value !== null && value !== '';
    if (has !== want) {
      p.secrets = want ? [...p.secrets, slot] : p.secrets.filter((s) => s !== slot);
      await this.persist();
    }
  }

  // ---- import / export -------------------------------------------------------------------------------

  /** The export file's text: profiles without any secret value; each slot that was set is named as omitted. */
  async exportProfiles(ids?: string[]): Promise<{ json: string; omitted: number }> {
    await this.ready;
    const chosen = ids ? ids.map((id) => this.require(id)) : [...this.profiles.values()];
    let omitted = 0;
    const file: ProfileExportFile = {
      format: 'fieldscope-profiles',
      version: 1,
      exportedAt: Date.now(),
      profiles: chosen.map((p) => {
        const slots = Object.entries(this.view(p).secrets)
          .filter(([, state]) => state === 'set')
          .map(([slot]) => slot as SecretSlot);
        omitted += slots.length;
        return { profile: structuredClone(p.profile), omittedSecrets: slots };
      }),
    };
    return { json: `${JSON.stringify(file, null, 2)}\n`, omitted };
  }

  /**
   * Adds the profiles of an export file, each under a new id (an id in a file proves nothing: it may be copied
   * from a bundle to claim keychain entries), and says which secrets each needs.
   */
  async importProfiles(json: string): Promise<ImportResult> {
    await this.ready;
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (err) {
      throw new AppError('invalid-import', `The file is ${jsonSyntaxProblem(json, err)}.`, "Choose a file made by Fieldscope's Export.");
    }
    const parsed = ProfileExportFile.safeParse(data);
    if (!parsed.success) {
      throw new AppError(
        'invalid-import',
        `The file is not a Fieldscope profile export: ${parsed.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || 'top level'}: ${i.message}`)
          .join('; ')}.`,
        'Choose a file made by Fieldscope\'s Export (format "fieldscope-profiles", version 1).',
      );
    }
    const imported: StoredProfile[] = [];
    const needSecrets: ImportResult['needSecrets'] = [];
    const now = Date.now();
    for (const entry of parsed.data.profiles) {
      const id = newId();
      // An exported sandbox profile is an ordinary profile here: this app's sandbox did not make it.
      const { sandbox: _sandbox, ...rest } = entry.profile;
      void _sandbox;
      const profile = Profile.parse({ ...rest, id, updatedAt: now, createdAt: entry.profile.createdAt ?? now });
      const stored: StoredProfile = { profile, secrets: [] };
      this.profiles.set(id, stored);
      imported.push(stored);
      if (entry.omittedSecrets.length) needSecrets.push({ id, slots: [...new Set(entry.omittedSecrets)] });
    }
    await this.persist();
    this.changed(imported.map((p) => p.profile.id));
    return { imported: imported.map((p) => this.view(p)), needSecrets };
  }

  generateClientId(kind?: string): string {
    return generateClientId(kind);
  }

  // ---- change notification ---------------------------------------------------------------------------

  onChange(listener: ProfilesChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(ids: string[]) {
    this.ctx.events.emit('profiles.changed', { ids });
    for (const l of this.listeners) {
      try {
        l(ids);
      } catch {
        // One listener's bug must not stop the others from hearing about the change.
      }
    }
  }

  private names(): Set<string> {
    return new Set([...this.profiles.values()].map((p) => p.profile.name));
  }

  private persist(): Promise<void> {
    const next = this.writing.then(() => {
      if (!this.store) return;
      try {
        this.store.write([...this.profiles.values()]);
      } catch (err) {
        throw new AppError(
          'store-write-failed',
          `Profiles could not be saved to ${this.store.path}: ${(err as Error).message}.`,
          'Check that the folder is writable and the disk is not full.',
        );
      }
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}

function newId(): string {
  return crypto.randomUUID();
}

function copyName(name: string, taken: Set<string>): string {
  const base = name.replace(/ \(copy(?: \d+)?\)$/, '');
  for (let n = 1; ; n++) {
    const candidate = `${base} (copy${n === 1 ? '' : ` ${n}`})`.slice(0, 200);
    if (!taken.has(candidate)) return candidate;
  }
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError('invalid-input', r.error.issues.map((i) => `${[what, ...i.path].join('.')}: ${i.message}`).join('; '));
}

function keychainAppError(err: unknown, action: string, extra?: string): AppError {
  const cause = err instanceof Error ? err.message : String(err);
  return new AppError(
    'keychain-unavailable',
    `Could not ${action}: the OS keychain refused (${cause}). ${extra ?? ''}`.trim(),
    'Secrets are kept only in the OS keychain, never in a file. Unlock or start your keychain (on Linux: gnome-keyring or KWallet with a Secret Service in your session), then enter the secret again.',
  );
}
