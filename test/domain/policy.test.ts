import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../config/policy';
import { parsePolicy, parsePolicyText, PolicyError } from '../../domain/policy/policy';

const FILE = '/x/p.json';

type MunicipalityJson = { [key: string]: unknown; office: Record<string, unknown>; timers: Record<string, unknown> };
type PolicyJson = { [key: string]: unknown; municipalities: { [id: string]: unknown; namsos: MunicipalityJson } };

/** A fresh, valid policy file's JSON (the contract's example), to break one thing at a time. */
function validJson(): PolicyJson {
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

function refusal(json: unknown): PolicyError {
  try {
    parsePolicy(json, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError);
    const policyError = error as PolicyError;
    expect(policyError.message).not.toContain('\n');
    expect(policyError.file).toBe(FILE);
    return policyError;
  }
  throw new Error('the policy was accepted');
}

describe('parsePolicy accepts the contract’s format', () => {
  it('parses the contract’s example into lengths, keyed by id', () => {
    const policy = parsePolicy(validJson(), FILE);
    expect(policy.municipalities.namsos).toEqual({
      id: 'namsos',
      name: 'Namsos kommune',
      office: { name: 'Brukerkontoret', phone: '95 98 81 35', hours: 'Mandag–fredag 10.00–14.00', address: 'Abel Meyers gate 10, Namsos' },
      // Left out of the file: the appeal bodies' plain names, and 7 days by post.
      appealBodies: { statsforvalteren: { name: 'Statsforvalteren' }, klagenemnd: { name: 'den kommunale klagenemnda' } },
      timers: {
        contactWithin: { amount: 1, unit: 'week' },
        homeVisitReminderBefore: { amount: 1, unit: 'day' },
        provisionalReplyAfter: { amount: 4, unit: 'week' },
        appealWindow: { statsforvalteren: { amount: 4, unit: 'week' }, klagenemnd: { amount: 3, unit: 'week' } },
        reEvaluationEvery: { amount: 6, unit: 'month' },
        expiryNoticeBefore: { amount: 4, unit: 'week' },
        presumedPostalDelivery: { amount: 7, unit: 'day' },
      },
    });
  });

  it('applies one appealWindow length to both appeal bodies', () => {
    const json = validJson();
    json.municipalities.namsos.timers.appealWindow = '1 month';
    expect(parsePolicy(json, FILE).municipalities.namsos!.timers.appealWindow).toEqual({
      statsforvalteren: { amount: 1, unit: 'month' },
      klagenemnd: { amount: 1, unit: 'month' },
    });
  });

  it('takes plain durations, so a demonstration runs in seconds', () => {
    const json = validJson();
    json.municipalities.namsos.timers.provisionalReplyAfter = '30 seconds';
    json.municipalities.namsos.timers.contactWithin = '1 minute';
    const timers = parsePolicy(json, FILE).municipalities.namsos!.timers;
    expect(timers.provisionalReplyAfter).toEqual({ amount: 30, unit: 'second' });
    expect(timers.contactWithin).toEqual({ amount: 1, unit: 'minute' });
  });

  it('keeps an optional office e-mail', () => {
    const json = validJson();
    json.municipalities.namsos.office.email = 'postmottak@namsos.kommune.no';
    expect(parsePolicy(json, FILE).municipalities.namsos!.office.email).toBe('postmottak@namsos.kommune.no');
  });
});

describe('parsePolicy refuses, naming the file, the municipality and the key', () => {
  it('an unknown unit', () => {
    const json = validJson();
    json.municipalities.namsos.timers.appealWindow = { statsforvalteren: '4 weeks', klagenemnd: '3 weks' };
    const error = refusal(json);
    expect(error).toMatchObject({ municipality: 'namsos', key: 'timers.appealWindow.klagenemnd' });
    expect(error.message).toMatch(/^Policy file \/x\/p\.json: municipality "namsos": timers\.appealWindow\.klagenemnd: "3 weks" has an unknown unit/);
  });

  it('a length that is not "<whole number> <unit>"', () => {
    for (const bad of ['four weeks', '4', '-1 week', '1.5 weeks', '0 days']) {
      const json = validJson();
      json.municipalities.namsos.timers.contactWithin = bad;
      expect(refusal(json), bad).toMatchObject({ municipality: 'namsos', key: 'timers.contactWithin' });
    }
    const json = validJson();
    json.municipalities.namsos.timers.contactWithin = 7;
    expect(refusal(json).message).toContain('timers.contactWithin: must be a length such as "4 weeks", not number 7');
  });

  it('an unknown timer', () => {
    const json = validJson();
    json.municipalities.namsos.timers.answerWithin = '2 weeks';
    const error = refusal(json);
    expect(error).toMatchObject({ municipality: 'namsos', key: 'timers.answerWithin' });
    expect(error.message).toContain('Policy file /x/p.json: municipality "namsos": timers.answerWithin: unknown timer');
  });

  it('a missing timer', () => {
    const json = validJson();
    delete json.municipalities.namsos.timers.expiryNoticeBefore;
    const error = refusal(json);
    expect(error).toMatchObject({ municipality: 'namsos', key: 'timers.expiryNoticeBefore' });
    expect(error.message).toBe('Policy file /x/p.json: municipality "namsos": timers.expiryNoticeBefore: missing timer');
  });

  it('an appealWindow with an unknown or a missing appeal body', () => {
    const unknown = validJson();
    unknown.municipalities.namsos.timers.appealWindow = { statsforvalteren: '4 weeks', klagenemnd: '3 weeks', fylkesmannen: '3 weeks' };
    expect(refusal(unknown)).toMatchObject({ municipality: 'namsos', key: 'timers.appealWindow.fylkesmannen' });
    expect(refusal(unknown).message).toContain('unknown appeal body');

    const missing = validJson();
    missing.municipalities.namsos.timers.appealWindow = { statsforvalteren: '4 weeks' };
    expect(refusal(missing)).toMatchObject({ municipality: 'namsos', key: 'timers.appealWindow.klagenemnd' });

    const wrongType = validJson();
    wrongType.municipalities.namsos.timers.appealWindow = ['4 weeks'];
    expect(refusal(wrongType)).toMatchObject({ municipality: 'namsos', key: 'timers.appealWindow' });
  });

  it('a missing or empty office detail, or a bad e-mail', () => {
    const missing = validJson();
    delete missing.municipalities.namsos.office.phone;
    expect(refusal(missing)).toMatchObject({ municipality: 'namsos', key: 'office.phone' });

    const empty = validJson();
    empty.municipalities.namsos.office.hours = '  ';
    expect(refusal(empty)).toMatchObject({ municipality: 'namsos', key: 'office.hours' });

    const email = validJson();
    email.municipalities.namsos.office.email = 'brukerkontoret';
    expect(refusal(email)).toMatchObject({ municipality: 'namsos', key: 'office.email' });

    const extra = validJson();
    extra.municipalities.namsos.office.adress = 'Abel Meyers gate 10';
    expect(refusal(extra)).toMatchObject({ municipality: 'namsos', key: 'office.adress' });
  });

  it('a municipality without a name, with an unknown key, not an object, or with a bad id', () => {
    const noName = validJson();
    delete noName.municipalities.namsos.name;
    expect(refusal(noName)).toMatchObject({ municipality: 'namsos', key: 'name' });

    const extra = validJson();
    extra.municipalities.namsos.klagefrist = '3 uker';
    expect(refusal(extra)).toMatchObject({ municipality: 'namsos', key: 'klagefrist' });

    const notObject = validJson();
    notObject.municipalities.luroy = 'Lurøy kommune';
    expect(refusal(notObject)).toMatchObject({ municipality: 'luroy' });

    const badId = validJson();
    badId.municipalities['Nordre Land'] = validJson().municipalities.namsos;
    expect(refusal(badId)).toMatchObject({ municipality: 'Nordre Land' });
  });

  it('a file without municipalities, with none, or with another top-level key', () => {
    expect(refusal({}).key).toBe('municipalities');
    expect(refusal({ municipalities: {} }).key).toBe('municipalities');
    expect(refusal({ municipalities: [] }).key).toBe('municipalities');
    expect(refusal({ ...validJson(), defaults: {} }).key).toBe('defaults');
    expect(refusal([]).message).toMatch(/^Policy file \/x\/p\.json: must hold a JSON object/);
    expect(refusal(null).municipality).toBeUndefined();
  });
});

describe('letters through the national infrastructure in the policy', () => {
  it('takes timers.unreadToPrint, leaves it out when the file does, and refuses one that is not a length', () => {
    const json = validJson();
    expect(parsePolicy(json, FILE).municipalities.namsos!.timers.unreadToPrint).toBeUndefined();
    json.municipalities.namsos.timers.unreadToPrint = '40 hours';
    expect(parsePolicy(json, FILE).municipalities.namsos!.timers.unreadToPrint).toEqual({ amount: 40, unit: 'hour' });
    json.municipalities.namsos.timers.unreadToPrint = 'a while';
    expect(refusal(json)).toMatchObject({ municipality: 'namsos', key: 'timers.unreadToPrint' });
  });
});

describe('appeal rights in the policy', () => {
  it('takes the office\'s postal address, the appeal bodies\' names and the presumed postal delivery', () => {
    const json = validJson();
    json.municipalities.namsos.office.postalAddress = 'Namsos kommune, Stavarvegen 2, 7856 Jøa';
    json.municipalities.namsos.appealBodies = { statsforvalteren: { name: 'Statsforvalteren i Trøndelag' }, klagenemnd: { name: 'klageutvalget' } };
    json.municipalities.namsos.timers.presumedPostalDelivery = '3 days';
    const namsos = parsePolicy(json, FILE).municipalities.namsos!;
    expect(namsos.office.postalAddress).toBe('Namsos kommune, Stavarvegen 2, 7856 Jøa');
    expect(namsos.appealBodies).toEqual({ statsforvalteren: { name: 'Statsforvalteren i Trøndelag' }, klagenemnd: { name: 'klageutvalget' } });
    expect(namsos.timers.presumedPostalDelivery).toEqual({ amount: 3, unit: 'day' });
  });

  it('refuses a bad appeal body name or postal delivery, naming the key', () => {
    const unknown = validJson();
    unknown.municipalities.namsos.appealBodies = { fylkesmannen: { name: 'Fylkesmannen' } };
    expect(refusal(unknown)).toMatchObject({ municipality: 'namsos', key: 'appealBodies.fylkesmannen' });
    const empty = validJson();
    empty.municipalities.namsos.appealBodies = { klagenemnd: { name: ' ' } };
    expect(refusal(empty)).toMatchObject({ municipality: 'namsos', key: 'appealBodies.klagenemnd.name' });
    const postal = validJson();
    postal.municipalities.namsos.timers.presumedPostalDelivery = 'a week';
    expect(refusal(postal)).toMatchObject({ municipality: 'namsos', key: 'timers.presumedPostalDelivery' });
  });

  it('refuses appeal periods shorter than the law\'s and a provisional reply later than one month', () => {
    const cases: [string, unknown, string][] = [
      ['timers.appealWindow.statsforvalteren', { statsforvalteren: '3 weeks', klagenemnd: '3 weeks' }, 'pasient- og brukerrettighetsloven § 7-5'],
      ['timers.appealWindow.statsforvalteren', { statsforvalteren: '27 days', klagenemnd: '3 weeks' }, 'pasient- og brukerrettighetsloven § 7-5'],
      ['timers.appealWindow.klagenemnd', { statsforvalteren: '4 weeks', klagenemnd: '2 weeks' }, 'forvaltningsloven § 29'],
      ['timers.appealWindow.klagenemnd', { statsforvalteren: '4 weeks', klagenemnd: '20 days' }, 'forvaltningsloven § 29'],
      ['timers.appealWindow', '3 weeks', 'pasient- og brukerrettighetsloven § 7-5'],
    ];
    for (const [key, appealWindow, law] of cases) {
      const json = validJson();
      json.municipalities.namsos.timers.appealWindow = appealWindow;
      const error = refusal(json);
      expect(error, JSON.stringify(appealWindow)).toMatchObject({ municipality: 'namsos', key });
      expect(error.message).toContain('Policy file /x/p.json: municipality "namsos"');
      expect(error.message).toContain(law);
    }
    for (const late of ['3 months', '5 weeks', '29 days', '2 months']) {
      const json = validJson();
      json.municipalities.namsos.timers.provisionalReplyAfter = late;
      const error = refusal(json);
      expect(error, late).toMatchObject({ municipality: 'namsos', key: 'timers.provisionalReplyAfter' });
      expect(error.message).toContain('forvaltningsloven § 11 a');
    }
  });

  it('allows the law\'s own lengths and longer appeal periods, and plain durations for demonstrations', () => {
    for (const [statsforvalteren, klagenemnd, provisional] of [
      ['4 weeks', '3 weeks', '4 weeks'],
      ['1 month', '21 days', '1 month'],
      ['28 days', '1 month', '28 days'],
      ['4 seconds', '3 seconds', '40 seconds'],
      ['2 hours', '1 minute', '2 hours'],
    ]) {
      const json = validJson();
      json.municipalities.namsos.timers.appealWindow = { statsforvalteren, klagenemnd };
      json.municipalities.namsos.timers.provisionalReplyAfter = provisional;
      expect(() => parsePolicy(json, FILE), `${statsforvalteren} ${klagenemnd} ${provisional}`).not.toThrow();
    }
  });
});

describe('parsePolicyText', () => {
  it('refuses malformed JSON, naming the file, on one line', () => {
    const text = '{ "municipalities": { "namsos": { "name": "Namsos kommune", } }';
    expect(() => parsePolicyText(text, FILE)).toThrow(PolicyError);
    try {
      parsePolicyText(text, FILE);
    } catch (error) {
      expect((error as PolicyError).file).toBe(FILE);
      expect((error as PolicyError).message).toMatch(/^Policy file \/x\/p\.json: not valid JSON: /);
      expect((error as PolicyError).message).not.toContain('\n');
    }
  });

  it('parses a valid text, with or without a byte-order mark', () => {
    const text = JSON.stringify(validJson());
    expect(Object.keys(parsePolicyText(text, FILE).municipalities)).toEqual(['namsos']);
    expect(Object.keys(parsePolicyText(`\uFEFF${text}`, FILE).municipalities)).toEqual(['namsos']);
  });
});

describe('loadPolicy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the built-in policy with the three municipalities of the source material', () => {
    const policy = loadPolicy();
    expect(Object.keys(policy.municipalities)).toEqual(expect.arrayContaining(['namsos', 'luroy', 'nordre-land']));
    expect(policy.municipalities.namsos).toMatchObject({
      id: 'namsos',
      name: 'Namsos kommune',
      office: {
        name: 'Brukerkontoret',
        phone: '95 98 81 35',
        hours: 'Mandag–fredag 10.00–14.00',
        address: 'Abel Meyers gate 10, Namsos (inngang mot Namsos kirke)',
        postalAddress: 'Namsos kommune, Stavarvegen 2, 7856 Jøa',
      },
      appealBodies: { statsforvalteren: { name: 'Statsforvalteren i Trøndelag' }, klagenemnd: { name: 'klageutvalget' } },
    });
    expect(policy.municipalities.luroy).toMatchObject({
      name: 'Lurøy kommune',
      office: { name: 'Tildelingskontoret', hours: 'Mandag–fredag 09.00–15.00', postalAddress: 'Lurøy kommune, Rådhuset, Onøyveien 14, 8766 Lurøy' },
      appealBodies: { statsforvalteren: { name: 'Statsforvalteren i Nordland' } },
    });
    expect(policy.municipalities['nordre-land']).toMatchObject({
      name: 'Nordre Land kommune',
      office: {
        name: 'Tildeling og koordinering',
        phone: '468 78 779',
        hours: 'Mandag–onsdag og fredag 10.00–14.00',
        postalAddress: 'Nordre Land kommune, Postboks 173, 2882 Dokka',
      },
      appealBodies: { statsforvalteren: { name: 'Statsforvalteren i Innlandet' } },
    });
    for (const municipality of Object.values(policy.municipalities)) {
      expect(municipality.office.phone, municipality.id).toMatch(/^\d{2} \d{2} \d{2} \d{2}$|^\d{3} \d{2} \d{3}$/);
      // The law's periods: fvl § 29 (3 weeks) for the klagenemnd, pbrl § 7-5 (4 weeks) for Statsforvalteren.
      expect(municipality.timers).toEqual({
        contactWithin: { amount: 1, unit: 'week' },
        homeVisitReminderBefore: { amount: 1, unit: 'day' },
        provisionalReplyAfter: { amount: 4, unit: 'week' },
        appealWindow: { statsforvalteren: { amount: 4, unit: 'week' }, klagenemnd: { amount: 3, unit: 'week' } },
        reEvaluationEvery: { amount: 6, unit: 'month' },
        expiryNoticeBefore: { amount: 4, unit: 'week' },
        presumedPostalDelivery: { amount: 7, unit: 'day' },
      });
    }
    expect(loadPolicy(DEFAULT_POLICY_FILE)).toEqual(policy);
  });

  it('loads a given file', () => {
    const file = join(dir, 'demo.json');
    const json = validJson();
    json.municipalities.namsos.timers.provisionalReplyAfter = '20 seconds';
    writeFileSync(file, JSON.stringify(json));
    expect(loadPolicy(file).municipalities.namsos!.timers.provisionalReplyAfter).toEqual({ amount: 20, unit: 'second' });
  });

  it('refuses a file that cannot be read, naming it', () => {
    const file = join(dir, 'missing.json');
    expect(() => loadPolicy(file)).toThrow(PolicyError);
    expect(() => loadPolicy(file)).toThrow(`Policy file ${file}: cannot be read`);
  });

  it('refuses a malformed file, naming it', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "municipalities": ');
    expect(() => loadPolicy(file)).toThrow(`Policy file ${file}: not valid JSON`);
  });

  it('refuses a file with a bad timer, naming the file, the municipality and the key', () => {
    const file = join(dir, 'bad-unit.json');
    const json = validJson();
    json.municipalities.namsos.timers.reEvaluationEvery = '6 mnd';
    writeFileSync(file, JSON.stringify(json));
    expect(() => loadPolicy(file)).toThrow(`Policy file ${file}: municipality "namsos": timers.reEvaluationEvery: "6 mnd" has an unknown unit`);
  });
});
