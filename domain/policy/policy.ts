// The policy file: each municipality's office details and timers (see the contract, "The policy file").
// Checked in full before anything starts; the first fault is reported with the file, the
// municipality and the key named, so an operator can fix it without reading code. Pure: no fs.

import { APPEAL_BODIES, type AppealBody } from '../case/caseTypes';
import { isLegalPeriod, parseLength, type Length } from '../calendar/length';
import type { AppealBodyNames, MunicipalityPolicy, MunicipalityTimers, Office, Policy } from './policyTypes';

export class PolicyError extends Error {
  readonly file: string;
  readonly municipality?: string;
  readonly key?: string;
  /** What is wrong, without where. */
  readonly problem: string;

  constructor(file: string, problem: string, where: { municipality?: string; key?: string } = {}) {
    const parts = [`Policy file ${file}`];
    if (where.municipality !== undefined) parts.push(`municipality "${where.municipality}"`);
    if (where.key !== undefined) parts.push(where.key);
    parts.push(problem);
    // One line, whatever the underlying message held: it is printed as the reason the program refuses to start.
    super(parts.join(': ').replace(/\s*[\r\n]+\s*/g, ' '));
    this.name = 'PolicyError';
    this.file = file;
    this.problem = problem;
    // Stryker disable next-line ConditionalExpression: the declared field is undefined already when there is none
    if (where.municipality !== undefined) this.municipality = where.municipality;
    // Stryker disable next-line ConditionalExpression: the declared field is undefined already when there is none
    if (where.key !== undefined) this.key = where.key;
  }
}

export const TIMER_KEYS = [
  'contactWithin',
  'homeVisitReminderBefore',
  'provisionalReplyAfter',
  'appealWindow',
  'reEvaluationEvery',
  'expiryNoticeBefore',
  'presumedPostalDelivery',
  'unreadToPrint',
  'commentPeriod',
] as const satisfies readonly (keyof MunicipalityTimers)[];

/** Timers a file may leave out: each has a default in the applicant's favour. */
const OPTIONAL_TIMER_KEYS: readonly string[] = ['presumedPostalDelivery', 'unreadToPrint', 'commentPeriod'];

/** How long a letter may lie unread in the digital mailbox before it goes to print, when the file does not say. */
export const DEFAULT_UNREAD_TO_PRINT: Length = Object.freeze({ amount: 40, unit: 'hour' });

/**
 * How long a letter by post takes to reach the applicant when the file does not say: 7 days. Posten
 * delivers letters every other weekday, so a letter handed in on a Friday before a weekend or a
 * holiday can take most of a week; a presumption that is too short would shorten the applicant's
 * appeal period (fvl § 29, pbrl § 7-5 count from when the decision reached them), one too long only
 * gives them a few more days.
 */
export const DEFAULT_PRESUMED_POSTAL_DELIVERY: Length = Object.freeze({ amount: 7, unit: 'day' });

/** What letters call the appeal bodies when the file does not name them. */
export const DEFAULT_APPEAL_BODY_NAMES: AppealBodyNames = Object.freeze({
  statsforvalteren: Object.freeze({ name: 'Statsforvalteren' }),
  klagenemnd: Object.freeze({ name: 'den kommunale klagenemnda' }),
});

/**
 * The law's shortest appeal periods (pbrl § 7-5: 4 weeks; fvl § 29: 3 weeks) and latest provisional
 * reply (fvl § 11 a: one month), in days. A month counts as 28 days, the shortest month, so no
 * policy can give less than the law in any month. Plain durations are not compared: they are for
 * demonstrations and tests.
 */
const LEGAL_LIMITS = {
  'timers.appealWindow.statsforvalteren': { atLeastDays: 28, law: 'pasient- og brukerrettighetsloven § 7-5 gives 4 weeks' },
  'timers.appealWindow.klagenemnd': { atLeastDays: 21, law: 'forvaltningsloven § 29 gives 3 weeks' },
  'timers.provisionalReplyAfter': { atMostDays: 28, law: 'forvaltningsloven § 11 a requires a provisional reply within one month' },
} as const;

