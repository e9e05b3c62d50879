/**
 * Liveness, not timing: polls `cond` until it holds, failing only after a generous bound (default 30 s) so a
 * loaded machine is slow but never red. Use instead of "sleep, then assert it arrived".
 */
export async function waitUntil(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 30_000, detail: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`liveness: ${what} not within ${timeoutMs / 1000} s${detail() ? `\n${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
