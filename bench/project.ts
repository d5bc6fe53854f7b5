// The project's side of the comparison: steps (`home-visit`, moved again and again) over HTTP and as
// bare Updates on the same workflows, and intake (`POST /api/cases`).
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { CaseView } from '../domain/case/caseTypes';
import { application } from '../scripts/stack/secondsPolicy';
import { caseWorkflowId, homeVisitUpdate } from '../workflows/messages';
import { STEADY_MUNICIPALITY } from './benchPolicy';
import { request } from './http';
import { closedLoop, sharedLoop, type Run } from './measure';

const DAY_MS = 86_400_000;

/** Registers one case and returns its id. */
export async function createCase(base: string, municipality = STEADY_MUNICIPALITY): Promise<string> {
  const { body } = await request<CaseView>(base, 'POST', '/api/cases', 201, application(municipality), { 'Idempotency-Key': randomUUID() });
  return body.id;
}

/** Steps a caseworker takes on one case in httpStepsWhile before going on to a new one. */
const STEPS_PER_CASE = 50;

let booked = 0;
/** A visit time a month or more ahead, a new one at every call: no reminder falls due during the bench. */
function visitAt(): string {
  return new Date(Date.now() + 30 * DAY_MS + ++booked * 60_000).toISOString();
}

/** Each client moves the home visit of a case of its own, again and again, over HTTP. */
export async function httpSteps(base: string, caseIds: string[], stepsPerClient: number): Promise<Run> {
  return closedLoop(caseIds.length, stepsPerClient, (c) =>
    request(base, 'POST', `/api/cases/${caseIds[c]}/home-visit`, 200, { scheduledAt: visitAt() }, { 'Idempotency-Key': randomUUID() }),
  );
}

/**
 * Each client moves its case's visit, waits `thinkMs`, and again, for as long as `going()` says: a
 * caseworker at work, not a load of its own (during an import, and on the idle stack to compare).
 */
export async function httpStepsWhile(base: string, caseIds: string[], going: () => boolean, thinkMs: number): Promise<Run> {
  const latencies: number[] = [];
  let failed = 0;
  const wall = performance.now();
  await Promise.all(
    caseIds.map(async (first) => {
      let id = first;
      let onThisCase = 0;
      while (going()) {
        // A caseworker moves a visit a few times, not hundreds: a fresh case after STEPS_PER_CASE, so no
        // case's history grows to thousands of events over a long run (see docs/performance.md).
        if (++onThisCase > STEPS_PER_CASE) {
          id = await createCase(base);
          onThisCase = 1;
        }
        const start = performance.now();
        try {
          await request(base, 'POST', `/api/cases/${id}/home-visit`, 200, { scheduledAt: visitAt() }, { 'Idempotency-Key': randomUUID() });
          latencies.push(performance.now() - start);
        } catch (error) {
          // Still 503 after the retries: counted and reported, and the caseworker goes on (the run does not stop).
          failed++;
          console.error(`a caseworker's step failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        await new Promise((r) => setTimeout(r, thinkMs));
      }
    }),
  );
  return { latencies, seconds: (performance.now() - wall) / 1000, failed };
}

/** The same step sent straight to the workflow as an Update: what the HTTP layer adds is the difference. */
export async function bareUpdateSteps(client: Client, caseIds: string[], stepsPerClient: number): Promise<Run> {
  return closedLoop(caseIds.length, stepsPerClient, (c) =>
    client.workflow
      .getHandle(caseWorkflowId(caseIds[c]!))
      .executeUpdate(homeVisitUpdate, { args: [{ scheduledAt: visitAt(), actor: 'bench' }], updateId: randomUUID() }),
  );
}

/** `total` applications, `clients` at a time. */
export async function httpIntake(base: string, clients: number, total: number): Promise<Run> {
  return sharedLoop(clients, total, () => createCase(base));
}
