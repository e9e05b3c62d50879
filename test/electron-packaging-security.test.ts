import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY, cspForMetaTag } from '../electron/hosts/csp';

const root = path.resolve(import.meta.dirname, '..');
const builtIndex = path.join(root, 'dist', 'renderer', 'index.html');

// Issue 14: over file:// (Electron) a CSP in response headers does not apply; the built page carries it.
describe('renderer CSP and Electron fuses', () => {
  it('the meta-tag policy is the host policy minus what a <meta> cannot carry', () => {
    const meta = cspForMetaTag();
    expect(meta).not.toMatch(/frame-ancestors/);
    const header = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(meta.split('; ')).toEqual(header);
    expect(meta).toMatch(/script-src 'self'(;|$)/);
  });

  it.skipIf(!fs.existsSync(builtIndex))('the built dist/renderer/index.html carries the CSP in <head>, before any script or stylesheet', () => {
    const html = fs.readFileSync(builtIndex, 'utf8');
    const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"\s*\/?>/i.exec(html);
    expect(m, 'CSP meta tag').not.toBeNull();
    expect(m![1]!.replace(/&#39;|&apos;/g, "'")).toBe(cspForMetaTag());
    const head = html.slice(0, html.search(/<\/head>/i));
    expect(head.indexOf(m![0])).toBeGreaterThan(-1);
    for (const tag of [/<script/i, /<link[^>]+stylesheet/i, /<style/i]) {
      const at = html.search(tag);
      if (at >= 0) expect(at).toBeGreaterThan(html.indexOf(m![0]));
    }
  });

  it('electron-builder.yml sets the grantFileProtocolExtraPrivileges fuse off (and keeps the others)', () => {
    // The electronFuses block: indented `key: value` lines under the top-level key (comments skipped).
    const text = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?:[ \t]+.*\n|\s*\n)+)/m.exec(text)?.[1] ?? '';
    const fuses = Object.fromEntries([...block.matchAll(/^[ \t]+([A-Za-z]+):[ \t]*(true|false)[ \t]*$/gm)].map((m) => [m[1], m[2] === 'true']));
    expect(fuses).toMatchObject({
      grantFileProtocolExtraPrivileges: false,
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
    });
  });
});
