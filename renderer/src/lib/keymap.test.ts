import { describe, expect, it } from 'vitest';
import { BROWSER_RESERVED, chordOf, displayKeys, KEY_BINDINGS, resolveKey } from './keymap';

const off = { isMac: false, inInput: false };

describe('keyboard map', () => {
  it('names chords the way the table writes them', () => {
    expect(chordOf({ key: 'k', ctrlKey: true }, false)).toBe('Mod+K');
    expect(chordOf({ key: 'k', metaKey: true }, true)).toBe('Mod+K');
    expect(chordOf({ key: 'J', shiftKey: true }, false)).toBe('Shift+J');
    expect(chordOf({ key: '?', shiftKey: true }, false)).toBe('?');
    expect(chordOf({ key: ' ' }, false)).toBe('Space');
    expect(chordOf({ key: '¡', altKey: true, code: 'Digit1' }, true)).toBe('Alt+1');
  });
  it('resolves the documented shortcuts', () => {
    expect(resolveKey({ key: 'k', ctrlKey: true }, off)).toBe('focusFilter');
    expect(resolveKey({ key: ' ' }, off)).toBe('togglePause');
    expect(resolveKey({ key: 'j' }, off)).toBe('next');
    expect(resolveKey({ key: 'ArrowUp' }, off)).toBe('prev');
    expect(resolveKey({ key: 'ArrowDown', shiftKey: true }, off)).toBe('extendNext');
    expect(resolveKey({ key: 'Enter' }, off)).toBe('openDetail');
    expect(resolveKey({ key: 'l', altKey: true, code: 'KeyL' }, off)).toBe('clear');
    expect(resolveKey({ key: 'p', altKey: true, code: 'KeyP' }, off)).toBe('publish');
    expect(resolveKey({ key: 'n', altKey: true }, off)).toBe('newProfile');
    expect(resolveKey({ key: 'a' }, off)).toBe('settleAccept');
    expect(resolveKey({ key: 'm' }, off)).toBe('settleModify');
    expect(resolveKey({ key: '?', shiftKey: true }, off)).toBe('help');
    expect(resolveKey({ key: 'g' }, { ...off, pending: 'g' })).toBe('first');
    expect(resolveKey({ key: 'x' }, off)).toBeNull();
  });
  it('lets plain letters type into fields, but chords still work there', () => {
    const typing = { isMac: false, inInput: true };
    expect(resolveKey({ key: 'j' }, typing)).toBeNull();
    expect(resolveKey({ key: ' ' }, typing)).toBeNull();
    expect(resolveKey({ key: 'k', ctrlKey: true }, typing)).toBe('focusFilter');
    expect(resolveKey({ key: 'Escape' }, typing)).toBe('escape');
    expect(resolveKey({ key: '/' }, typing)).toBeNull();
    expect(resolveKey({ key: '/' }, off)).toBe('focusFilter');
  });
  it('binds every key at most once', () => {
    const seen = new Set<string>();
    for (const b of KEY_BINDINGS)
      for (const k of b.keys) {
        expect(seen.has(k), k).toBe(false);
        seen.add(k);
      }
  });
  it('shows platform notation', () => {
    expect(displayKeys('Mod+K', true)).toBe('⌘K');
    expect(displayKeys('Mod+K', false)).toBe('Ctrl+K');
  });

  it('leaves the browser its own shortcuts: Ctrl+L, Ctrl+P, Ctrl+N reach the browser, not us', () => {
    for (const b of KEY_BINDINGS) for (const k of b.keys) expect(BROWSER_RESERVED, `${b.action} is bound to ${k}`).not.toContain(k);
    for (const key of ['l', 'p', 'n']) {
      expect(resolveKey({ key, ctrlKey: true }, off)).toBeNull();
      expect(resolveKey({ key, metaKey: true }, { ...off, isMac: true })).toBeNull();
    }
  });
  it('follows the physical key for Alt+letter (macOS Option+L types ¬)', () => {
    expect(chordOf({ key: '¬', altKey: true, code: 'KeyL' }, true)).toBe('Alt+L');
    expect(resolveKey({ key: '¬', altKey: true, code: 'KeyL' }, { isMac: true, inInput: true })).toBe('clear');
    expect(resolveKey({ key: 'π', altKey: true, code: 'KeyP' }, { isMac: true, inInput: false })).toBe('publish');
    expect(resolveKey({ key: '˜', altKey: true, code: 'KeyN' }, { isMac: true, inInput: false })).toBe('newProfile');
  });
});
