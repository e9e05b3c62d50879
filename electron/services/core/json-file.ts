import fs from 'node:fs';
import path from 'node:path';

/**
 * A small JSON file the app owns (token facts, publish history...): read once at start, written whole through
 * a temporary file and a rename so a crash never leaves half a file, writes chained so two never interleave.
 * A file that cannot be read is moved aside (never deleted: it may hold the user's data) and said once.
 */
export class JsonFile<T> {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    /** Throws when the parsed JSON is not this file's shape. */
    private readonly accept: (value: unknown) => T,
    /** What the file is, for the message about a broken one ("Token details file"). */
    private readonly label: string,
  ) {}

  /** The file's value, undefined on first start, or a problem (the broken file then sits beside it). */
  load(): { value?: T; problem?: string } {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return {};
    }
    try {
      return { value: this.accept(JSON.parse(text)) };
    } catch (err) {
      const aside = `${this.file}.broken-${Date.now()}`;
      try {
        fs.renameSync(this.file, aside);
      } catch {
        // keep going with nothing loaded; the problem is reported
      }
      // The parse error's own text is left out: it can quote the file.
      return { problem: `${this.label} was unreadable (${err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message}); moved to ${aside}.` };
    }
  }

  save(value: T): void {
    const text = JSON.stringify(value, null, 2);
    this.writing = this.writing.then(async () => {
      const tmp = `${this.file}.${process.pid}.tmp`;
      try {
        await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
        await fs.promises.writeFile(tmp, text, { mode: 0o600 });
        await fs.promises.rename(tmp, this.file);
      } catch {
        // the in-memory value stays right; the next change retries the write
      }
    });
  }

  flush(): Promise<void> {
    return this.writing;
  }
}
