// What a log line may not carry: national ids, e-mail addresses, phone numbers, and, in an error's
// message, free text quoted from a request or a row (a database or parser error quotes the value it
// choked on). Pure: strings in, strings out, so every logger and the tests use the same rule.

// Digits inside an identifier (the last group of a UUID, a hex id) are not a number anyone was given.
/** 11 digits (a fødselsnummer or D-number), also written 6 + 5 with a space. */
const NATIONAL_ID = /(?<![\w-])\d{6}\s?\d{5}(?![\w-])/g;
/** Its domain ends in a name (`.no`): `postgres@127.0.0.1` is a database user at an address, not an e-mail. */
const EMAIL = /[^\s@<>()"',;:/]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}\b/g;
/** 8 or more digits, perhaps with a leading + and spaces: a phone number (or a number nobody needs to read). */
const PHONE = /(?<![\w-])\+?\d[\d ]{6,}\d(?![\w-])/g;
/** Text between quotes: what an error quotes is input, and input is personal until shown otherwise. */
const QUOTED = /"[^"\n]*"|'[^'\n]*'|`[^`\n]*`|«[^»\n]*»/g;

/** A string with national ids, e-mail addresses and phone numbers replaced by markers. */
export function scrubText(text: string): string {
  return text.replace(EMAIL, '[e-post]').replace(NATIONAL_ID, '[fnr]').replace(PHONE, '[nummer]');
}

/** An error's message: scrubbed, and whatever it quotes replaced too (our own lines may quote a setting; an error quotes input). */
export function scrubErrorText(text: string): string {
  return scrubText(text.replace(QUOTED, '"…"'));
}

export interface SafeError {
  type: string;
  message: string;
  code?: string;
  /** The stack's frames (file and line) without its first line, which repeats the message. */
  stack?: string;
}

/**
 * An error fit for a log line: its class, its code, its message scrubbed, and where it was thrown.
 * Never its own fields (a pg error's `detail` quotes the row) and never its cause's text unscrubbed.
 */
export function safeError(error: unknown): SafeError {
  if (!(error instanceof Error)) return { type: typeof error, message: scrubErrorText(String(error)) };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .map((line) => scrubErrorText(line.trim()))
    .join('\n');
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${scrubErrorText(error.cause.message)})` : '';
  return {
    type: error.name,
    message: scrubErrorText(error.message) + cause,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(frames ? { stack: frames } : {}),
  };
}

/** A log record's fields, scrubbed: strings scrubbed, errors made safe, nesting kept to a few levels. */
export function scrubFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value instanceof Error) return safeError(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= 4) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => scrubFields(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrubFields(item, depth + 1);
  return out;
}
