// Issuing a letter against PostgreSQL: rendered with the office's details, stored once per key,
// with one outbox row per channel, and the same answer when the activity is retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssueLetter, deliveryChannelsFor, letterIdFor } from '../../activities/letters/issueLetter';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { APPLICANT, baseView, decidedView, insertCase, municipality, NATIONAL_ID, policy, STATSFORVALTEREN_LAST_DAY } from './fixtures';

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});

afterAll(async () => {
  await tdb?.drop();
});

describe('issueLetter', () => {
  it('stores the rendered letter and its outbox rows: mailbox, SMS and e-mail for a digital applicant', async () => {
    const m = municipality('namsos');
    const view = decidedView(m, 'granted');
    await insertCase(tdb.db, view);
    const issueLetter = createIssueLetter({ db: tdb.db, policy });

    const issued = await issueLetter({ caseId: view.id, key: 'decision-3', kind: 'decision', view });
    expect(issued).toEqual({ letterId: letterIdFor(view.id, 'decision-3'), channels: ['digital_mailbox', 'sms', 'email'] });

    const letter = await tdb.db('letters').where({ id: issued.letterId }).first();
    expect(letter).toMatchObject({ case_id: view.id, key: 'decision-3', kind: 'decision', channel: 'digital' });
    expect(letter.subject).toContain('Vedtak om hjemmesykepleie');
    expect(letter.body).toContain('Hei, Kari Nordmann');
    expect(letter.body).toContain(`senest ${STATSFORVALTEREN_LAST_DAY}`);
    expect(letter.body).toContain('Brukerkontoret');
    expect(letter.body).not.toContain(NATIONAL_ID);

    const rows = await tdb.db('letter_deliveries').where({ letter_id: issued.letterId }).orderBy('id');
    expect(rows.map((r) => [r.channel, r.status, r.attempts])).toEqual([
      ['digital_mailbox', 'pending', 0],
      ['sms', 'pending', 0],
      ['email', 'pending', 0],
    ]);
  });

  it('retried with the same key adds nothing and returns the same letter', async () => {
    const m = municipality('nordre-land');
    const view = baseView(m);
    await insertCase(tdb.db, view);
    const issueLetter = createIssueLetter({ db: tdb.db, policy });
    const input = { caseId: view.id, key: 'acknowledgement-1', kind: 'acknowledgement' as const, view };

    const first = await issueLetter(input);
    // A retry after the first attempt committed.
    const [second, third] = await Promise.all([issueLetter(input), issueLetter(input)]);
    expect(second).toEqual(first);
    expect(third).toEqual(first);

    expect(await tdb.db('letters').where({ case_id: view.id }).count({ n: '*' }).first()).toEqual({ n: '1' });
    expect(await tdb.db('letter_deliveries').where({ letter_id: first.letterId }).count({ n: '*' }).first()).toEqual({ n: '3' });

    const other = await issueLetter({ ...input, key: 'acknowledgement-2' });
    expect(other.letterId).not.toBe(first.letterId);
  });

  it('of attempts racing before any has committed, all return the same letter and one is stored', async () => {
    const m = municipality('namsos');
    const view = baseView(m);
    await insertCase(tdb.db, view);
    const issueLetter = createIssueLetter({ db: tdb.db, policy });
    // Eight attempts, the gate and the poll: the pool's ten connections. Ten rounds, since who
    // meets whom at the insert is up to PostgreSQL.
    const attempts = 8;
    for (let round = 1; round <= 10; round++) {
      const key = `acknowledgement-${round}`;
      const input = { caseId: view.id, key, kind: 'acknowledgement' as const, view };
      // Hold every insert into letters (reads still pass): each attempt finds no letter, renders it, and
      // waits at its insert on a connection of its own. Then let them all go at once.
      // The gate is the owner's: locking a table out of writes is no right the application has.
      const gate = await tdb.owner.transaction();
      let racing: Promise<PromiseSettledResult<Awaited<ReturnType<typeof issueLetter>>>[]>;
      try {
        await gate.raw('LOCK TABLE letters IN EXCLUSIVE MODE');
        racing = Promise.allSettled(Array.from({ length: attempts }, () => issueLetter(input)));
        await eventually(`${attempts} attempts waiting at their insert`, async () => {
          const { rows } = await tdb.db.raw(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE 'insert into "letters"%'`,
          );
          return rows[0].n === attempts;
        });
      } finally {
        await gate.commit();
      }
      const results = await racing;
      expect(results.filter((r) => r.status === 'rejected').map((r) => String(r.reason)), `round ${round}`).toEqual([]);
      const letterId = letterIdFor(view.id, key);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : undefined))).toEqual(
        Array.from({ length: attempts }, () => ({ letterId, channels: ['digital_mailbox', 'sms', 'email'] })),
      );
      expect(await tdb.db('letters').where({ case_id: view.id, key }).count({ n: '*' }).first()).toEqual({ n: '1' });
      expect(await tdb.db('letter_deliveries').where({ letter_id: letterId }).count({ n: '*' }).first()).toEqual({ n: '3' });
    }
  });

  it('sends a paper applicant’s letter to the print queue only', async () => {
    const m = municipality('namsos');
    const view = baseView(m, { channel: 'paper' });
    await insertCase(tdb.db, view, { channel: 'paper' });
    const issued = await createIssueLetter({ db: tdb.db, policy })({ caseId: view.id, key: 'acknowledgement-1', kind: 'acknowledgement', view });
    expect(issued.channels).toEqual(['print']);
    expect(await tdb.db('letters').where({ id: issued.letterId }).first('channel')).toEqual({ channel: 'paper' });
  });

  it('sends a notice only where there is a number or an address', () => {
    expect(deliveryChannelsFor('digital', {})).toEqual(['digital_mailbox']);
    expect(deliveryChannelsFor('digital', { phone: APPLICANT.phone })).toEqual(['digital_mailbox', 'sms']);
    expect(deliveryChannelsFor('digital', { email: APPLICANT.email })).toEqual(['digital_mailbox', 'email']);
    expect(deliveryChannelsFor('paper', { phone: APPLICANT.phone, email: APPLICANT.email })).toEqual(['print']);
  });

  it('passes the provisional reply’s reason and expected date into the letter', async () => {
    const m = municipality('namsos');
    const view = baseView(m);
    await insertCase(tdb.db, view, { applicant: { nationalId: NATIONAL_ID, name: 'Per Hansen' } });
    const issued = await createIssueLetter({ db: tdb.db, policy })({
      caseId: view.id,
      key: 'provisional_reply-2',
      kind: 'provisional_reply',
      view,
      details: { reason: 'Vi venter på epikrise fra sykehuset.', expectedDecisionBy: '2027-04-15' },
    });
    expect(issued.channels).toEqual(['digital_mailbox']);
    const letter = await tdb.db('letters').where({ id: issued.letterId }).first();
    expect(letter.body).toContain('Hei, Per Hansen');
    expect(letter.body).toContain('Vi venter på epikrise fra sykehuset.');
    expect(letter.body).toContain('senest 15. april 2027');
  });

  it('refuses, without retrying, a municipality the policy does not know', async () => {
    const m = municipality('namsos');
    const view = { ...baseView(m), municipality: 'atlantis' };
    await insertCase(tdb.db, view);
    await expect(createIssueLetter({ db: tdb.db, policy })({ caseId: view.id, key: 'a-1', kind: 'acknowledgement', view })).rejects.toMatchObject({
      nonRetryable: true,
      message: expect.stringContaining('atlantis'),
    });
  });

  it('a reset run issues its own letter for a key the old run used; each run\'s retries add nothing', async () => {
    const view = { ...decidedView(municipality('namsos'), 'granted'), id: '6a1f2c3d-0000-4000-8000-0000000000a1' };
    await insertCase(tdb.db, view);
    const issue = createIssueLetter({ db: tdb.db, policy });
    const old = await issue({ caseId: view.id, runId: 'run-a', key: 'decision-4', kind: 'decision', view });
    const corrected = await issue({ caseId: view.id, runId: 'run-b', key: 'decision-4', kind: 'decision', view });
    expect(await issue({ caseId: view.id, runId: 'run-b', key: 'decision-4', kind: 'decision', view })).toEqual(corrected);
    expect(await issue({ caseId: view.id, runId: 'run-a', key: 'decision-4', kind: 'decision', view })).toEqual(old);
    expect(corrected.letterId).not.toBe(old.letterId);
    expect(corrected.letterId).toBe(letterIdFor(view.id, 'decision-4', 'run-b'));
    const rows = await tdb.db('letters').where({ case_id: view.id }).orderBy('run_id');
    expect(rows.map((r) => [r.run_id, r.key])).toEqual([
      ['run-a', 'decision-4'],
      ['run-b', 'decision-4'],
    ]);
    expect(await tdb.db('letter_deliveries').whereIn('letter_id', [old.letterId, corrected.letterId]).count({ n: '*' })).toEqual([{ n: String(old.channels.length * 2) }]);
  });

  it('takes a letter issued before runs were recorded as the run\'s own, when its activity is retried after the upgrade', async () => {
    const view = { ...baseView(municipality('namsos')), id: '6a1f2c3d-0000-4000-8000-0000000000a2' };
    await insertCase(tdb.db, view);
    const issue = createIssueLetter({ db: tdb.db, policy });
    const before = await issue({ caseId: view.id, key: 'acknowledgement-1', kind: 'acknowledgement', view });
    expect(await issue({ caseId: view.id, runId: 'run-a', key: 'acknowledgement-1', kind: 'acknowledgement', view })).toEqual(before);
    expect(before.letterId).toBe(letterIdFor(view.id, 'acknowledgement-1'));
  });

  it('letter ids are name-based UUIDs (version 5) of the case and the key', () => {
    const id = letterIdFor('6a1f2c3d-0000-4000-8000-000000000001', 'decision-1');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(letterIdFor('6a1f2c3d-0000-4000-8000-000000000001', 'decision-1')).toBe(id);
  });
});
