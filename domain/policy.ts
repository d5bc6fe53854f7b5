// The policy file: each municipality's office details and timers (see the contract, "The policy file").
// Checked in full before anything starts; the first fault is reported with the file, the
// municipality and the key named, so an operator can fix it without reading code. Pure: no fs.

import { APPEAL_BODIES, type AppealBody } from './caseTypes';
import { parseLength, type Length } from './length';
import type { MunicipalityPolicy, MunicipalityTimers, Office, Policy } from './policyTypes';

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
    if (where.municipality !== undefined) this.municipality = where.municipality;
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
] as const satisfies readonly (keyof MunicipalityTimers)[];

const MUNICIPALITY_KEYS = ['name', 'office', 'timers'] as const;
const OFFICE_KEYS = ['name', 'phone', 'hours', 'address', 'email'] as const;
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
  for (const key of MUNICIPALITY_KEYS) {
    if (value[key] === undefined) fail('missing', key);
  }
  return {
    id,
    name: text(value.name, 'name', fail),
    office: parseOffice(value.office, fail),
    timers: parseTimers(value.timers, fail),
  };
}

type Fail = (problem: string, key?: string) => never;

function text(value: unknown, key: string, fail: Fail): string {
  if (typeof value !== 'string' || value.trim() === '') return fail(`must be a non-empty string, not ${describe(value)}`, key);
  return value;
}

function parseOffice(value: unknown, fail: Fail): Office {
  if (!isObject(value)) return fail(`must be an object with ${list(OFFICE_KEYS)}, not ${describe(value)}`, 'office');
  for (const key of Object.keys(value)) {
    if (!(OFFICE_KEYS as readonly string[]).includes(key)) fail(`unknown key: an office has ${list(OFFICE_KEYS)}`, `office.${key}`);
  }
  for (const key of REQUIRED_OFFICE_KEYS) {
    if (value[key] === undefined) fail('missing', `office.${key}`);
  }
  const office: Office = {
    name: text(value.name, 'office.name', fail),
    phone: text(value.phone, 'office.phone', fail),
    hours: text(value.hours, 'office.hours', fail),
    address: text(value.address, 'office.address', fail),
  };
  if (value.email !== undefined) {
    const email = text(value.email, 'office.email', fail);
    if (!EMAIL.test(email)) fail(`${describe(email)} is not an e-mail address`, 'office.email');
    office.email = email;
  }
  return office;
}

function parseTimers(value: unknown, fail: Fail): MunicipalityTimers {
  if (!isObject(value)) return fail(`must be an object with ${list(TIMER_KEYS)}, not ${describe(value)}`, 'timers');
  for (const key of Object.keys(value)) {
    if (!(TIMER_KEYS as readonly string[]).includes(key)) fail(`unknown timer: the timers are ${list(TIMER_KEYS)}`, `timers.${key}`);
  }
  for (const key of TIMER_KEYS) {
    if (value[key] === undefined) fail('missing timer', `timers.${key}`);
  }
  return {
    contactWithin: length(value.contactWithin, 'timers.contactWithin', fail),
    homeVisitReminderBefore: length(value.homeVisitReminderBefore, 'timers.homeVisitReminderBefore', fail),
    provisionalReplyAfter: length(value.provisionalReplyAfter, 'timers.provisionalReplyAfter', fail),
    appealWindow: parseAppealWindow(value.appealWindow, fail),
    reEvaluationEvery: length(value.reEvaluationEvery, 'timers.reEvaluationEvery', fail),
    expiryNoticeBefore: length(value.expiryNoticeBefore, 'timers.expiryNoticeBefore', fail),
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
    statsforvalteren: length(value.statsforvalteren, `${key}.statsforvalteren`, fail),
    klagenemnd: length(value.klagenemnd, `${key}.klagenemnd`, fail),
  };
}
