/** Posts a token service form (application/x-www-form-urlencoded) and returns the raw answer. */
import { AppError } from '../../../shared/contract/define';

export interface HttpAnswer {
  status: number;
  text: string;
}

export type PostForm = (url: string, body: string, timeoutMs: number) => Promise<HttpAnswer>;

export const postForm: PostForm = async (url, body, timeoutMs) => {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new AppError(
      'token-service-unreachable',
      `The token service at ${new URL(url).origin} could not be reached: ${why}.`,
      'Check the token service URL in the profile (https://mqauth.aliyuncs.com, or mqauth.<region>.aliyuncs.com) and the network.',
    );
  }
  return { status: res.status, text: await res.text() };
};

/** Joins the profile's token service URL and a path (`/token/apply`), keeping any base path. */
export function tokenServiceUrl(base: string, path: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new AppError(
      'invalid-token-service-url',
      `The token service URL "${base}" is not a URL.`,
      "Enter it as https://mqauth.aliyuncs.com (or the region's).",
    );
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new AppError('invalid-token-service-url', `The token service URL must be http(s), not ${u.protocol}`);
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}${path}`;
}
