/** Time as the session sees it: real timers in the app, a fake clock in tests (no timed assertions). */
export interface FrameClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: FrameClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** One push a frame at most (60 Hz). */
export const FRAME_MS = 16;

/**
 * While a followed tail moves faster than the view shows (its last push skipped rows: a gap), one push every
 * other frame. Rows that would live one frame are not read; every push costs the renderer a layout, paint and
 * raster of the whole list, so a flood at 30 pushes a second halves that and frees a core for the rest.
 */
export const FLOOD_FRAME_MS = 2 * FRAME_MS;