/** A legal period's least and greatest number of days. */
function daysOf(length: Length): { least: number; most: number } {
  switch (length.unit) {
    case 'day':
      return { least: length.amount, most: length.amount };
    case 'week':
      return { least: 7 * length.amount, most: 7 * length.amount };
    default:
      return { least: 28 * length.amount, most: 31 * length.amount };
  }
}

function checkLegalLimit(length: Length, key: keyof typeof LEGAL_LIMITS, fail: Fail): Length {
  if (!isLegalPeriod(length)) return length;
  const limit: { atLeastDays?: number; atMostDays?: number; law: string } = LEGAL_LIMITS[key];
  const { least, most } = daysOf(length);
  if (limit.atLeastDays !== undefined && least < limit.atLeastDays) {
    fail(`${length.amount} ${length.unit}(s) is shorter than the law allows: ${limit.law}`, key);
  }
  // A month may be 31 days, but never more than one month: the law's own length is allowed.
  if (limit.atMostDays !== undefined && most > limit.atMostDays && !(length.unit === 'month' && length.amount === 1)) {
    fail(`${length.amount} ${length.unit}(s) is longer than the law allows: ${limit.law}`, key);
  }
  return length;
}

const MUNICIPALITY_KEYS = ['name', 'office', 'appealBodies', 'timers', 'coSignDecisions'] as const;
const REQUIRED_MUNICIPALITY_KEYS = ['name', 'office', 'timers'] as const;
const OFFICE_KEYS = ['name', 'phone', 'hours', 'address', 'postalAddress', 'email'] as const;
const REQUIRED_OFFICE_KEYS = ['name', 'phone', 'hours', 'address'] as const;
// Ids appear in URLs, workflow ids and search attributes.
const MUNICIPALITY_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function list(keys: readonly string[]): string {
  return keys.join(', ');
}

/** Parses and checks a policy file's JSON; throws a PolicyError at the first fault. */
export function parsePolicy(json: unknown, file: string): Policy {
  if (!isObject(json)) throw new PolicyError(file, `must hold a JSON object with "municipalities", not ${describe(json)}`);
  for (const key of Object.keys(json)) {
    if (key !== 'municipalities') throw new PolicyError(file, 'unknown key: the file holds only "municipalities"', { key });
  }
  const entries = json.municipalities;
  if (entries === undefined) throw new PolicyError(file, 'missing: the file must list its municipalities', { key: 'municipalities' });
  if (!isObject(entries)) {
    throw new PolicyError(file, `must be an object keyed by municipality id, not ${describe(entries)}`, { key: 'municipalities' });
  }
  const ids = Object.keys(entries);
  if (ids.length === 0) throw new PolicyError(file, 'lists no municipality', { key: 'municipalities' });

  const municipalities: Record<string, MunicipalityPolicy> = {};
  for (const id of ids) {
    municipalities[id] = parseMunicipality(entries[id], id, file);
  }
  return { municipalities };
}

