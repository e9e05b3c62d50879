// CPU time a process has used so far (user + system), read from /proc on Linux, for the benches' lines on who
// competes for the cores. NaN where there is no /proc entry (another OS, or the process has exited).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Milliseconds of CPU the process `pid` has used since it started. */
export function cpuMsOf(pid) {
  try {
    // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
