// The import format without a server: every worked example checks out as the kind of case it shows,
// with the deadlines the law gives from its dates; each rule a bad line breaks is named by its field;
// and import/caseImport.schema.json is the zod schema's own JSON Schema.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkImport } from '../../../api/caseImport';
import { caseImportJsonSchema, caseImportSchema, type CaseImport } from '../../../api/schemas/caseImport';
import { toFieldProblems } from '../../../api/validation';
import { loadPolicy } from '../../../config/policy';
import { caseViewOf } from '../../../domain/case/caseState';
import { workflowInput } from '../../../temporal/workflowInput';

const EXAMPLES = join(__dirname, '..', '..', '..', 'import', 'examples');
/** The examples are dated as if imported at this instant (docs/import.md). */
export const EXAMPLES_DATED_AT = Date.parse('2026-12-01T12:00:00.000Z');

const policy = loadPolicy();
const schema = caseImportSchema(Object.keys(policy.municipalities));

function example(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES, `${name}.jsonl`), 'utf8').trim().split('\n')[0] ?? '') as Record<string, unknown>;
}

function check(line: unknown, now = EXAMPLES_DATED_AT) {
  const parsed = schema.safeParse(line);
  if (!parsed.success) return { ok: false as const, problems: toFieldProblems(parsed.error) };
  return checkImport(policy, parsed.data, 'importer-1', now);
}

function viewOf(line: Record<string, unknown>) {
  const checked = check(line);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return caseViewOf(checked.facts, checked.state);
}

describe('the worked examples', () => {
  it('one file per kind of case, each line valid against the schema', () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual(
      ['decided-in-appeal-period', 're-evaluation-due', 'time-limited-expiring', 'under-assessment', 'visit-booked', 'waiting-for-contact', 'with-appeal-body'].map((n) => `${n}.jsonl`),
    );
  });

  it('waiting for contact: received, and its contact deadline (1 week from 20 Nov) already past', () => {
    const view = viewOf(example('waiting-for-contact'));
    expect(view.status).toBe('received');
    expect(view.deadlines.contactBy).toBe('2026-11-27T23:00:00.000Z');
    expect(view.flags.contactOverdue).toBe(false); // falls due the moment the workflow starts
    expect(view.previousCaseNumber).toBe('2026/0901');
  });

  it('visit booked: the visit and its reminder the day before', () => {
    const view = viewOf(example('visit-booked'));
    expect(view.status).toBe('visit_scheduled');
    expect(view.homeVisit).toMatchObject({ scheduledAt: '2026-12-08T10:00:00.000Z', reminderAt: '2026-12-07T10:00:00.000Z', reminderSent: false });
  });

  it('under assessment: the provisional reply already sent is not owed again', () => {
    const view = viewOf(example('under-assessment'));
    expect(view.status).toBe('under_assessment');
    expect(view.flags.provisionalReplySent).toBe(true);
    expect(view.homeVisit?.completedAt).toBe('2026-11-04T12:30:00.000Z');
  });

  it('decided: the appeal period counts 4 weeks from delivery on 24 Nov (Statsforvalteren)', () => {
    const view = viewOf(example('decided-in-appeal-period'));
    expect(view.status).toBe('decided');
    expect(view.decision).toMatchObject({ decidedAt: '2026-11-23T13:00:00.000Z', deliveredAt: '2026-11-24T08:00:00.000Z' });
    // 24 Nov + 4 weeks = Tuesday 22 Dec, to its end in Oslo.
    expect(view.deadlines.appealBy).toBe('2026-12-22T23:00:00.000Z');
  });

  it('active: the next re-evaluation 6 months after the last one (20 May → 20 Nov), already due', () => {
    const view = viewOf(example('re-evaluation-due'));
    expect(view.status).toBe('active');
    expect(view.deadlines.nextReEvaluationAt).toBe('2026-11-20T23:00:00.000Z');
    expect(view.flags.reEvaluationDue).toBe(false); // falls due the moment the workflow starts
  });

  it('with the appeal body: the appeal, and the office upheld and forwarded it', () => {
    const view = viewOf(example('with-appeal-body'));
    expect(view.status).toBe('with_appeal_body');
    expect(view.appealBody).toBe('statsforvalteren');
    expect(view.appeal).toMatchObject({ receivedAt: '2026-08-20T09:00:00.000Z', late: false, reconsideration: { outcome: 'upheld', at: '2026-09-15T12:00:00.000Z' } });
  });

  it('time-limited: expires at the end of 20 Dec, its notice 4 weeks before already due', () => {
    const view = viewOf(example('time-limited-expiring'));
    expect(view.status).toBe('active');
    expect(view.deadlines.expiresAt).toBe('2026-12-20T23:00:00.000Z');
  });
});

