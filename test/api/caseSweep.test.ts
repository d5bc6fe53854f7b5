// An application that arrives while Temporal cannot be reached is stored and answered 503 with its
// case id; the case sweep (a Temporal Schedule) starts its workflow once Temporal is back, so the
// acknowledgement goes out without anyone opening the case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from './support/apiStack';
import { application } from './support/applications';
import { eventually } from '../support/eventually';

let stack: ApiStack;

beforeAll(async () => {
  stack = await startApiStack({ proxied: true, sweep: true });
});

afterAll(async () => {
  await stack?.stop();
});

describe('an application while Temporal is down', () => {
  it('is answered 503 with its stored case id, and is acknowledged within a minute of Temporal coming back', async () => {
    const { call, db } = stack;
    await stack.temporalProxy!.down();
    let caseId: string;
    try {
      const res = await call('POST', '/api/cases', application());
      expect(res.status, res.text).toBe(503);
      expect(res.body.error.code).toBe('unavailable');
      caseId = res.body.error.caseId;
      expect(caseId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers.get('location')).toBe(`/api/cases/${caseId}`);
      expect(res.body.error.message).toContain(caseId);
      // Stored once, and nothing recorded by a workflow yet.
      const rows = await db('cases').where({ id: caseId }).select('view_seq', 'status');
      expect(rows).toEqual([{ view_seq: 0, status: 'received' }]);
    } finally {
      await stack.temporalProxy!.up();
    }
    const back = Date.now();

    // No GET, no retry: only the sweep can start it.
    const letters = await eventually(
      'the acknowledgement from the sweep',
      async () => {
        const rows = await db('letters').where({ case_id: caseId }).select('kind');
        return rows.length > 0 && rows;
      },
      75_000,
    );
    expect(Date.now() - back).toBeLessThan(60_000);
    expect(letters.map((l: { kind: string }) => l.kind)).toEqual(['acknowledgement']);
    const received = await db('case_events').where({ case_id: caseId, type: 'received' }).count('* as n');
    expect(received).toEqual([{ n: '1' }]);
  }, 120_000);

  it('a second outage is swept by the same sweep: the Web UI lists one sweep, not one every 20 seconds', async () => {
    const { call, db } = stack;
    await stack.temporalProxy!.down();
    let caseId: string;
    try {
      const res = await call('POST', '/api/cases', application());
      expect(res.status, res.text).toBe(503);
      caseId = res.body.error.caseId;
    } finally {
      await stack.temporalProxy!.up();
    }
    await eventually(
      'the acknowledgement of the second case',
      async () => (await db('letters').where({ case_id: caseId, kind: 'acknowledgement' }).count('* as n'))[0]!.n === '1',
      75_000,
    );
    // Two outages, a minute or more apart: still the one sweep the schedule started, watching.
    const sweeps: string[] = [];
    for await (const run of stack.temporal.workflow.list({ query: `WorkflowType = "CaseSweep" AND TaskQueue = "${stack.taskQueue}"` })) sweeps.push(run.status.name);
    expect(sweeps).toEqual(['RUNNING']);
  }, 120_000);
});
