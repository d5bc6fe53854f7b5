// The pages' one way to the API: same origin, the session cookie, the CSRF token on every change.
// 401 (no session, or it ended with its token) goes to the login and back here; what was typed is
// kept in sessionStorage by the forms (useDraft), so it is there again after the login.

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export interface Me {
  sub: string;
  roles: string[];
  municipalities: string[];
  csrf: string;
  expiresAt: string;
  temporalUi: { url: string; namespace: string } | null;
}

let csrf = '';

export function toLogin(): never {
  const here = `${location.pathname}${location.search}`;
  location.assign(`/login?returnTo=${encodeURIComponent(here)}`);
  throw new ApiProblem(401, 'unauthenticated', 'Økten er utløpt: logg inn igjen.');
}

export async function loadMe(): Promise<Me> {
  const res = await fetch('/auth/session', { credentials: 'same-origin' });
  if (res.status === 401) toLogin();
  const me = (await res.json()) as Me;
  csrf = me.csrf;
  return me;
}

/**
 * `background`: a look the page takes on its own (a letter's delivery). Its 401 is not the person's
 * doing, so it does not take them to the login in the middle of typing; their next action does.
 */
export async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, opts: { background?: boolean } = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method !== 'GET' ? { 'x-csrf-token': csrf } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401 && !opts.background) toLogin();
  const text = await res.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: FieldProblem[] } } | null)?.error;
    throw new ApiProblem(res.status, error?.code ?? 'internal', error?.message ?? `HTTP ${res.status}`, error?.details ?? []);
  }
  return parsed as T;
}

/** The message for a field (and its sub-fields), from a refused request. */
export function fieldMessage(problem: ApiProblem | null, field: string): string | undefined {
  if (!problem) return undefined;
  const found = problem.details.filter((d) => d.field === field || d.field.startsWith(`${field}.`));
  return found.length > 0 ? found.map((d) => d.message).join(' ') : undefined;
}