describe('a line that breaks a rule names its field', () => {
  const decided = () => structuredClone(example('decided-in-appeal-period')) as CaseImport & Record<string, unknown>;

  it('decided before received', () => {
    const line = decided();
    line.receivedAt = '2026-11-25T09:00:00.000Z';
    const checked = check(line);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['steps.decision.decidedAt']));
  });

  it('delivered before decided', () => {
    const line = decided();
    line.steps.decision!.deliveredAt = '2026-11-22T09:00:00.000Z';
    const checked = check(line);
    expect(!checked.ok && checked.problems).toEqual([{ field: 'steps.decision.deliveredAt', message: expect.stringMatching(/before the decision was made/) }]);
  });

  it('a status that contradicts the steps', () => {
    const line = decided();
    line.status = 'under_assessment';
    const checked = check(line);
    expect(!checked.ok && checked.problems).toEqual([{ field: 'status', message: expect.stringMatching(/make the case decided, not under_assessment/) }]);
  });

  it('active while the appeal period still runs', () => {
    const line = decided();
    line.status = 'active';
    const checked = check(line);
    expect(!checked.ok && checked.problems[0]?.field).toBe('status');
  });

  it('an unknown service', () => {
    const line = decided();
    line.services = ['home_nursing', 'teleportation'];
    const checked = check(line);
    expect(!checked.ok && checked.problems).toEqual([{ field: 'services[1]', message: expect.stringMatching(/Unknown service code/) }]);
  });

  it('a decision that leaves out a service applied for (checked by the decision step itself)', () => {
    const line = decided();
    line.steps.decision!.services = [{ code: 'home_nursing', outcome: 'granted' }];
    const checked = check(line);
    expect(!checked.ok && checked.problems[0]?.field).toBe('steps.decision.services');
  });

  it('an appeal forwarded but said to be with the office', () => {
    const line = structuredClone(example('with-appeal-body')) as CaseImport;
    line.steps.appeal!.stage = 'reconsideration';
    const checked = check(line);
    expect(!checked.ok && checked.problems.map((p) => p.field)).toContain('steps.appeal.stage');
  });

  it('a closed case is not brought over', () => {
    const line = decided();
    line.status = 'closed' as never;
    const checked = check(line);
    expect(!checked.ok && checked.problems[0]?.field).toBe('status');
  });
});

describe('the JSON Schema file', () => {
  it('is exactly what the zod schema generates (npm run import:schema writes it)', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'import', 'caseImport.schema.json'), 'utf8')) as unknown;
    expect(file).toEqual(caseImportJsonSchema());
  });
});

describe('a stored imported case whose workflow did not start (Temporal down at the import)', () => {
  it('is started by the case sweep where it stands, not from receipt', () => {
    const checked = check(example('with-appeal-body'));
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const start = { state: checked.state, sourceId: 'gerica-100006', steps: checked.steps };
    const row = {
      id: '7d0b4c1e-1111-4aaa-8bbb-000000000001',
      municipality: 'namsos',
      services: ['home_nursing'],
      channel: 'digital' as const,
      received_at: new Date('2026-06-01T09:00:00.000Z'),
      case_number: '2026/0007',
      source_case_number: '2026/0906',
      import_start: start,
    };
    const input = workflowInput(row, policy);
    expect(input).toMatchObject({ caseNumber: '2026/0007', previousCaseNumber: '2026/0906', imported: { sourceId: 'gerica-100006', state: { status: 'with_appeal_body' } } });
    // A case registered here has neither.
    const plain = workflowInput({ ...row, source_case_number: null, import_start: null }, policy);
    expect(plain).not.toHaveProperty('imported');
    expect(plain).not.toHaveProperty('previousCaseNumber');
  });
});

describe("the dates of a case brought over follow one another as the case's life does", () => {
  // The decided example: received 1 Oct, contact 5 Oct, visit booked 5 Oct for 12 Oct, decided 23 Nov, delivered 24 Nov.
  const decided = () => JSON.parse(JSON.stringify(example('decided-in-appeal-period'))) as Record<string, any>;
  const fieldsOf = (line: Record<string, unknown>) => {
    const checked = check(line);
    return checked.ok ? [] : checked.problems.map((p) => p.field);
  };

  it('takes the example as it is', () => {
    expect(fieldsOf(decided())).toEqual([]);
  });

  it.each([
    ['a contact before the receipt', (l: any) => (l.steps.contact.at = '2026-09-30T09:00:00.000Z'), ['steps.contact.at']],
    // In the future, and so after the decision too: both said.
    ['a contact in the future', (l: any) => (l.steps.contact.at = '2026-12-02T12:00:00.000Z'), ['steps.contact.at', 'steps.contact.at']],
    ['a visit booked before the receipt', (l: any) => (l.steps.homeVisit.bookedAt = '2026-09-30T09:00:00.000Z'), ['steps.homeVisit.bookedAt']],
    ['a visit held before it was booked', (l: any) => (l.steps.homeVisit.completedAt = '2026-10-05T09:00:00.000Z'), ['steps.homeVisit.completedAt']],
    ['a visit set for before it was booked', (l: any) => (l.steps.homeVisit.scheduledAt = '2026-10-05T09:05:00.000Z'), ['steps.homeVisit.scheduledAt']],
    ['a decision delivered before it was made', (l: any) => (l.steps.decision.deliveredAt = '2026-11-23T12:59:00.000Z'), ['steps.decision.deliveredAt']],
    ['a decision made before the receipt', (l: any) => (l.steps.decision.decidedAt = '2026-09-30T09:00:00.000Z'), expect.arrayContaining(['steps.decision.decidedAt'])],
    ['a contact after the decision in force', (l: any) => (l.steps.contact.at = '2026-11-23T14:00:00.000Z'), ['steps.contact.at']],
    ['a visit held after the decision in force', (l: any) => (l.steps.homeVisit.completedAt = '2026-11-23T14:00:00.000Z'), ['steps.homeVisit.completedAt']],
    ['a decision delivered in the future', (l: any) => (l.steps.decision.deliveredAt = '2026-12-02T12:00:00.000Z'), ['steps.decision.deliveredAt']],
  ])('refuses %s, naming the field', (_what, change, fields) => {
    const line = decided();
    change(line);
    expect(fieldsOf(line)).toEqual(fields);
  });

  it('a step at the very instant of the receipt, or of the decision, is in order', () => {
    const line = decided();
    line.steps.contact.at = line.receivedAt;
    line.steps.homeVisit.completedAt = line.steps.decision.decidedAt;
    line.steps.decision.deliveredAt = line.steps.decision.decidedAt;
    expect(fieldsOf(line)).toEqual([]);
  });
});