/** Parses the text of a policy file; bad JSON is a PolicyError too. */
export function parsePolicyText(text: string, file: string): Policy {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PolicyError(file, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parsePolicy(json, file);
}

function parseMunicipality(value: unknown, id: string, file: string): MunicipalityPolicy {
  const fail = (problem: string, key?: string): never => {
    throw new PolicyError(file, problem, key === undefined ? { municipality: id } : { municipality: id, key });
  };
  if (!MUNICIPALITY_ID.test(id)) fail('the id must be lower-case letters, digits and single hyphens, e.g. "nordre-land"');
  if (!isObject(value)) return fail(`must be an object with ${list(MUNICIPALITY_KEYS)}, not ${describe(value)}`);
  for (const key of Object.keys(value)) {
    if (!(MUNICIPALITY_KEYS as readonly string[]).includes(key)) fail(`unknown key: a municipality has ${list(MUNICIPALITY_KEYS)}`, key);
  }
  for (const key of REQUIRED_MUNICIPALITY_KEYS) {
    if (value[key] === undefined) fail('missing', key);
  }
  return {
    id,
    name: text(value.name, 'name', fail),
    office: parseOffice(value.office, fail),
    appealBodies: parseAppealBodies(value.appealBodies, fail),
    timers: parseTimers(value.timers, fail),
    // Only when the file says so: a policy without it keeps the fingerprint the cluster recorded.
    ...(value.coSignDecisions === undefined ? {} : { coSignDecisions: flag(value.coSignDecisions, 'coSignDecisions', fail) }),
  };
}

function flag(value: unknown, key: string, fail: Fail): boolean {
  if (typeof value !== 'boolean') return fail(`must be true or false, not ${describe(value)}`, key);
  return value;
}

/** `{ "statsforvalteren": { "name" }, "klagenemnd": { "name" } }`, each optional. */
function parseAppealBodies(value: unknown, fail: Fail): AppealBodyNames {
  if (value === undefined) return { statsforvalteren: { ...DEFAULT_APPEAL_BODY_NAMES.statsforvalteren }, klagenemnd: { ...DEFAULT_APPEAL_BODY_NAMES.klagenemnd } };
  if (!isObject(value)) return fail(`must be an object with ${list(APPEAL_BODIES)}, not ${describe(value)}`, 'appealBodies');
  for (const body of Object.keys(value)) {
    if (!(APPEAL_BODIES as readonly string[]).includes(body)) fail(`unknown appeal body: use ${list(APPEAL_BODIES)}`, `appealBodies.${body}`);
  }
  const names = {} as AppealBodyNames;
  for (const body of APPEAL_BODIES) {
    const entry = value[body];
    if (entry === undefined) {
      names[body] = { ...DEFAULT_APPEAL_BODY_NAMES[body] };
      continue;
    }
    if (!isObject(entry)) return fail(`must be an object with name, not ${describe(entry)}`, `appealBodies.${body}`);
    for (const key of Object.keys(entry)) {
      if (key !== 'name') fail('unknown key: an appeal body has name', `appealBodies.${body}.${key}`);
    }
    names[body] = { name: text(entry.name, `appealBodies.${body}.name`, fail).trim() };
  }
  return names;
}

type Fail = (problem: string, key?: string) => never;

function text(value: unknown, key: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(`must be a non-empty string, not ${describe(value)}`, key);
  return value;
}

/** Fails on a key that is not one of `keys` (the first such), then on a required one that is missing. */
function knownKeys(
  value: Record<string, unknown>,
  keys: readonly string[],
  required: readonly string[],
  words: { at: string; unknown: string; missing: string },
  fail: Fail,
): void {
  for (const key of Object.keys(value)) if (!keys.includes(key)) fail(words.unknown, `${words.at}.${key}`);
  for (const key of required) if (value[key] === undefined) fail(words.missing, `${words.at}.${key}`);
}

function parseOffice(value: unknown, fail: Fail): Office {
  if (!isObject(value)) return fail(`must be an object with ${list(OFFICE_KEYS)}, not ${describe(value)}`, 'office');
  knownKeys(value, OFFICE_KEYS, REQUIRED_OFFICE_KEYS, { at: 'office', unknown: `unknown key: an office has ${list(OFFICE_KEYS)}`, missing: 'missing' }, fail);
  const office: Office = {
    name: text(value.name, 'office.name', fail),
    phone: text(value.phone, 'office.phone', fail),
    hours: text(value.hours, 'office.hours', fail),
    address: text(value.address, 'office.address', fail),
  };
  if (value.postalAddress !== undefined) office.postalAddress = text(value.postalAddress, 'office.postalAddress', fail);
  if (value.email !== undefined) {
    const email = text(value.email, 'office.email', fail);
    if (!EMAIL.test(email)) fail(`${describe(email)} is not an e-mail address`, 'office.email');
    office.email = email;
  }
  return office;
}

function parseTimers(value: unknown, fail: Fail): MunicipalityTimers {
  if (!isObject(value)) return fail(`must be an object with ${list(TIMER_KEYS)}, not ${describe(value)}`, 'timers');
  const required = TIMER_KEYS.filter((key) => !OPTIONAL_TIMER_KEYS.includes(key));
  knownKeys(value, TIMER_KEYS, required, { at: 'timers', unknown: `unknown timer: the timers are ${list(TIMER_KEYS)}`, missing: 'missing timer' }, fail);
  return {
    contactWithin: length(value.contactWithin, 'timers.contactWithin', fail),
    homeVisitReminderBefore: length(value.homeVisitReminderBefore, 'timers.homeVisitReminderBefore', fail),
    provisionalReplyAfter: checkLegalLimit(length(value.provisionalReplyAfter, 'timers.provisionalReplyAfter', fail), 'timers.provisionalReplyAfter', fail),
    appealWindow: parseAppealWindow(value.appealWindow, fail),
    reEvaluationEvery: length(value.reEvaluationEvery, 'timers.reEvaluationEvery', fail),
    expiryNoticeBefore: length(value.expiryNoticeBefore, 'timers.expiryNoticeBefore', fail),
    presumedPostalDelivery:
      value.presumedPostalDelivery === undefined
        ? { ...DEFAULT_PRESUMED_POSTAL_DELIVERY }
        : length(value.presumedPostalDelivery, 'timers.presumedPostalDelivery', fail),
    // Left out when the file leaves it out: the timers a case carries stay as they were.
    ...(value.unreadToPrint === undefined ? {} : { unreadToPrint: length(value.unreadToPrint, 'timers.unreadToPrint', fail) }),
    // Absent, the decider uses 2 weeks (DEFAULT_COMMENT_PERIOD).
    ...(value.commentPeriod === undefined ? {} : { commentPeriod: length(value.commentPeriod, 'timers.commentPeriod', fail) }),
  };
}

function length(value: unknown, key: string, fail: Fail): Length {
  if (typeof value !== 'string') return fail(`must be a length such as "4 weeks", not ${describe(value)}`, key);
  try {
    return parseLength(value);
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), key);
  }
}

