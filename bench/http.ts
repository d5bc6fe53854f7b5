// The bench's one HTTP request helper: every call to the API goes through here, so a header the API
// requires (the bearer token) is added in this one place.
import { performance } from 'node:perf_hooks';

export interface Timed<T> {
  ms: number;
  body: T;
}

let bearer: string | undefined;

/** The token every later request sends, as any client of the API must (from `npm run token`). */
export function useBearerToken(token: string): void {
  bearer = token;
}

/** Headers every request carries. */
function commonHeaders(): Record<string, string> {
  return { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) };
}

/** 503s answered and retried (with the same Idempotency-Key), per method and path pattern: the bench reports them. */
export const retried503 = new Map<string, number>();
const MAX_RETRIES = 5;

/**
 * One request, timed from the first attempt to the answer. A 503 is retried as the API asks (the same
 * headers, so the same Idempotency-Key: the step or application is applied once) after Retry-After,
 * and counted; any other status than `expected` throws with the start of the body.
 */
export async function request<T = unknown>(
  base: string,
  method: string,
  path: string,
  expected: number,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Timed<T>> {
  const start = performance.now();
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...commonHeaders(), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status === 503 && expected !== 503 && attempt < MAX_RETRIES) {
      const what = `${method} ${path.replace(/[0-9a-f-]{36}/g, ':id')}`;
      retried503.set(what, (retried503.get(what) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1_000 * Number(res.headers.get('retry-after') ?? 1)));
      continue;
    }
    const ms = performance.now() - start;
    if (res.status !== expected) throw new Error(`${method} ${path} answered ${res.status}, not ${expected}: ${text.slice(0, 300)}`);
    return { ms, body: (text ? JSON.parse(text) : null) as T };
  }
}
