/** The sandbox's own clock: real time plus an offset, so tests and support can jump ahead (token expiry, ±5 min checks). */
export class SandboxClock {
  constructor(public offsetMs = 0) {}
  now(): number {
    return Date.now() + this.offsetMs;
  }
  shift(ms: number): number {
    this.offsetMs += ms;
    return this.offsetMs;
  }
}
