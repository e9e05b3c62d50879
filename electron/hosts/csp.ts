/**
 * One CSP for both hosts. Monaco needs blob: workers and inline styles; nothing is loaded from the network
 * (fonts and monaco are bundled). connect-src 'self' lets the Chromium host's page reach its own backend.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Directives a browser ignores (and complains about) when the policy comes in a <meta> element. */
const HEADER_ONLY = ['frame-ancestors', 'report-uri', 'report-to', 'sandbox'];

/**
 * The same policy for a <meta http-equiv> tag: Electron loads the renderer over file://, where no response
 * header carries a CSP, so the built index.html must carry it itself.
 */
export function cspForMetaTag(policy: string = CONTENT_SECURITY_POLICY): string {
  return policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !HEADER_ONLY.includes(d.split(/\s+/)[0]!))
    .join('; ');
}

/** The <meta> element, escaped for an HTML attribute. */
export function cspMetaElement(policy: string = CONTENT_SECURITY_POLICY): string {
  const content = cspForMetaTag(policy).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<meta http-equiv="Content-Security-Policy" content="${content}" />`;
}
