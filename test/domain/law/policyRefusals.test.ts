// Every way a policy file can be wrong, each refused with the one line an operator reads: the file,
// the municipality, the key and what is wrong, written out in full here. And the law's own limits:
// no policy gives an applicant less than the appeal periods of pbrl § 7-5 and fvl § 29, nor the
// office more than the month of fvl § 11 a for a provisional reply.
import { describe, expect, it } from 'vitest';
import { parsePolicy, parsePolicyText, PolicyError } from '../../../domain/policy/policy';

const FILE = '/etc/policy.json';

function valid(): { municipalities: Record<string, Record<string, unknown>> } {
  return {
    municipalities: {
      namsos: {
        name: 'Namsos kommune',
        office: { name: 'Brukerkontoret', phone: '95 98 81 35', hours: 'Mandag–fredag 10.00–14.00', address: 'Abel Meyers gate 10, Namsos' },
        timers: {
          contactWithin: '1 week',
          homeVisitReminderBefore: '1 day',
          provisionalReplyAfter: '4 weeks',
          appealWindow: { statsforvalteren: '4 weeks', klagenemnd: '3 weeks' },
          reEvaluationEvery: '6 months',
          expiryNoticeBefore: '4 weeks',
        },
      },
    },
  };
}

/** The policy with one change to Namsos (a key set to undefined is removed). */
function namsosWith(change: (m: Record<string, unknown>) => void): unknown {
  const json = valid();
  change(json.municipalities.namsos!);
  return JSON.parse(JSON.stringify(json));
}

function refusal(json: unknown): PolicyError {
  try {
    parsePolicy(json, FILE);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    return error;
  }
  throw new Error('expected the policy to be refused');
}

const office = (m: Record<string, unknown>) => m.office as Record<string, unknown>;
const timers = (m: Record<string, unknown>) => m.timers as Record<string, unknown>;

