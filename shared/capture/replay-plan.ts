import type { MessageRecord } from './capture-format';
import { matchesAny } from './topic-filter';
import { compileUserRegex, type UserRegex } from '../filter/user-regex';
import { AppError } from '../contract/define';

/** Which recorded messages a replay (or a bundle) takes. */
export interface SliceFilter {
  /** MQTT topic filters (+/#); empty or absent = all topics. */
  topics?: string[];
  /** Arrival time range, ms epoch, inclusive. */
  from?: number;
  to?: number;
}

export function inSlice(r: { topic?: string; at: number }, f: SliceFilter | undefined): boolean {
  if (!f) return true;
  if (f.from !== undefined && r.at < f.from) return false;
  if (f.to !== undefined && r.at > f.to) return false;
  if (r.topic !== undefined && !matchesAny(f.topics, r.topic)) return false;
  return true;
}

export interface TopicRewrite {
  /** Put in front of every topic ("lab/" + "a/b"). */
  prefix?: string;
  /** Regular expression (RE2 syntax) replaced (all matches) with `replacement` ($1 etc. allowed). */
  regex?: string;
  replacement?: string;
}

/** Returns the rewriting function, or throws a clear error for a bad regular expression. */
export function topicRewriter(rw: TopicRewrite | undefined): (topic: string) => string {
  if (!rw || (!rw.prefix && !rw.regex)) return (t) => t;
  let re: UserRegex | null = null;
  if (rw.regex) {
    const compiled = compileUserRegex(rw.regex);
    if (!compiled.ok) {
      // The same structured answer as a bad payload filter, so every caller (UI, CLI) shows it the same way.
      throw new AppError(
        'invalid-filter',
        `The topic rewrite pattern is not a valid regular expression: ${compiled.message}`,
        'Fix the pattern (RE2 syntax: no backreferences or lookaround).',
      );
    }
    re = compiled.regex;
  }
  const prefix = rw.prefix ?? '';
  const replacement = rw.replacement ?? '';
  return (t) => prefix + (re ? re.replaceAll(t, replacement) : t);
}

/** Replay speeds: 0 = as fast as possible, otherwise 0.1x to 100x of the recorded pace. */
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 100;

export function checkSpeed(speed: number): number {
  if (speed === 0) return 0;
  if (!Number.isFinite(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
    throw new Error(`Replay speed must be 0 (as fast as possible) or between ${MIN_SPEED}x and ${MAX_SPEED}x; got ${speed}.`);
  }
  return speed;
}

/**
 * Drift-free schedule: message i is due at start + (at_i − at_0) / speed, computed against the replay's start
 * instant (shifted by the time spent paused), never by chaining delays, so timer lateness never accumulates.
 */
export function dueOffsetMs(firstAt: number, at: number, speed: number): number {
  if (speed === 0) return 0;
  return Math.max(0, (at - firstAt) / speed);
}

/** Validates a topic before publishing a rewritten message (MQTT forbids wildcards and empty topics). */
export function publishableTopic(topic: string): string | null {
  if (!topic) return 'the topic is empty';
  if (/[+#]/.test(topic)) return 'the topic contains a wildcard (+ or #)';
  if (topic.includes('\u0000')) return 'the topic contains a NUL character';
  return null;
}

export type { MessageRecord };
