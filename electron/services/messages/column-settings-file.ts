import fs from 'node:fs';
import path from 'node:path';
import { ColumnSettings } from '../../../shared/contract/messages.contract';

/**
 * The inspector's column choice, one small JSON file in the data folder. A file that does not parse (hand
 * edited, from a newer version) is set aside and the defaults apply: the user's data is never lost or fatal.
 */
export class ColumnSettingsFile {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'inspector-columns.json');
  }

  read(): ColumnSettings | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return null;
    }
    const parsed = ColumnSettings.safeParse(safeJson(text));
    if (parsed.success) return parsed.data;
    try {
      fs.renameSync(this.file, `${this.file}.broken-${Date.now()}`);
    } catch {
      // Defaults apply either way.
    }
    return null;
  }

  /** Atomic (write then rename) so a crash never leaves half a file. */
  write(settings: ColumnSettings): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(settings, null, 2));
    fs.renameSync(tmp, this.file);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