describe('a policy file refused, with where and why', () => {
  it('names itself as a PolicyError, with the file, municipality and key apart', () => {
    const error = refusal(namsosWith((m) => (office(m).email = 'post@namsos')));
    expect(error.name).toBe('PolicyError');
    expect(error.message).toBe('Policy file /etc/policy.json: municipality "namsos": office.email: "post@namsos" is not an e-mail address');
    expect([error.file, error.municipality, error.key, error.problem]).toEqual([FILE, 'namsos', 'office.email', '"post@namsos" is not an e-mail address']);
  });

  it('has no municipality or key where the fault is the file’s own', () => {
    const error = refusal([]);
    expect(error.message).toBe('Policy file /etc/policy.json: must hold a JSON object with "municipalities", not an array');
    expect(error.municipality).toBeUndefined();
    expect(error.key).toBeUndefined();
    const municipal = refusal(namsosWith((m) => (m.colour = 'blue')));
    expect([municipal.municipality, municipal.key]).toEqual(['namsos', 'colour']);
    const noKey = refusal({ municipalities: { Namsos: valid().municipalities.namsos } });
    expect(noKey.municipality).toBe('Namsos');
    expect(noKey.key).toBeUndefined();
  });

  it('puts a message with line breaks on one line', () => {
    expect(refusal(namsosWith((m) => (timers(m).contactWithin = '1 \n\n  fortnight'))).message).toBe(
      'Policy file /etc/policy.json: municipality "namsos": timers.contactWithin: "1 fortnight" has an unknown unit: use one of second(s), minute(s), hour(s), day(s), week(s), month(s)'.replace(
        '"1 fortnight"',
        '"1 \n\n  fortnight"',
      ).replace(/\s*\n+\s*/g, ' '),
    );
    expect(new PolicyError('f', 'one\r\n  two \n three').message).toBe('Policy file f: one two three');
    expect(new PolicyError('f', 'a\nb').message).toBe('Policy file f: a b');
  });

  const cases: [string, unknown, string][] = [
    ['not an object', 'x', 'must hold a JSON object with "municipalities", not "x"'],
    ['null', null, 'must hold a JSON object with "municipalities", not null'],
    ['a number', 7, 'must hold a JSON object with "municipalities", not number 7'],
    ['an unknown key', { ...valid(), version: 2 }, 'version: unknown key: the file holds only "municipalities"'],
    ['no municipalities', {}, 'municipalities: missing: the file must list its municipalities'],
    ['municipalities as a list', { municipalities: [] }, 'municipalities: must be an object keyed by municipality id, not an array'],
    ['municipalities as text', { municipalities: 'namsos' }, 'municipalities: must be an object keyed by municipality id, not "namsos"'],
    ['no municipality', { municipalities: {} }, 'municipalities: lists no municipality'],
    ['a bad id', { municipalities: { 'nordre--land': valid().municipalities.namsos } }, 'municipality "nordre--land": the id must be lower-case letters, digits and single hyphens, e.g. "nordre-land"'],
    ['an id ending in a hyphen', { municipalities: { 'namsos-': valid().municipalities.namsos } }, 'municipality "namsos-": the id must be lower-case letters, digits and single hyphens, e.g. "nordre-land"'],
    ['an id with something before', { municipalities: { ' namsos': valid().municipalities.namsos } }, 'municipality " namsos": the id must be lower-case letters, digits and single hyphens, e.g. "nordre-land"'],
    ['a municipality as a list', { municipalities: { namsos: [] } }, 'municipality "namsos": must be an object with name, office, appealBodies, timers, coSignDecisions, not an array'],
    ['a municipality as null', { municipalities: { namsos: null } }, 'municipality "namsos": must be an object with name, office, appealBodies, timers, coSignDecisions, not null'],
    ['an unknown municipality key', namsosWith((m) => (m.colour = 'blue')), 'municipality "namsos": colour: unknown key: a municipality has name, office, appealBodies, timers, coSignDecisions'],
    ['a co-signer setting that is not true or false', namsosWith((m) => (m.coSignDecisions = 'yes')), 'municipality "namsos": coSignDecisions: must be true or false, not "yes"'],
    ['no name', namsosWith((m) => delete m.name), 'municipality "namsos": name: missing'],
    ['no office', namsosWith((m) => delete m.office), 'municipality "namsos": office: missing'],
    ['no timers', namsosWith((m) => delete m.timers), 'municipality "namsos": timers: missing'],
    ['an empty name', namsosWith((m) => (m.name = '  ')), 'municipality "namsos": name: must be a non-empty string, not "  "'],
    ['a name as a number', namsosWith((m) => (m.name = 5)), 'municipality "namsos": name: must be a non-empty string, not number 5'],
    ['an office as text', namsosWith((m) => (m.office = 'x')), 'municipality "namsos": office: must be an object with name, phone, hours, address, postalAddress, email, not "x"'],
    ['an unknown office key', namsosWith((m) => (office(m).fax = '1')), 'municipality "namsos": office.fax: unknown key: an office has name, phone, hours, address, postalAddress, email'],
    ['no office name', namsosWith((m) => delete office(m).name), 'municipality "namsos": office.name: missing'],
    ['no office phone', namsosWith((m) => delete office(m).phone), 'municipality "namsos": office.phone: missing'],
    ['no office hours', namsosWith((m) => delete office(m).hours), 'municipality "namsos": office.hours: missing'],
    ['no office address', namsosWith((m) => delete office(m).address), 'municipality "namsos": office.address: missing'],
    ['an empty office name', namsosWith((m) => (office(m).name = '')), 'municipality "namsos": office.name: must be a non-empty string, not ""'],
    ['an empty phone', namsosWith((m) => (office(m).phone = '')), 'municipality "namsos": office.phone: must be a non-empty string, not ""'],
    ['empty hours', namsosWith((m) => (office(m).hours = '')), 'municipality "namsos": office.hours: must be a non-empty string, not ""'],
    ['an empty address', namsosWith((m) => (office(m).address = '')), 'municipality "namsos": office.address: must be a non-empty string, not ""'],
    ['an empty postal address', namsosWith((m) => (office(m).postalAddress = '')), 'municipality "namsos": office.postalAddress: must be a non-empty string, not ""'],
    ['an e-mail as an object', namsosWith((m) => (office(m).email = {})), 'municipality "namsos": office.email: must be a non-empty string, not an object'],
    ['an e-mail with text after', namsosWith((m) => (office(m).email = 'post@namsos.kommune.no and more')), 'municipality "namsos": office.email: "post@namsos.kommune.no and more" is not an e-mail address'],
    ['an e-mail with text before', namsosWith((m) => (office(m).email = 'to: post@namsos.kommune.no')), 'municipality "namsos": office.email: "to: post@namsos.kommune.no" is not an e-mail address'],
    ['timers as a list', namsosWith((m) => (m.timers = [])), 'municipality "namsos": timers: must be an object with contactWithin, homeVisitReminderBefore, provisionalReplyAfter, appealWindow, reEvaluationEvery, expiryNoticeBefore, presumedPostalDelivery, unreadToPrint, commentPeriod, not an array'],
    ['an unknown timer', namsosWith((m) => (timers(m).sleep = '1 day')), 'municipality "namsos": timers.sleep: unknown timer: the timers are contactWithin, homeVisitReminderBefore, provisionalReplyAfter, appealWindow, reEvaluationEvery, expiryNoticeBefore, presumedPostalDelivery, unreadToPrint, commentPeriod'],
    ['a timer missing', namsosWith((m) => delete timers(m).reEvaluationEvery), 'municipality "namsos": timers.reEvaluationEvery: missing timer'],
    ['a timer as a number', namsosWith((m) => (timers(m).contactWithin = 7)), 'municipality "namsos": timers.contactWithin: must be a length such as "4 weeks", not number 7'],
    ['a bad reminder', namsosWith((m) => (timers(m).homeVisitReminderBefore = 'soon')), 'municipality "namsos": timers.homeVisitReminderBefore: "soon" is not a length: write "<whole number> <unit>", e.g. "4 weeks"'],
    ['a bad provisional reply', namsosWith((m) => (timers(m).provisionalReplyAfter = 'soon')), 'municipality "namsos": timers.provisionalReplyAfter: "soon" is not a length: write "<whole number> <unit>", e.g. "4 weeks"'],
    ['a bad re-evaluation', namsosWith((m) => (timers(m).reEvaluationEvery = 'soon')), 'municipality "namsos": timers.reEvaluationEvery: "soon" is not a length: write "<whole number> <unit>", e.g. "4 weeks"'],
    ['a bad expiry notice', namsosWith((m) => (timers(m).expiryNoticeBefore = 'soon')), 'municipality "namsos": timers.expiryNoticeBefore: "soon" is not a length: write "<whole number> <unit>", e.g. "4 weeks"'],
    ['a bad postal delivery', namsosWith((m) => (timers(m).presumedPostalDelivery = 'soon')), 'municipality "namsos": timers.presumedPostalDelivery: "soon" is not a length: write "<whole number> <unit>", e.g. "4 weeks"'],
    ['an appeal window as a number', namsosWith((m) => (timers(m).appealWindow = 28)), 'municipality "namsos": timers.appealWindow: must be one length, or an object with statsforvalteren, klagenemnd, not number 28'],
    ['an unknown appeal body', namsosWith((m) => (timers(m).appealWindow = { statsforvalteren: '4 weeks', klagenemnd: '3 weeks', court: '1 week' })), 'municipality "namsos": timers.appealWindow.court: unknown appeal body: use statsforvalteren, klagenemnd'],
    ['a body without its window', namsosWith((m) => (timers(m).appealWindow = { statsforvalteren: '4 weeks' })), 'municipality "namsos": timers.appealWindow.klagenemnd: missing: give a length for each appeal body, or one length for both'],
    ['the other body without its window', namsosWith((m) => (timers(m).appealWindow = { klagenemnd: '3 weeks' })), 'municipality "namsos": timers.appealWindow.statsforvalteren: missing: give a length for each appeal body, or one length for both'],
    ['a bad window for Statsforvalteren', namsosWith((m) => (timers(m).appealWindow = { statsforvalteren: 'x', klagenemnd: '3 weeks' })), 'municipality "namsos": timers.appealWindow.statsforvalteren: "x" is not a length: write "<whole number> <unit>", e.g. "4 weeks"'],
    ['a bad window for the board', namsosWith((m) => (timers(m).appealWindow = { statsforvalteren: '4 weeks', klagenemnd: 'x' })), 'municipality "namsos": timers.appealWindow.klagenemnd: "x" is not a length: write "<whole number> <unit>", e.g. "4 weeks"'],
    ['appeal bodies as text', namsosWith((m) => (m.appealBodies = 'x')), 'municipality "namsos": appealBodies: must be an object with statsforvalteren, klagenemnd, not "x"'],
    ['an unknown named body', namsosWith((m) => (m.appealBodies = { court: { name: 'Retten' } })), 'municipality "namsos": appealBodies.court: unknown appeal body: use statsforvalteren, klagenemnd'],
    ['a body named by text', namsosWith((m) => (m.appealBodies = { klagenemnd: 'Klagenemnda' })), 'municipality "namsos": appealBodies.klagenemnd: must be an object with name, not "Klagenemnda"'],
    ['a body with another key', namsosWith((m) => (m.appealBodies = { klagenemnd: { name: 'Klagenemnda', phone: '1' } })), 'municipality "namsos": appealBodies.klagenemnd.phone: unknown key: an appeal body has name'],
    ['a body with an empty name', namsosWith((m) => (m.appealBodies = { statsforvalteren: { name: ' ' } })), 'municipality "namsos": appealBodies.statsforvalteren.name: must be a non-empty string, not " "'],
  ];
  for (const [label, json, where] of cases) {
    it(label, () => {
      expect(refusal(json).message).toBe(`Policy file /etc/policy.json: ${where}`);
    });
  }
});

