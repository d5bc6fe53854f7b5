// A small HTTP client for the API tests: real requests, the body parsed as JSON when it is JSON.
// It sends the test issuer's default token (a caseworker and manager in every municipality) unless
// given another token, `null` for none, or an Authorization header of the caller's own.
import { defaultTestToken } from './tokenIssuer';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export type Call = <T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer<T>>;

export function client(baseUrl: string, token?: string | null): Call {
  return async (method, path, body, headers = {}) => {
    const ownAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
    const bearer = ownAuthorization || token === null ? undefined : (token ?? (await defaultTestToken()));
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let parsed: unknown = text;
    if (res.headers.get('content-type')?.includes('application/json')) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as never, text };
  };
}
