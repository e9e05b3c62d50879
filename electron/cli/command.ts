/** A CLI sub-command: its usage and its run function (returns the exit code). */
export interface CliCommand {
  name: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/**
 * A command as the CLI lists it: its one-line help, and its module loaded only when it runs (a command's
 * dependencies, a broker client or certificate tooling, are not started for another command or for --help).
 */
export interface CliCommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

/** Minimal flag parser: --flag value, --flag=value, -f value, and boolean flags listed in `booleans`. */
export function parseArgs(args: string[], booleans: string[] = [], aliases: Record<string, string> = {}) {
  const flags: Record<string, string | boolean | string[]> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      let name = a.replace(/^--?/, '');
      let value: string | undefined;
      const eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.slice(eq + 1);
        name = name.slice(0, eq);
      }
      name = aliases[name] ?? name;
      if (booleans.includes(name)) {
        flags[name] = value === undefined ? true : value !== 'false';
        continue;
      }
      if (value === undefined) {
        value = args[++i];
        if (value === undefined) throw new Error(`option --${name} needs a value`);
      }
      const prev = flags[name];
      if (prev === undefined) flags[name] = value;
      else flags[name] = Array.isArray(prev) ? [...prev, value] : [String(prev), value];
      continue;
    }
    positional.push(a);
  }
  return { flags, positional };
}

export function asList(v: string | boolean | string[] | undefined): string[] {
  if (v === undefined || typeof v === 'boolean') return [];
  return Array.isArray(v) ? v : [v];
}
