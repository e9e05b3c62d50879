import { base64ToBytes, bytesToBase64 } from '../mqtt/base64';
import { encodeLine } from './capture-encoder';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureHeader, type CaptureRecord } from './capture-format';
import { identifiersFromProfile, identifiersFromTopic, profileWithoutSecrets, Pseudonymizer, type Identifier, type PseudonymEntry } from './pseudonymizer';
import { inSlice, type SliceFilter } from './replay-plan';

/**
 * A support bundle is a capture file (same NDJSON format, gzip'd, extension .fsbundle) whose header carries a
 * `bundle` section: so any Fieldscope (or any NDJSON tool) opens it as a capture. It holds the chosen slice
 * of messages with the protocol log, token and presence timelines and marks of the same time range.
 */
export interface BundleOptions {
  slice?: SliceFilter;
  /** Replace client IDs, instance IDs, device names... with stable pseudonyms (AccessKeys always are). */
  pseudonymise: boolean;
  /** Secret values to remove wherever they appear (read from the keychain by the main process). */
  secrets: string[];
  /** Extra identifiers the user asked to hide. */
  extraIdentifiers?: Identifier[];
  includeLog?: boolean;
  includeTimelines?: boolean;
  note?: string;
  now: number;
  appVersion: string;
  os: string;
  captureName?: string;
}

export interface BundlePreview {
  appVersion: string;
  os: string;
  /** Fields of the profile that will be written (after secret removal and pseudonyms). */
  profileFields: string[];
  profileKind?: string;
  messages: number;
  logLines: number;
  tokenEvents: number;
  presenceEvents: number;
  marks: number;
  from: number | null;
  to: number | null;
  /** Distinct topics as they will be written (first 50). */
  topics: string[];
  topicCount: number;
  pseudonyms: PseudonymEntry[];
  /** Identifiers left in clear because they are too short to replace safely. */
  notPseudonymised: Array<{ kind: string; masked: string }>;
  secretsChecked: number;
  secretsRemoved: number;
  payloadsRewritten: number;
}

/** Pass 1 (no output): the identifiers the slice mentions, so pass 2 maps them all from its first record. */
export function collectIdentifiers(
  header: CaptureHeader,
  records: Iterable<CaptureRecord>,
  opts: Pick<BundleOptions, 'slice' | 'extraIdentifiers'>,
): Identifier[] {
  const ids: Identifier[] = [...identifiersFromProfile(header.profile), ...(opts.extraIdentifiers ?? [])];
  const seen = new Set(ids.map((i) => i.value));
  for (const r of records) {
    if (r.type !== 'msg' || !inSlice(r, opts.slice)) continue;
    for (const id of identifiersFromTopic(r.topic)) {
      if (!seen.has(id.value)) {
        seen.add(id.value);
        ids.push(id);
      }
    }
  }
  return ids;
}

export class BundleWriter {
  readonly pseudonymizer: Pseudonymizer;
  private preview: BundlePreview;
  private topics = new Set<string>();

  constructor(
    private readonly source: CaptureHeader,
    identifiers: Identifier[],
    private readonly opts: BundleOptions,
  ) {
    this.pseudonymizer = new Pseudonymizer(identifiers, opts.secrets, opts.pseudonymise);
    this.preview = {
      appVersion: opts.appVersion,
      os: opts.os,
      profileFields: [],
      profileKind: typeof source.profile?.kind === 'string' ? source.profile.kind : undefined,
      messages: 0,
      logLines: 0,
      tokenEvents: 0,
      presenceEvents: 0,
      marks: 0,
      from: null,
      to: null,
      topics: [],
      topicCount: 0,
      pseudonyms: [],
      notPseudonymised: [],
      secretsChecked: opts.secrets.length,
      secretsRemoved: 0,
      payloadsRewritten: 0,
    };
  }

