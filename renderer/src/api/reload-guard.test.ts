import { describe, expect, it } from 'vitest';
import { guardReloadKeys, isReloadKey } from './reload-guard';

describe('reload keys in the Chromium host', () => {
  const k = (key: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    ...mods,
  });

  it('recognises the browser reload keys and nothing else', () => {
    for (const e of [k('F5'), k('r', { ctrlKey: true }), k('R', { ctrlKey: true }), k('r', { metaKey: true })]) expect(isReloadKey(e)).toBe(true);
    for (const e of [k('r'), k('F4'), k('r', { ctrlKey: true, altKey: true }), k('p', { ctrlKey: true })]) expect(isReloadKey(e)).toBe(false);
  });

  it('cancels the reload key events it is given', () => {
    let handler: ((e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; preventDefault(): void }) => void) | undefined;
    guardReloadKeys({ addEventListener: ((_type: string, h: typeof handler) => (handler = h)) as never });
    let prevented = 0;
    handler!({ ...k('F5'), preventDefault: () => prevented++ });
    handler!({ ...k('a'), preventDefault: () => prevented++ });
    expect(prevented).toBe(1);
  });
});
