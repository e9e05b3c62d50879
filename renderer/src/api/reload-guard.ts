/** F5, Ctrl+R, Ctrl+Shift+R, Cmd+R: the browser's reload keys. */
export function isReloadKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): boolean {
  if (e.altKey) return false;
  return e.key === 'F5' || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'r');
}

/**
 * In the Chromium host the page's session token lives in this page's memory only, so a reload ends the
 * session (a new window needs a new start link). Keep the reload keys from doing that by accident.
 */
export function guardReloadKeys(target: Pick<Window, 'addEventListener'>): void {
  target.addEventListener(
    'keydown',
    (e) => {
      if (isReloadKey(e)) e.preventDefault();
    },
    true,
  );
}
