/**
 * How the backend reports an exception nobody expected. The message is left out on purpose: it can quote
 * what a call carried (a password, a signature, a payload), and logs travel in support bundles. The error's
 * class, its errno-style code and its stack frames say where it happened, which is what a fix needs.
 */
export function describeUnexpected(where: string, err: unknown): string {
  if (!(err instanceof Error)) return `unexpected ${typeof err} thrown in ${where}`;
  const code = typeof (err as NodeJS.ErrnoException).code === 'string' ? ` (${(err as NodeJS.ErrnoException).code})` : '';
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 6)
    .map((l) => l.trim());
  return [`unexpected ${err.name}${code} in ${where}`, ...frames.map((f) => `    ${f}`)].join('\n');
}

export type UnexpectedLog = (line: string) => void;

export const logToStderr: UnexpectedLog = (line) => {
  try {
    process.stderr.write(`fieldscope: ${line}\n`);
  } catch {
    // stderr closed (a detached host): nothing left to tell
  }
};

/**
 * The last line of defence for a long-running host: an exception that escaped every handler (a socket
 * callback, a timer) is logged and the process keeps serving the calls that still work, instead of the
 * whole app (and every open connection and recording) dying with it.
 */
export function installProcessGuard(where: string, log: UnexpectedLog = logToStderr): () => void {
  const onError = (err: unknown) => log(describeUnexpected(`${where} (uncaught)`, err));
  const onRejection = (err: unknown) => log(describeUnexpected(`${where} (unhandled rejection)`, err));
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onRejection);
  };
}
