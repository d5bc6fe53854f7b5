// A length of time as the policy file writes it: "<whole number> <unit>".
// Days, weeks and months are legal periods counted on the Oslo calendar (domstolloven § 148);
// seconds, minutes and hours are plain durations, so a demonstration can run a case in seconds.

export const LENGTH_UNITS = ['second', 'minute', 'hour', 'day', 'week', 'month'] as const;
export type LengthUnit = (typeof LENGTH_UNITS)[number];

export interface Length {
  amount: number;
  unit: LengthUnit;
}

const PATTERN = /^\s*(\d+)\s+([a-z]+?)s?\s*$/;

/** Parses "4 weeks", "1 day", "30 seconds". Throws an Error whose message says what is wrong. */
export function parseLength(text: string): Length {
  const match = PATTERN.exec(text);
  if (!match) throw new Error(`"${text}" is not a length: write "<whole number> <unit>", e.g. "4 weeks"`);
  const amount = Number(match[1]);
  const unit = match[2] as LengthUnit;
  if (!LENGTH_UNITS.includes(unit)) {
    throw new Error(`"${text}" has an unknown unit: use one of ${LENGTH_UNITS.map((u) => `${u}(s)`).join(', ')}`);
  }
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error(`"${text}" must be a positive whole number`);
  return { amount, unit };
}

/** Days, weeks and months run on the calendar; the rest are plain durations. */
export function isLegalPeriod(length: Length): boolean {
  return length.unit === 'day' || length.unit === 'week' || length.unit === 'month';
}

const PLAIN_MS: Partial<Record<LengthUnit, number>> = { second: 1_000, minute: 60_000, hour: 3_600_000 };

/** Milliseconds of a plain duration; throws for a legal period, which has no fixed length. */
export function plainDurationMs(length: Length): number {
  const unitMs = PLAIN_MS[length.unit];
  if (unitMs === undefined) throw new Error(`${length.amount} ${length.unit}(s) is a calendar period, not a plain duration`);
  return length.amount * unitMs;
}

export function formatLength(length: Length): string {
  return `${length.amount} ${length.unit}${length.amount === 1 ? '' : 's'}`;
}
