// One change in one transaction: its events, the view and its letters with their outbox rows, each
// written once however often the activity is retried (also concurrently), and nothing of it when
// the transaction fails halfway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { letterIdFor } from '../../activities/letters/issueLetter';
import { createRecordChangeWithLetters, type CaseChangeWithLetters } from '../../activities/recordChangeWithLetters';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { baseView, insertCase, municipality, policy } from '../letters/fixtures';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

function visitBooked(caseId: string, seq: number, letterSeq: number): CaseChangeWithLetters {
  const view = { ...baseView(municipality('namsos')), id: caseId, status: 'visit_scheduled' as const };
  return {
    caseId,
    events: [{ seq, type: 'home_visit_scheduled', at: new Date(Date.UTC(2027, 2, seq)).toISOString(), actor: 'caseworker-1', data: { seq } }],
    letters: [{ key: `home_visit_confirmation-${letterSeq}`, kind: 'home_visit_confirmation' }],
    view,
    overdue: false,
    nextDeadline: null,
  };
}

describe('recordChangeWithLetters', () => {
  it('writes the event, the view, the letter and its outbox rows once, however often it is retried', async () => {
    const { db } = database;
    const change = visitBooked('7a1f6c1e-4a55-4d2f-9b1e-8a3c2f1d0e01', 2, 2);
    await insertCase(db, change.view);
    const record = createRecordChangeWithLetters({ db, policy });

    const answers = await Promise.all([record(change), record(change), record(change)]);
    answers.push(await record(change));

    const letterId = letterIdFor(change.caseId, 'home_visit_confirmation-2');
    for (const issued of answers) expect(issued).toEqual([{ letterId, channels: ['digital_mailbox', 'sms', 'email'] }]);
    const events = await db('case_events').where({ case_id: change.caseId });
    expect(events.map((e) => [e.seq, e.type])).toEqual([[2, 'home_visit_scheduled']]);
    const letters = await db('letters').where({ case_id: change.caseId });
    expect(letters.map((l) => l.key)).toEqual(['home_visit_confirmation-2']);
    expect(await db('letter_deliveries').where({ letter_id: letterId }).count({ n: '*' })).toEqual([{ n: '3' }]);
    const row = await db('cases').where({ id: change.caseId }).first();
    expect([row.status, row.view_seq]).toEqual(['visit_scheduled', 2]);
  });

  it('leaves nothing when the transaction fails halfway: the event is not written without its letter', async () => {
    const { db } = database;
    const change = visitBooked('7a1f6c1e-4a55-4d2f-9b1e-8a3c2f1d0e02', 2, 2);
    await insertCase(db, change.view);
    const record = createRecordChangeWithLetters({ db, policy });
    // A municipality the policy does not know: the letter fails after the event was written.
    await expect(record({ ...change, letters: [{ key: 'decision-3', kind: 'decision' }], view: { ...change.view, municipality: 'nowhere' } })).rejects.toThrow(
      /nowhere/,
    );
    expect(await db('case_events').where({ case_id: change.caseId })).toEqual([]);
    expect(await db('letters').where({ case_id: change.caseId })).toEqual([]);
    const row = await db('cases').where({ id: change.caseId }).first();
    expect(row.view_seq).toBe(0);
  });
});
