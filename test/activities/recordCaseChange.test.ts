// The system of record: a retried activity adds nothing twice, and the view only moves forward.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordCaseChange, type CaseChange } from '../../activities/recordCaseChange';
import { migrateToLatest } from '../../db/knex';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { baseView, insertCase } from '../letters/fixtures';
import { loadPolicy } from '../../config/policy';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

function change(caseId: string, seq: number, type: string, status: CaseChange['view']['status']): CaseChange {
  const view = { ...baseView(loadPolicy().municipalities.namsos!), id: caseId, status };
  return { caseId, seq, event: { type, at: new Date(Date.UTC(2027, 2, seq)).toISOString(), actor: 'system', data: { seq } }, view, overdue: false, nextDeadline: null };
}

describe('recordCaseChange', () => {
  it('writes each event once however often the activity is retried, and keeps the newest view', async () => {
    const { db } = database;
    const first = change('6f0f6c1e-4a55-4d2f-9b1e-8a3c2f1d0e01', 1, 'received', 'received');
    await insertCase(db, first.view);
    const record = createRecordCaseChange({ db });
    await record(first);
    const decided = change(first.caseId, 2, 'decision_issued', 'decided');
    await Promise.all([record(decided), record(decided), record(decided)]);
    // A late retry of an older change does not move the view back.
    await record(first);

    const events = await db('case_events').where({ case_id: first.caseId }).orderBy('seq');
    expect(events.map((e) => e.type)).toEqual(['received', 'decision_issued']);
    const row = await db('cases').where({ id: first.caseId }).first();
    expect(row.status).toBe('decided');
    expect(row.view_seq).toBe(2);
    expect(row.view.status).toBe('decided');
    expect(new Date(row.first_decided_at).toISOString()).toBe(decided.event.at);
  });

  it('keeps the first decision time when a later decision is issued', async () => {
    const { db } = database;
    const caseId = '6f0f6c1e-4a55-4d2f-9b1e-8a3c2f1d0e02';
    const first = change(caseId, 1, 'decision_issued', 'decided');
    await insertCase(db, first.view);
    const record = createRecordCaseChange({ db });
    await record(first);
    await record(change(caseId, 5, 'decision_issued', 'decided'));
    const row = await db('cases').where({ id: caseId }).first();
    expect(new Date(row.first_decided_at).toISOString()).toBe(first.event.at);
  });

  it('keeps the changes of a reset run beside the old run\'s, and the view follows the reset run', async () => {
    const { db } = database;
    const caseId = '6f0f6c1e-4a55-4d2f-9b1e-8a3c2f1d0e03';
    const received = { ...change(caseId, 1, 'received', 'received'), runId: 'run-a' };
    await insertCase(db, received.view);
    const record = createRecordCaseChange({ db });
    await record(received);
    await record({ ...change(caseId, 2, 'decision_issued', 'decided'), runId: 'run-a' });
    // An operator resets the case to just after its receipt: the new run decides again, with the same seq, later.
    const corrected = { ...change(caseId, 2, 'decision_issued', 'decided'), runId: 'run-b' };
    corrected.event = { ...corrected.event, at: new Date(Date.UTC(2027, 3, 1)).toISOString(), data: { corrected: true } };
    corrected.view = { ...corrected.view, closedReason: null, status: 'decided', caseNumber: '2027/0001' };
    await record(corrected);
    // A late retry of the old run's decision does not move the view back to it.
    await record({ ...change(caseId, 2, 'decision_issued', 'decided'), runId: 'run-a' });
    await record(corrected);

    const events = await db('case_events').where({ case_id: caseId }).orderBy([{ column: 'at' }, { column: 'seq' }]);
    expect(events.map((e) => [e.run_id, e.seq, e.type, e.data])).toEqual([
      ['run-a', 1, 'received', { seq: 1 }],
      ['run-a', 2, 'decision_issued', { seq: 2 }],
      ['run-b', 2, 'decision_issued', { corrected: true }],
    ]);
    const row = await db('cases').where({ id: caseId }).first();
    expect(row.view.caseNumber).toBe('2027/0001');
    expect(new Date(row.view_at).toISOString()).toBe(corrected.event.at);
  });

  it('takes an event written before runs were recorded as the same event, when its activity is retried after the upgrade', async () => {
    const { db } = database;
    const caseId = '6f0f6c1e-4a55-4d2f-9b1e-8a3c2f1d0e04';
    const first = change(caseId, 1, 'received', 'received');
    await insertCase(db, first.view);
    const record = createRecordCaseChange({ db });
    await record(first);
    await record({ ...first, runId: 'run-a' });
    const events = await db('case_events').where({ case_id: caseId });
    expect(events.map((e) => [e.run_id, e.seq])).toEqual([['', 1]]);
  });

  it('refuses to change or delete an event, even to the owner of the table: the log is append-only', async () => {
    const db = database.owner;
    await expect(db('case_events').update({ type: 'forged' })).rejects.toThrow(/append-only/);
    await expect(db('case_events').del()).rejects.toThrow(/append-only/);
  });

  it('migrates an empty database forward, and a second run changes nothing', async () => {
    const fresh = await createTestDatabase();
    try {
      expect(await migrateToLatest(fresh.owner)).toEqual([]);
      const tables = await fresh.owner('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name');
      expect(tables).toEqual(expect.arrayContaining(['cases', 'case_events', 'letters', 'letter_deliveries', 'idempotency_keys']));
    } finally {
      await fresh.drop();
    }
  });
});
