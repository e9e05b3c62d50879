// The one attempt `npm start` makes to fetch a missing Electron binary. On networks where GitHub is slow or
// blocked the download cannot succeed, so the attempt is short and says what it is doing and why it stops.
import { spawn } from 'node:child_process';

/** Long enough for a reachable GitHub to start answering; short enough that a new user is not left waiting. */
export const ELECTRON_FETCH_TIMEOUT_MS = 8000;

/**
 * Runs electron's own install script once. Resolves { ok: true } when it finished, or { ok: false, reason }
 * when it failed or ran out of time (the child is killed then). Every step is reported through `log`.
 */
export function fetchElectronOnce({ installScript, timeoutMs = ELECTRON_FETCH_TIMEOUT_MS, log = console.log, execPath = process.execPath }) {
  const seconds = Math.round(timeoutMs / 100) / 10;
  log(`Fieldscope: the Electron binary is not installed; trying to download it once (needs access to GitHub, giving up after ${seconds} s)…`);
  return new Promise((resolve) => {
    const child = spawn(execPath, [installScript], { stdio: 'ignore' });
    let done = false;
    const finish = (result) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...result, pid: child.pid });
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      log(
        `Fieldscope: no Electron download after ${seconds} s (GitHub unreachable or slow); using the Chromium host instead. Set FIELDSCOPE_HOST=chromium to skip this attempt.`,
      );
      finish({ ok: false, reason: 'timeout' });
    }, timeoutMs);
    child.on('error', (err) => {
      log(`Fieldscope: could not run the Electron installer (${err.message}); using the Chromium host instead.`);
      finish({ ok: false, reason: 'error' });
    });
    child.on('exit', (code) => {
      if (done) return;
      if (code === 0) finish({ ok: true });
      else {
        log(`Fieldscope: the Electron download failed (exit code ${code ?? 'signal'}); using the Chromium host instead.`);
        finish({ ok: false, reason: 'failed' });
      }
    });
  });
}
