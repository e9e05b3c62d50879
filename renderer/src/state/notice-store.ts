// The one notification area's state: notices de-duplicated by level and text, each fading on its own
// timer unless it needs the user to act (then it stays until dismissed). Kept apart from the app store so the
// timing rules are tested with fake timers and nothing else.
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type NoticeLevel = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
  /** How many times the same notice was raised while it was shown. */
  count: number;
  /** Stays until dismissed: the user has to do something about it. */
  needsAction: boolean;
}

export interface NoticeOptions {
  /** An error or warning the user must act on (fix the environment, retry by hand): no auto-dismiss. */
  needsAction?: boolean;
}

/** How long a notice stays, by level; a repeat restarts the clock. Errors stay longer: they are read, not glanced at. */
export const NOTICE_LIFETIME_MS: Record<NoticeLevel, number> = { info: 4000, warning: 8000, error: 12_000 };
/** More than this at once pushes the oldest out (a burst must not cover the screen). */
export const MAX_NOTICES = 4;

export const noticeStore = createStore<{ notices: Notice[] }>(() => ({ notices: [] }));

export function useNotices<T>(selector: (s: { notices: Notice[] }) => T): T {
  return useStore(noticeStore, selector);
}

let nextId = 0;
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function schedule(n: Notice) {
  const old = timers.get(n.id);
  if (old) clearTimeout(old);
  timers.delete(n.id);
  if (n.needsAction) return;
  timers.set(
    n.id,
    setTimeout(() => dismissNotice(n.id), NOTICE_LIFETIME_MS[n.level]),
  );
}

/** Shows a notice, or counts a repeat of one already shown (same level and text). Returns its id. */
export function addNotice(level: NoticeLevel, message: string, opts: NoticeOptions = {}): number {
  const needsAction = !!opts.needsAction && level !== 'info';
  const list = noticeStore.getState().notices;
  const same = list.find((n) => n.level === level && n.message === message);
  let notice: Notice;
  let rest: Notice[];
  if (same) {
    notice = { ...same, count: same.count + 1, needsAction: same.needsAction || needsAction };
    rest = list.filter((n) => n.id !== same.id);
  } else {
    notice = { id: ++nextId, level, message, count: 1, needsAction };
    rest = list;
  }
  const next = [...rest, notice];
  while (next.length > MAX_NOTICES) {
    // Drop the oldest that may fade; the ones needing action go only when nothing else is left to drop.
    const i = next.findIndex((n) => !n.needsAction);
    const [gone] = next.splice(i >= 0 && i < next.length - 1 ? i : 0, 1);
    clearTimer(gone!.id);
  }
  noticeStore.setState({ notices: next });
  schedule(notice);
  return notice.id;
}

function clearTimer(id: number) {
  const t = timers.get(id);
  if (t) clearTimeout(t);
  timers.delete(id);
}

export function dismissNotice(id: number) {
  clearTimer(id);
  noticeStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** Holds a notice while the pointer or focus is on it (reading it must not make it vanish); resumes on leave. */
export function holdNotice(id: number, held: boolean) {
  const n = noticeStore.getState().notices.find((x) => x.id === id);
  if (!n) return;
  if (held) clearTimer(id);
  else schedule(n);
}