/** One length for both appeal bodies, or exactly one per body. */
function parseAppealWindow(value: unknown, fail: Fail): Record<AppealBody, Length> {
  const key = 'timers.appealWindow';
  if (typeof value === 'string') {
    const both = length(value, key, fail);
    // One length for both must meet the longer of the two periods the law gives.
    if (isLegalPeriod(both) && daysOf(both).least < LEGAL_LIMITS['timers.appealWindow.statsforvalteren'].atLeastDays) {
      fail(`${both.amount} ${both.unit}(s) is shorter than the law allows for Statsforvalteren: ${LEGAL_LIMITS['timers.appealWindow.statsforvalteren'].law}`, key);
    }
    return { statsforvalteren: both, klagenemnd: { ...both } };
  }
  if (!isObject(value)) {
    return fail(`must be one length, or an object with ${list(APPEAL_BODIES)}, not ${describe(value)}`, key);
  }
  for (const body of Object.keys(value)) {
    if (!(APPEAL_BODIES as readonly string[]).includes(body)) fail(`unknown appeal body: use ${list(APPEAL_BODIES)}`, `${key}.${body}`);
  }
  for (const body of APPEAL_BODIES) {
    if (value[body] === undefined) fail('missing: give a length for each appeal body, or one length for both', `${key}.${body}`);
  }
  return {
    statsforvalteren: checkLegalLimit(length(value.statsforvalteren, `${key}.statsforvalteren`, fail), 'timers.appealWindow.statsforvalteren', fail),
    klagenemnd: checkLegalLimit(length(value.klagenemnd, `${key}.klagenemnd`, fail), 'timers.appealWindow.klagenemnd', fail),
  };
}
