/**
 * Token service requests as the app sends and shows them: the signed form (H1's signers), the URL-encoded
 * body, and what the panel may display (the form without any secret — the signature is derived, the
 * SecretKey never appears). Main process only (signing uses node:crypto).
 */
import { TOKEN_APPLY_PATH, TOKEN_QUERY_PATH, TOKEN_REVOKE_PATH, tokenApplyForm, tokenQueryForm, tokenRevokeForm } from '../vendors/aliyun-mq-token-signature';
import { explainTokenServiceCode } from '../vendors/aliyun-mq-codes';
import { maskToken } from './token-model';

export type TokenOp = 'apply' | 'query' | 'revoke';

export interface TokenRequest {
  op: TokenOp;
  path: string;
  /** The exact form posted (application/x-www-form-urlencoded). */
  body: string;
  stringToSign: string;
  /** The form for display: every field but the token text (masked); no secret is in the form at all. */
  shownForm: Record<string, string>;
  /** The string-to-sign for display (token text masked for query/revoke). */
  shownStringToSign: string;
}

export interface ApplyRequestInput {
  accessKey: string;
  secretKey: string;
  resources: readonly string[];
  actions: readonly string[];
  expireTime: number;
}

export function buildApplyRequest(i: ApplyRequestInput): TokenRequest {
  const f = tokenApplyForm({
    accessKey: i.accessKey,
    secretKey: i.secretKey,
    resources: i.resources,
    actions: i.actions,
    expireTime: i.expireTime,
    proxyType: 'MQTT',
    serviceName: 'mq',
  });
  return {
    op: 'apply',
    path: TOKEN_APPLY_PATH,
    body: new URLSearchParams(f.form).toString(),
    stringToSign: f.stringToSign,
    shownForm: { ...f.form },
    shownStringToSign: f.stringToSign,
  };
}

export function buildTokenRequest(op: 'query' | 'revoke', i: { accessKey: string; secretKey: string; token: string }): TokenRequest {
  const f = op === 'query' ? tokenQueryForm(i) : tokenRevokeForm(i);
  const masked = maskToken(i.token);
  return {
    op,
    path: op === 'query' ? TOKEN_QUERY_PATH : TOKEN_REVOKE_PATH,
    body: new URLSearchParams(f.form).toString(),
    stringToSign: f.stringToSign,
    shownForm: { ...f.form, token: masked },
    shownStringToSign: `token=${masked}`,
  };
}

export interface TokenServiceAnswer {
  httpStatus: number;
  success: boolean;
  code?: number;
  message: string;
  tokenData?: string;
  /** The code in words and what to do. */
  words: string;
  action: string;
}

/** Reads the token service's JSON `{success, message, code, tokenData}`; anything else is explained, not thrown. */
export function readTokenServiceAnswer(httpStatus: number, text: string): TokenServiceAnswer {
  let o: Record<string, unknown> | undefined;
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) o = v as Record<string, unknown>;
  } catch {
    o = undefined;
  }
  if (!o) {
    return {
      httpStatus,
      success: false,
      message: text.slice(0, 200),
      words: `The token service answered HTTP ${httpStatus} with no JSON`,
      action: "Check the token service URL in the profile (https://mqauth.aliyuncs.com, or the region's).",
    };
  }
  const code =
    typeof o.code === 'number' ? o.code : typeof o.code === 'string' && o.code.trim() !== '' && Number.isFinite(Number(o.code)) ? Number(o.code) : undefined;
  const e = code === undefined ? { words: 'No code in the answer', action: '' } : explainTokenServiceCode(code);
  const out: TokenServiceAnswer = {
    httpStatus,
    success: o.success === true,
    message: typeof o.message === 'string' ? o.message : '',
    words: e.words,
    action: e.action,
  };
  if (code !== undefined) out.code = code;
  if (typeof o.tokenData === 'string' && o.tokenData !== '') out.tokenData = o.tokenData;
  return out;
}
