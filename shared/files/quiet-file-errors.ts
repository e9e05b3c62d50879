// Errors about a file the user named must say what is wrong and where, never quote it: any file the process can
// read can be named (captures.open on /etc/passwd, sandbox.start with a key file), and the error travels to the
// caller. The JavaScript engine's own JSON and zod messages quote the input, so they are rebuilt here.

/** "not valid JSON at line 2, column 7" (never the text itself). */
export function jsonSyntaxProblem(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : '';
  if (/Unexpected end of JSON input/.test(message)) return 'not complete JSON: it ends in the middle of a value';
  const pos = /at position (\d+)/.exec(message);
  if (!pos) {
    // V8 leaves the position out when the first character is already wrong ("Unexpected token 'r', …").
    const first = text.search(/\S/);
    return first < 0 ? 'empty' : `not valid JSON ${where(text, first)}`;
  }
  const at = Number(pos[1]);
  if (at >= text.trimEnd().length) return 'not complete JSON: it ends in the middle of a value';
  return `not valid JSON ${where(text, at)}`;
}

function where(text: string, index: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `at line ${line}, column ${index - lineStart + 1}`;
}

interface IssueLike {
  code?: string;
  path: PropertyKey[];
  message: string;
  keys?: string[];
}

/**
 * zod issues as words that name the place and the rule, not the value: an unknown key is counted and the
 * known ones listed instead of quoting the file's key.
 */
export function describeIssues(issues: readonly IssueLike[], knownKeys?: (path: PropertyKey[]) => string[] | undefined, max = 5): string {
  const parts = issues.slice(0, max).map((i) => {
    const at = i.path.map(String).join('.') || 'top level';
    if (i.code === 'unrecognized_keys') {
      const n = i.keys?.length ?? 1;
      const known = knownKeys?.(i.path);
      return `${at}: ${n} field${n === 1 ? '' : 's'} this version does not know${known?.length ? ` (known fields: ${known.join(', ')})` : ''}`;
    }
    return `${at}: ${i.message}`;
  });
  if (issues.length > max) parts.push(`… and ${issues.length - max} more`);
  return parts.join('; ');
}