  /** The header line. Call first. */
  headerLine(): string {
    const p = this.pseudonymizer;
    const profile = p.redactValue(profileWithoutSecrets(this.source.profile));
    this.preview.profileFields = profile ? Object.keys(profile) : [];
    const header: CaptureHeader = {
      format: CAPTURE_FORMAT,
      version: CAPTURE_VERSION,
      appVersion: this.opts.appVersion,
      os: this.opts.os,
      createdAt: this.opts.now,
      connection: this.source.connection ? p.redactValue(this.source.connection) : undefined,
      profile,
      bundle: {
        createdAt: this.opts.now,
        source: {
          captureName: this.opts.captureName ? p.redactString(this.opts.captureName) : undefined,
          from: this.opts.slice?.from,
          to: this.opts.slice?.to,
          topics: this.opts.slice?.topics,
        },
        pseudonymised: this.opts.pseudonymise,
        pseudonyms: p.entries().map((e) => ({ pseudonym: e.pseudonym, kind: e.kind })),
        note: this.opts.note ? p.redactString(this.opts.note) : undefined,
        // The capture's own recording app/OS stays visible next to the bundle's.
        recordedWith: { appVersion: this.source.appVersion, os: this.source.os, createdAt: this.source.createdAt },
      },
    };
    return encodeLine(JSON.parse(JSON.stringify(header)));
  }

  /** The record's line for the bundle, or null when it is outside the slice or its kind was left out. */
  recordLine(r: CaptureRecord): string | null {
    const p = this.pseudonymizer;
    const s = this.opts.slice;
    switch (r.type) {
      case 'msg': {
        if (!inSlice(r, s)) return null;
        const bytes = base64ToBytes(r.payload);
        const red = p.redactBytes(bytes);
        if (red) this.preview.payloadsRewritten++;
        const out = { ...p.redactValue({ ...r, payload: '' }), payload: red ? bytesToBase64(red) : r.payload };
        this.preview.messages++;
        this.span(r.at);
        if (this.topics.size < 10_000) this.topics.add(out.topic);
        return encodeLine(out);
      }
      case 'log':
        if (this.opts.includeLog === false || !inSlice({ at: r.at }, s)) return null;
        this.preview.logLines++;
        return encodeLine(p.redactValue(r));
      case 'token':
      case 'presence':
        if (this.opts.includeTimelines === false || !inSlice({ at: r.at }, s)) return null;
        if (r.type === 'token') this.preview.tokenEvents++;
        else this.preview.presenceEvents++;
        return encodeLine(p.redactValue(r));
      case 'mark':
        if (!inSlice({ at: r.at }, s)) return null;
        this.preview.marks++;
        return encodeLine(p.redactValue(r));
      case 'settle':
        return inSlice({ at: r.at }, s) ? encodeLine(p.redactValue(r)) : null;
      case 'end':
        return null;
    }
  }

  /** The closing lines: the pseudonym table (kinds only) and the end record. */
  trailerLines(): string {
    const entries = this.pseudonymizer.entries();
    const mark: CaptureRecord = {
      type: 'mark',
      at: this.opts.now,
      label: `support bundle: ${entries.length} identifier(s) pseudonymised (${entries.map((e) => e.pseudonym).join(', ') || 'none'}), ${this.pseudonymizer.secretsRemoved()} secret occurrence(s) removed`,
    };
    return encodeLine(mark) + encodeLine({ type: 'end', at: this.opts.now, messages: this.preview.messages });
  }

  result(): BundlePreview {
    const topics = [...this.topics].sort();
    return {
      ...this.preview,
      topics: topics.slice(0, 50),
      topicCount: topics.length,
      pseudonyms: this.pseudonymizer.entries(),
      notPseudonymised: this.pseudonymizer.tooShort.map((i) => ({ kind: i.kind, masked: '•'.repeat(i.value.length) })),
      secretsRemoved: this.pseudonymizer.secretsRemoved(),
    };
  }

  /** Values that must not be anywhere in the written bytes (checked before the file is kept). */
  forbidden(): string[] {
    return this.pseudonymizer.forbidden();
  }

  private span(at: number) {
    if (this.preview.from === null || at < this.preview.from) this.preview.from = at;
    if (this.preview.to === null || at > this.preview.to) this.preview.to = at;
  }
}

/** Which forbidden values occur in a text (the last lock before a bundle leaves the machine). */
export function findForbidden(text: string, forbidden: string[]): string[] {
  return forbidden.filter((f) => f.length > 0 && text.includes(f));
}
