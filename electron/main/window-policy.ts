import { pathToFileURL } from 'node:url';

// The Electron window's security decisions as plain functions (no electron import), so they are unit-tested
// here where no Electron binary can run; main.ts only wires them to Electron's events.

/** The exact URL the window loads: the built index.html over file://, marked as the Electron host. */
export function rendererPageUrl(indexHtmlPath: string): string {
  const url = pathToFileURL(indexHtmlPath);
  url.search = '?host=electron';
  return url.href;
}

/**
 * Only our own page, in the window's top frame, may call the backend: the exact URL we loaded. A prefix or
 * substring test would accept another local file (`.../renderer/index.html.evil.html`, a second copy of the
 * app under another folder, the same page with a crafted fragment).
 */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean, expectedUrl: string): boolean {
  return isMainFrame && typeof frameUrl === 'string' && frameUrl === expectedUrl;
}

export type LinkDecision = { action: 'confirm'; href: string } | { action: 'deny'; reason: string };

/**
 * Links come from payloads (devices, captures): only https:// to a named host may leave the app, and only
 * after the user saw the exact (normalized, punycode) address and agreed.
 */
export function linkDecision(raw: string): LinkDecision {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { action: 'deny', reason: 'not a URL' };
  }
  if (url.protocol !== 'https:') return { action: 'deny', reason: `${url.protocol} links are not opened` };
  if (!url.hostname) return { action: 'deny', reason: 'no host' };
  // user:pass@ in a link is either a leaked credential or a disguise (https://bank.example@evil.example).
  if (url.username || url.password) return { action: 'deny', reason: 'links with credentials are not opened' };
  return { action: 'confirm', href: url.href };
}

const LINK_DIALOG = {
  en: {
    message: 'Open this link in your browser?',
    detail: 'It came from message data, not from Fieldscope. Only open it if you trust it:',
    open: 'Open in browser',
    cancel: 'Cancel',
  },
  'zh-CN': {
    message: '在浏览器中打开此链接？',
    detail: '该链接来自消息数据，而非 Fieldscope 本身。请仅在信任时打开：',
    open: '在浏览器中打开',
    cancel: '取消',
  },
} as const;

/** The confirmation dialog (Electron's MessageBoxOptions shape), in the app's language; Cancel is the default. */
export function linkDialogOptions(href: string, locale: string) {
  const t = locale.toLowerCase().startsWith('zh') ? LINK_DIALOG['zh-CN'] : LINK_DIALOG.en;
  return {
    type: 'question' as const,
    buttons: [t.open, t.cancel],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
    message: t.message,
    detail: `${t.detail}\n\n${href}`,
  };
}
