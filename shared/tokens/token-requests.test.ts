/** The apply/query/revoke known-answer vectors through the requests the token service client sends. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOKEN_MAX_RESOURCES, TOKEN_MIN_LIFETIME_MS } from '../vendors/aliyun-mq-token-signature';
import { MAX_TOKEN_RESOURCES, MIN_TOKEN_LIFETIME_SEC } from './token-limits';
import { buildApplyRequest, buildTokenRequest, readTokenServiceAnswer } from './token-requests';

interface Vector {
  kind: string;
  input: Record<string, string | number>;
  expect: { stringToSign: string; signature: string; form: Record<string, string> };
}
const vectors: Vector[] = JSON.parse(readFileSync(resolve(__dirname, '../../test/fixtures/auth-vectors.json'), 'utf8'));
const byKind = (k: string) => vectors.filter((v) => v.kind === k);

describe('token service requests against the auth vectors', () => {
  it('has vectors for apply, query and revoke', () => {
    expect(byKind('aliyun-mq-token-apply').length).toBeGreaterThan(0);
    expect(byKind('aliyun-mq-token-query').length).toBeGreaterThan(0);
    expect(byKind('aliyun-mq-token-revoke').length).toBeGreaterThan(0);
  });

  it.each(byKind('aliyun-mq-token-apply').map((v, i) => [i, v] as const))('apply #%i: string-to-sign, signature, posted body, shown form', (_i, v) => {
    const i = v.input;
    const r = buildApplyRequest({
      accessKey: String(i.accessKey),
      secretKey: String(i.secretKey),
      resources: String(i.resources).split(','),
      actions: String(i.actions).split(','),
      expireTime: Number(i.expireTime),
    });
    expect(r.path).toBe('/token/apply');
    expect(r.stringToSign).toBe(v.expect.stringToSign);
    const posted = Object.fromEntries(new URLSearchParams(r.body));
    expect(posted).toEqual(v.expect.form);
    expect(posted.signature).toBe(v.expect.signature);
    expect(r.shownForm).toEqual(v.expect.form);
    expect(JSON.stringify(r)).not.toContain(String(i.secretKey));
  });

  for (const op of ['query', 'revoke'] as const) {
    it.each(byKind(`aliyun-mq-token-${op}`).map((v, i) => [i, v] as const))(`${op} #%i`, (_i, v) => {
      const token = String(v.input.token);
      const r = buildTokenRequest(op, { accessKey: String(v.input.accessKey), secretKey: String(v.input.secretKey), token });
      expect(r.path).toBe(`/token/${op}`);
      expect(r.stringToSign).toBe(v.expect.stringToSign);
      expect(Object.fromEntries(new URLSearchParams(r.body))).toEqual(v.expect.form);
      // shown to the renderer: neither the secret nor the whole token
      const shown = JSON.stringify({ f: r.shownForm, s: r.shownStringToSign });
      expect(shown).not.toContain(String(v.input.secretKey));
      expect(shown).not.toContain(token);
      expect(r.shownForm.signature).toBe(v.expect.signature);
    });
  }

  it('the renderer-safe limits agree with the signer module', () => {
    expect(MAX_TOKEN_RESOURCES).toBe(TOKEN_MAX_RESOURCES);
    expect(MIN_TOKEN_LIFETIME_SEC * 1000).toBe(TOKEN_MIN_LIFETIME_MS);
  });
});

describe('token service answers in words', () => {
  it('407 is the wrong signature, with what to check', () => {
    const a = readTokenServiceAnswer(200, JSON.stringify({ success: false, message: 'signature is wrong', code: 407, tokenData: null }));
    expect(a).toMatchObject({ success: false, code: 407, words: 'Signature wrong' });
    expect(a.action).toMatch(/SecretKey/);
    expect(a.tokenData).toBeUndefined();
  });
  it('200 carries the token', () => {
    const a = readTokenServiceAnswer(200, JSON.stringify({ success: true, message: 'success', code: 200, tokenData: 'abc' }));
    expect(a).toMatchObject({ success: true, code: 200, tokenData: 'abc', words: 'Success' });
  });
  it('a non-JSON answer is explained', () => {
    const a = readTokenServiceAnswer(502, '<html>bad gateway</html>');
    expect(a.success).toBe(false);
    expect(a.words).toContain('502');
    expect(a.action).toMatch(/token service URL/);
  });
});
