// Runs a request part through its zod schema and turns every problem into a FieldProblem that names the field
// the way a caseworker's system wrote it: `applicant.nationalId`, `services[1]`, `decision.services[0].code`.
import { z } from 'zod';
import type { FieldProblem } from '../workflows/messages';
import { ApiError } from './errors';

type Path = readonly PropertyKey[];

export function fieldName(path: Path, prefix = ''): string {
  let name = prefix;
  for (const part of path) {
    if (typeof part === 'number') name += `[${part}]`;
    else name += name ? `.${String(part)}` : String(part);
  }
  return name || 'body';
}

// Asked of every issue before zod's own message: a missing value reads "Required", not "expected string, received undefined".
const requiredFirst: z.core.$ZodErrorMap = (issue) => {
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value')) {
    return 'Required.';
  }
  return undefined;
};

export function toFieldProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ field: fieldName([...issue.path, key], prefix), message: 'Unknown field: remove it or check its spelling.' });
      }
      continue;
    }
    problems.push({ field: fieldName(issue.path, prefix), message: issue.message });
  }
  return problems;
}

// NUL, or a UTF-16 half without its other half (in a `u` pattern a lone surrogate is its own code point).
const BAD_TEXT = /\u0000|\p{Cs}/u;
const MAX_DEPTH = 32;
const UNSAFE_TEXT =
  'Must not hold a NUL character (\\u0000) or a lone surrogate (half of a UTF-16 pair, such as \\ud800): send the text as valid UTF-8.';

/**
 * Every string in a request part (a JSON body, the query) that holds a NUL or a lone surrogate,
 * named as its field. PostgreSQL stores neither (a NUL breaks the statement) and Temporal's payloads
 * would turn a lone surrogate into another character, so such text is refused before any schema
 * runs: one check for every text field of every route, present or future.
 */
export function unsafeTextProblems(value: unknown, prefix = '', path: PropertyKey[] = []): FieldProblem[] {
  const field = () => fieldName(path, prefix);
  // No request of this API nests anywhere near this deep; stop before the stack does.
  if (path.length > MAX_DEPTH) return [{ field: field(), message: `Nested more than ${MAX_DEPTH} levels deep.` }];
  if (typeof value === 'string') {
    return BAD_TEXT.test(value) ? [{ field: field(), message: UNSAFE_TEXT }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => unsafeTextProblems(item, prefix, [...path, index]));
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
      // A bad field name is named by where it sits, never by itself.
      BAD_TEXT.test(key)
        ? [{ field: field(), message: `A field name here breaks the rule: ${UNSAFE_TEXT}` }]
        : unsafeTextProblems(inner, prefix, [...path, key]),
    );
  }
  return [];
}

/** Parses `data` or throws a 400 `validation_failed` whose details name each field (prefixed, e.g. a header name). */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(data, { error: requiredFirst });
  if (result.success) return result.data;
  throw ApiError.validation(toFieldProblems(result.error, prefix));
}

/** Same as parseOrThrow, for a part of the URL: a malformed id names no resource, so it is a 404. */
export function parseOrNotFound<S extends z.ZodType>(schema: S, data: unknown, what = 'No such case.'): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ApiError('not_found', what);
}