describe('the law’s limits on a policy', () => {
  const withTimer = (key: string, value: unknown) => namsosWith((m) => (timers(m)[key] = value));
  const ok = (json: unknown) => parsePolicy(json, FILE).municipalities.namsos!.timers;

  it('an appeal period no shorter than 4 weeks for Statsforvalteren and 3 for the board', () => {
    expect(ok(withTimer('appealWindow', { statsforvalteren: '28 days', klagenemnd: '21 days' })).appealWindow).toEqual({
      statsforvalteren: { amount: 28, unit: 'day' },
      klagenemnd: { amount: 21, unit: 'day' },
    });
    expect(refusal(withTimer('appealWindow', { statsforvalteren: '27 days', klagenemnd: '3 weeks' })).message).toBe(
      'Policy file /etc/policy.json: municipality "namsos": timers.appealWindow.statsforvalteren: 27 day(s) is shorter than the law allows: pasient- og brukerrettighetsloven § 7-5 gives 4 weeks',
    );
    expect(refusal(withTimer('appealWindow', { statsforvalteren: '4 weeks', klagenemnd: '2 weeks' })).message).toBe(
      'Policy file /etc/policy.json: municipality "namsos": timers.appealWindow.klagenemnd: 2 week(s) is shorter than the law allows: forvaltningsloven § 29 gives 3 weeks',
    );
    // A month is never shorter than 28 days.
    expect(ok(withTimer('appealWindow', { statsforvalteren: '1 month', klagenemnd: '1 month' })).appealWindow.statsforvalteren).toEqual({ amount: 1, unit: 'month' });
    // Plain durations are for demonstrations: not compared.
    expect(ok(withTimer('appealWindow', { statsforvalteren: '30 seconds', klagenemnd: '20 seconds' })).appealWindow.klagenemnd).toEqual({ amount: 20, unit: 'second' });
  });

  it('one length for both bodies must meet the longer period', () => {
    expect(ok(withTimer('appealWindow', '4 weeks')).appealWindow).toEqual({ statsforvalteren: { amount: 4, unit: 'week' }, klagenemnd: { amount: 4, unit: 'week' } });
    expect(refusal(withTimer('appealWindow', '27 days')).message).toBe(
      'Policy file /etc/policy.json: municipality "namsos": timers.appealWindow: 27 day(s) is shorter than the law allows for Statsforvalteren: pasient- og brukerrettighetsloven § 7-5 gives 4 weeks',
    );
    expect(ok(withTimer('appealWindow', '10 seconds')).appealWindow.statsforvalteren).toEqual({ amount: 10, unit: 'second' });
    expect(refusal(withTimer('appealWindow', 'x')).message).toBe(
      'Policy file /etc/policy.json: municipality "namsos": timers.appealWindow: "x" is not a length: write "<whole number> <unit>", e.g. "4 weeks"',
    );
  });

  it('a provisional reply within one month: 28 days or 4 weeks or 1 month, no more', () => {
    expect(ok(withTimer('provisionalReplyAfter', '28 days')).provisionalReplyAfter).toEqual({ amount: 28, unit: 'day' });
    expect(ok(withTimer('provisionalReplyAfter', '1 month')).provisionalReplyAfter).toEqual({ amount: 1, unit: 'month' });
    expect(refusal(withTimer('provisionalReplyAfter', '29 days')).message).toBe(
      'Policy file /etc/policy.json: municipality "namsos": timers.provisionalReplyAfter: 29 day(s) is longer than the law allows: forvaltningsloven § 11 a requires a provisional reply within one month',
    );
    expect(refusal(withTimer('provisionalReplyAfter', '5 weeks')).message).toMatch(/5 week\(s\) is longer than the law allows/);
    expect(refusal(withTimer('provisionalReplyAfter', '2 months')).message).toMatch(/2 month\(s\) is longer than the law allows/);
  });

  it('a letter by post is presumed to arrive after 7 days unless the file says', () => {
    expect(ok(valid()).presumedPostalDelivery).toEqual({ amount: 7, unit: 'day' });
    expect(ok(withTimer('presumedPostalDelivery', '3 days')).presumedPostalDelivery).toEqual({ amount: 3, unit: 'day' });
  });

  it('letters call the appeal bodies by their own names unless the file names them (trimmed)', () => {
    const bodies = (json: unknown) => parsePolicy(json, FILE).municipalities.namsos!.appealBodies;
    expect(bodies(valid())).toEqual({ statsforvalteren: { name: 'Statsforvalteren' }, klagenemnd: { name: 'den kommunale klagenemnda' } });
    expect(bodies(namsosWith((m) => (m.appealBodies = { klagenemnd: { name: ' Klagenemnda i Namsos ' } })))).toEqual({
      statsforvalteren: { name: 'Statsforvalteren' },
      klagenemnd: { name: 'Klagenemnda i Namsos' },
    });
  });

  it('reads an office with its optional postal address and e-mail', () => {
    const read = parsePolicy(
      namsosWith((m) => Object.assign(office(m), { postalAddress: 'Postboks 333, 7801 Namsos', email: 'postmottak@namsos.kommune.no' })),
      FILE,
    ).municipalities.namsos!;
    expect(read.office).toEqual({
      name: 'Brukerkontoret',
      phone: '95 98 81 35',
      hours: 'Mandag–fredag 10.00–14.00',
      address: 'Abel Meyers gate 10, Namsos',
      postalAddress: 'Postboks 333, 7801 Namsos',
      email: 'postmottak@namsos.kommune.no',
    });
    expect(read.name).toBe('Namsos kommune');
    expect(read.id).toBe('namsos');
  });
});

describe('the text of a policy file', () => {
  it('may start with a byte-order mark, only at the start', () => {
    expect(Object.keys(parsePolicyText(`\uFEFF${JSON.stringify(valid())}`, FILE).municipalities)).toEqual(['namsos']);
    expect(refusal2(`{"municipalities": \uFEFF{}}`)).toMatch(/^Policy file \/etc\/policy.json: not valid JSON: /);
  });

  it('bad JSON is a PolicyError naming the file', () => {
    expect(refusal2('{')).toMatch(/^Policy file \/etc\/policy.json: not valid JSON: \S/);
  });

  function refusal2(text: string): string {
    try {
      parsePolicyText(text, FILE);
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyError);
      return (error as Error).message;
    }
    throw new Error('expected a refusal');
  }
});
