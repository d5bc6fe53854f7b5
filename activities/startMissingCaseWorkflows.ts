// The sweep's work: start the workflow of every stored case that has none, with the same input the
// API builds. Idempotent: a start finds a running workflow and never restarts a finished one.
//
// It may watch for a while (`watchForMs`): it asks PostgreSQL every POLL_MS, which costs the
// database one indexed look-up, and Temporal nothing, until a case turns up. So the sweep's footprint
// in Temporal follows the work it finds: one workflow an hour instead of one every 20 seconds.
import { Context, log } from '@temporalio/activity';
import type { Knex } from 'knex';
import { casesThatMayNeedWorkflow } from '../db/caseStore';
import { workflowInput } from '../temporal/workflowInput';
import type { CaseWorkflows } from '../temporal/caseWorkflows';
import type { Policy } from '../domain/policy/policyTypes';

/** What one sweep did: the cases it found without a workflow and asked Temporal to start. */
export interface CaseSweepResult {
  started: number;
}

/** How long one call watches for cases without a workflow; without it, one look and done. */
export interface SweepWatchInput {
  watchForMs?: number;
}

export interface SweepDeps {
  db: Knex;
  policy: Policy;
  workflows: CaseWorkflows;
  /** How often a watching sweep looks (tests shorten it). */
  pollMs?: number;
}

/** A case stored this recently is being started by its own request. */
const GRACE_MS = 5_000;
const BATCH = 500;
/** Often enough that a case stored while Temporal was down starts seconds after it returns. */
export const SWEEP_POLL_MS = 2_000;

/** A case asked to start is not asked again this soon: its workflow has yet to record its first change. */
const RESTART_AFTER_MS = 60_000;

export function createStartMissingCaseWorkflows(deps: SweepDeps) {
  const pollMs = deps.pollMs ?? SWEEP_POLL_MS;
  return async function startMissingCaseWorkflows(input?: SweepWatchInput): Promise<CaseSweepResult> {
    const watching = (input?.watchForMs ?? 0) > 0;
    const until = Date.now() + Math.max(0, input?.watchForMs ?? 0);
    // When this call asked Temporal to start each case: a loaded worker may take a while to record a
    // started case, and asking again every poll would only add to its load.
    const asked = new Map<string, number>();
    let started = 0;
    for (;;) {
      const rows = await casesThatMayNeedWorkflow(deps.db, { olderThanMs: GRACE_MS, limit: BATCH });
      for (const row of rows) {
        if (Date.now() - (asked.get(row.id) ?? -Infinity) < RESTART_AFTER_MS) continue;
        try {
          await deps.workflows.start(workflowInput(row, deps.policy));
        } catch (error) {
          // Temporal away: a watching sweep looks again in a moment, and starts it seconds after Temporal is back.
          if (!watching) throw error;
          log.warn('The sweep could not start a case workflow; it tries again', { caseId: row.id, error: error instanceof Error ? error.message : String(error) });
          break;
        }
        asked.set(row.id, Date.now());
        started++;
      }
      if (Date.now() >= until) return { started };
      const context = Context.current();
      context.heartbeat({ started });
      // Rejects when the activity is cancelled (the worker shutting down, a heartbeat timed out).
      await context.sleep(Math.min(pollMs, Math.max(0, until - Date.now())));
    }
  };
}
