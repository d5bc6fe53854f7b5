// The sweep's work: start the workflow of every stored case that has none, with the same input the
// API builds. Idempotent: a start finds a running workflow and never restarts a finished one.
import type { Knex } from 'knex';
import { casesThatMayNeedWorkflow } from '../db/caseStore';
import { workflowInput } from '../temporal/workflowInput';
import type { CaseWorkflows } from '../temporal/caseWorkflows';
import type { Policy } from '../domain/policy/policyTypes';

/** What one sweep did: the cases it found without a workflow and asked Temporal to start. */
export interface CaseSweepResult {
  started: number;
}

export interface SweepDeps {
  db: Knex;
  policy: Policy;
  workflows: CaseWorkflows;
}

/** A case stored this recently is being started by its own request. */
const GRACE_MS = 5_000;
const BATCH = 500;

export function createStartMissingCaseWorkflows(deps: SweepDeps) {
  return async function startMissingCaseWorkflows(): Promise<CaseSweepResult> {
    const rows = await casesThatMayNeedWorkflow(deps.db, { olderThanMs: GRACE_MS, limit: BATCH });
    for (const row of rows) await deps.workflows.start(workflowInput(row, deps.policy));
    return { started: rows.length };
  };
}
