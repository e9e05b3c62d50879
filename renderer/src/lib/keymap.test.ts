import { describe, expect, it } from 'vitest';
import { chordOf, displayKeys, KEY_BINDINGS, resolveKey } from './keymap';

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
    expect(resolveKey({ key: 'l', ctrlKey: true }, off)).toBe('clear');
    expect(resolveKey({ key: 'p', ctrlKey: true }, off)).toBe('publish');
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
    for (const b of KEY_BINDINGS) for (const k of b.keys) {
      expect(seen.has(k), k).toBe(false);
      seen.add(k);
    }
  });
  it('shows platform notation', () => {
    expect(displayKeys('Mod+K', true)).toBe('⌘K');
    expect(displayKeys('Mod+K', false)).toBe('Ctrl+K');
  });
});
