// Keyboard shortcuts: one table, used by the global handler and shown in the help overlay.

export type KeyAction =
  | 'help'
  | 'focusFilter'
  | 'togglePause'
  | 'next'
  | 'prev'
  | 'extendNext'
  | 'extendPrev'
  | 'first'
  | 'last'
  | 'pageDown'
  | 'pageUp'
  | 'openDetail'
  | 'clear'
  | 'publish'
  | 'newProfile'
  | 'escape'
  | 'copyPayload'
  | 'copyCommand'
  | 'settleAccept'
  | 'settleReject'
  | 'settleRelease'
  | 'settleModify'
  | 'toggleDuplicates'
  | 'toggleOrder'
  | 'tab1'
  | 'tab2'
  | 'tab3'
  | 'tab4'
  | 'tab5'
  | 'tab6'
  | 'tab7'
  | 'tab8'
  | 'tab9';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  code?: string;
}

export interface KeyBinding {
  action: KeyAction;
  /** Shown in the help overlay; "Mod" is Ctrl, or Cmd on macOS. */
  keys: string[];
  /** Its chorded keys (Mod+, Alt+, Escape) also work while the focus is in a text field. */
  inInputs?: boolean;
}

export const KEY_BINDINGS: KeyBinding[] = [
  { action: 'help', keys: ['?'] },
  { action: 'focusFilter', keys: ['Mod+K', '/'], inInputs: true },
  { action: 'togglePause', keys: ['Space'] },
  { action: 'next', keys: ['j', 'ArrowDown'] },
  { action: 'prev', keys: ['k', 'ArrowUp'] },
  { action: 'extendNext', keys: ['Shift+J', 'Shift+ArrowDown'] },
  { action: 'extendPrev', keys: ['Shift+K', 'Shift+ArrowUp'] },
  { action: 'first', keys: ['Home', 'g g'] },
  { action: 'last', keys: ['End', 'Shift+G'] },
  { action: 'pageDown', keys: ['PageDown'] },
  { action: 'pageUp', keys: ['PageUp'] },
  { action: 'openDetail', keys: ['Enter'] },
  // Alt+letter, not Ctrl: in the browser host Ctrl+L (address bar), Ctrl+P (print) and Ctrl+N (new window, which
  // a page cannot even intercept) belong to the browser. See BROWSER_RESERVED.
  { action: 'clear', keys: ['Alt+L'], inInputs: true },
  { action: 'publish', keys: ['Alt+P'], inInputs: true },
  { action: 'newProfile', keys: ['Alt+N'], inInputs: true },
  { action: 'escape', keys: ['Escape'], inInputs: true },
  { action: 'copyPayload', keys: ['c'] },
  { action: 'copyCommand', keys: ['Shift+C'] },
  { action: 'settleAccept', keys: ['a'] },
  { action: 'settleReject', keys: ['r'] },
  { action: 'settleRelease', keys: ['e'] },
  { action: 'settleModify', keys: ['m'] },
  { action: 'toggleDuplicates', keys: ['d'] },
  { action: 'toggleOrder', keys: ['o'] },
  { action: 'tab1', keys: ['Alt+1'], inInputs: true },
  { action: 'tab2', keys: ['Alt+2'], inInputs: true },
  { action: 'tab3', keys: ['Alt+3'], inInputs: true },
  { action: 'tab4', keys: ['Alt+4'], inInputs: true },
  { action: 'tab5', keys: ['Alt+5'], inInputs: true },
  { action: 'tab6', keys: ['Alt+6'], inInputs: true },
  { action: 'tab7', keys: ['Alt+7'], inInputs: true },
  { action: 'tab8', keys: ['Alt+8'], inInputs: true },
  { action: 'tab9', keys: ['Alt+9'], inInputs: true },
];

/**
 * Chords the browser (Chromium host) or the Electron window keeps for itself: a binding here would never reach
 * the page, or would fight the browser. Alt+F/E/D open the browser menu / address bar on Windows and Linux, and
 * Alt+F/E/V/W/H are the Electron default menu's mnemonics.
 */
export const BROWSER_RESERVED: readonly string[] = [
  'Mod+L',
  'Mod+P',
  'Mod+N',
  'Mod+T',
  'Mod+W',
  'Mod+R',
  'Mod+D',
  'Mod+H',
  'Mod+J',
  'Mod+S',
  'Mod+O',
  'Mod+F',
  'Mod+G',
  'Mod+Q',
  'Mod+Shift+N',
  'Mod+Shift+T',
  'Mod+Shift+W',
  'Mod+Shift+Q',
  'Mod+Shift+B',
  'Mod+Shift+Delete',
  'Mod+Tab',
  'Mod+Shift+Tab',
  'Alt+F',
  'Alt+E',
  'Alt+D',
  'Alt+V',
  'Alt+W',
  'Alt+H',
  'Alt+Home',
  'Alt+ArrowLeft',
  'Alt+ArrowRight',
  'F5',
  'F11',
  'F12',
];

/** The chord of an event in the table's notation ("Mod+K", "Shift+ArrowDown", "?", "Space"). */
export function chordOf(e: KeyLike, isMac: boolean): string {
  let key = e.key === ' ' ? 'Space' : e.key;
  // Alt+digit types other characters on some layouts (macOS: Alt+1 = ¡); the physical key is what we bind.
  if (e.altKey && e.code && /^Digit\d$/.test(e.code)) key = e.code.slice(5);
  // Likewise letters (macOS: Option+L = ¬): Alt+letter bindings follow the physical key.
  else if (e.altKey && e.code && /^Key[A-Z]$/.test(e.code)) key = e.code.slice(3);
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const letter = key.length === 1 && /[a-z]/i.test(key);
  if (letter) key = e.shiftKey || mod || e.altKey ? key.toUpperCase() : key.toLowerCase();
  const parts: string[] = [];
  if (mod) parts.push('Mod');
  if (e.altKey) parts.push('Alt');
  // Shift is already in printable characters ("?"); for letters and named keys it is written out.
  if (e.shiftKey && (key.length > 1 || letter)) parts.push('Shift');
  parts.push(key);
  return parts.join('+');
}

/**
 * Resolves a key event to an action. `inInput` is true while typing in a field: then only bindings marked
 * inInputs fire, so typing "j" in the topic filter types a j. `pending` is the previous key for "g g".
 */
export function resolveKey(e: KeyLike, opts: { isMac: boolean; inInput: boolean; pending?: string | null }): KeyAction | null {
  const chord = chordOf(e, opts.isMac);
  for (const b of KEY_BINDINGS) {
    if (opts.inInput && !b.inInputs) continue;
    for (const k of b.keys) {
      // In a field only chords fire: a plain "/" or "g" is text (topics are full of slashes).
      if (opts.inInput && !isChord(k)) continue;
      if (k === chord) return b.action;
      if (k.includes(' ') && opts.pending && k === `${opts.pending} ${chord}`) return b.action;
    }
  }
  return null;
}

function isChord(k: string): boolean {
  return k.startsWith('Mod+') || k.startsWith('Alt+') || k === 'Escape';
}

/** Human notation for the current platform ("Ctrl+K" / "⌘K"). */
export function displayKeys(k: string, isMac: boolean): string {
  return k
    .replace('Mod+', isMac ? '⌘' : 'Ctrl+')
    .replace('Alt+', isMac ? '⌥' : 'Alt+')
    .replace('ArrowDown', '↓')
    .replace('ArrowUp', '↑');
}
