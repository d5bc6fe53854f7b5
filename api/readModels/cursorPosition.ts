// What a keyset cursor may hold: a row's timestamp as PostgreSQL wrote it (to the microsecond) and
// its id. A cursor of the right shape with values no row can have (a 13th month, a 25th hour, an id
// beyond bigint) is not one this API gave out: refused as 400 before it reaches a query.
import { withinDateBounds } from '../../domain/calendar/dateBounds';

const POSITION_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROW_ID = /^\d{1,19}$/;
const BIGINT_MAX = 2n ** 63n - 1n;

/** `2026-11-20T09:00:00.123456Z`, a real instant (the date and time exist) within the dates a case takes. */
export function isPositionTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !POSITION_TIMESTAMP.test(value)) return false;
  const ms = Date.parse(`${value.slice(0, 23)}Z`);
  // Date.parse rolls 2026-02-30 over to March; the same text back means the date and time exist.
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === value.slice(0, 19) && withinDateBounds(value.slice(0, 10));
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A bigint row id (the access log's), as text. */
export function isRowId(value: unknown): value is string {
  return typeof value === 'string' && ROW_ID.test(value) && BigInt(value) <= BIGINT_MAX;
}
