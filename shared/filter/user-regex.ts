import { RE2JS } from 're2js';

// Regular expressions typed by a user run over payloads a device controls. A backtracking engine can be made to
// run for seconds or forever by one crafted payload ((a+)+$ over 40 bytes), and the filter runs on the backend
// thread, so every user pattern goes through RE2, whose matching time is linear in the input.

export interface UserRegex {
  readonly source: string;
  test(input: string): boolean;
  /** Replaces every match; `$1`/`$<name>` in the replacement refer to groups, as in String.replace. */
  replaceAll(input: string, replacement: string): string;
}

export type CompiledUserRegex = { ok: true; regex: UserRegex } | { ok: false; message: string };

export interface UserRegexOptions {
  ignoreCase?: boolean;
}

/** Compiles a user pattern with RE2 syntax (no backreferences or lookaround: those cannot be matched in linear time). */
export function compileUserRegex(source: string, opts: UserRegexOptions = {}): CompiledUserRegex {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, opts.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, message: message.replace(/^error parsing regexp: /, '') };
  }
  return {
    ok: true,
    regex: {
      source,
      test: (input) => re.test(input),
      replaceAll: (input, replacement) => re.matcher(input).replaceAll(replacement),
    },
  };
}
