import { describe, expect, it } from 'vitest';
import { isTrustedSender, linkDecision, linkDialogOptions, rendererPageUrl } from './window-policy';

// The Electron window's decisions (Electron itself cannot run here): issue 14, "Electron window".
describe('Electron window policy', () => {
  const expected = rendererPageUrl('/opt/Fieldscope/resources/app.asar/dist/renderer/index.html');

  it('loads the renderer at one exact file:// URL', () => {
    expect(expected).toBe('file:///opt/Fieldscope/resources/app.asar/dist/renderer/index.html?host=electron');
    expect(rendererPageUrl('/home/李 明/app/index.html')).toBe('file:///home/%E6%9D%8E%20%E6%98%8E/app/index.html?host=electron');
  });

  it('trusts only the exact URL it loaded, in the top frame', () => {
    expect(isTrustedSender(expected, true, expected)).toBe(true);
    for (const other of [
      'file:///opt/Fieldscope/resources/app.asar/dist/renderer/index.html.evil.html',
      'file:///tmp/x/renderer/index.html?host=electron',
      'file:///tmp/evil.html?/renderer/index.html',
      `${expected}#/renderer/index.html`,
      `${expected}&x=1`,
      'https://evil.example/renderer/index.html',
      '',
    ]) {
      expect(isTrustedSender(other, true, expected), other).toBe(false);
    }
    expect(isTrustedSender(expected, false, expected)).toBe(false); // an iframe showing our page
    expect(isTrustedSender(undefined, true, expected)).toBe(false);
  });

  it('opens only https:// links to a named host, and only after confirming (never at once)', () => {
    expect(linkDecision('https://help.aliyun.com/document_detail/42420.html')).toEqual({
      action: 'confirm',
      href: 'https://help.aliyun.com/document_detail/42420.html',
    });
    // The dialog shows the normalized address (punycode), so a look-alike host is visible as such.
    expect(linkDecision('https://аliyun.com/')).toEqual({ action: 'confirm', href: 'https://xn--liyun-3ve.com/' });
    for (const bad of [
      'http://example.com',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-settings:',
      'https://bank.example@evil.example/',
      'not a url',
    ]) {
      expect(linkDecision(bad).action, bad).toBe('deny');
    }
  });

  it('asks in the app language, Cancel by default', () => {
    const en = linkDialogOptions('https://example.com/', 'en-US');
    expect(en).toMatchObject({ buttons: ['Open in browser', 'Cancel'], defaultId: 1, cancelId: 1 });
    expect(en.detail).toContain('https://example.com/');
    const zh = linkDialogOptions('https://example.com/', 'zh-CN');
    expect(zh.buttons).toEqual(['在浏览器中打开', '取消']);
    expect(zh.detail).toContain('https://example.com/');
  });
});
