import path from 'node:path';
import { z } from 'zod';
import { PublishEntry, PublishTemplate } from '../../../shared/contract/publish-history.contract';
import { JsonFile } from '../core/json-file';

/** Publishes kept per profile, newest first. */
export const HISTORY_LIMIT = 100;
/** A payload longer than this (in its typed form) is not kept: history is for re-sending, not for archives. */
export const MAX_ENTRY_DATA = 256 * 1024;
const MAX_TEMPLATES = 200;

const FileShape = z.object({
  format: z.literal('fieldscope-publish-history'),
  version: z.literal(1),
  profiles: z.record(z.string(), z.object({ history: z.array(PublishEntry), templates: z.array(PublishTemplate) })),
});
type FileShape = z.infer<typeof FileShape>;
type ProfileHistory = FileShape['profiles'][string];

/** `<dataDir>/publish-history.json`: the last publishes and named templates of each profile. */
export class PublishHistory {
  private readonly json: JsonFile<FileShape>;
  private readonly profiles = new Map<string, ProfileHistory>();
  readonly loadProblem: string | undefined;

  constructor(dataDir: string) {
    this.json = new JsonFile(path.join(dataDir, 'publish-history.json'), (v) => FileShape.parse(v), 'Publish history file');
    const { value, problem } = this.json.load();
    this.loadProblem = problem;
    for (const [id, h] of Object.entries(value?.profiles ?? {})) this.profiles.set(id, h);
  }

  list(profileId: string): ProfileHistory {
    const h = this.profiles.get(profileId);
    return { history: [...(h?.history ?? [])], templates: [...(h?.templates ?? [])] };
  }

  /** Records a publish; the same publish repeated moves to the top instead of filling the list. Returns whether kept. */
  record(profileId: string, entry: PublishEntry): boolean {
    if (entry.payload.data.length > MAX_ENTRY_DATA) return false;
    const h = this.entry(profileId);
    const same = (e: PublishEntry) =>
      e.topic === entry.topic &&
      e.payload.format === entry.payload.format &&
      e.payload.data === entry.payload.data &&
      e.qos === entry.qos &&
      e.retain === entry.retain &&
      JSON.stringify(e.properties ?? null) === JSON.stringify(entry.properties ?? null);
    h.history = [entry, ...h.history.filter((e) => !same(e))].slice(0, HISTORY_LIMIT);
    this.persist();
    return true;
  }

  saveTemplate(profileId: string, template: PublishTemplate): void {
    const h = this.entry(profileId);
    h.templates = [...h.templates.filter((t) => t.name !== template.name), template].sort((a, b) => a.name.localeCompare(b.name)).slice(0, MAX_TEMPLATES);
    this.persist();
  }

  deleteTemplate(profileId: string, name: string): void {
    const h = this.entry(profileId);
    h.templates = h.templates.filter((t) => t.name !== name);
    this.persist();
  }

  clear(profileId: string): void {
    const h = this.entry(profileId);
    h.history = [];
    this.persist();
  }

  /** A deleted profile takes its history with it. */
  forget(profileId: string): void {
    if (this.profiles.delete(profileId)) this.persist();
  }

  flush(): Promise<void> {
    return this.json.flush();
  }

  private entry(profileId: string): ProfileHistory {
    let h = this.profiles.get(profileId);
    if (!h) this.profiles.set(profileId, (h = { history: [], templates: [] }));
    return h;
  }

  private persist(): void {
    this.json.save({ format: 'fieldscope-publish-history', version: 1, profiles: Object.fromEntries(this.profiles) });
  }
}
