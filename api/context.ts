// What every route gets: the system of record, the policy and the case workflows, all injected.
import type { Knex } from 'knex';
import type { Policy } from '../domain/policyTypes';
import type { CaseWorkflows } from './caseWorkflow';
import type { ApiMetrics } from './metrics';

export interface ApiContext {
  db: Knex;
  policy: Policy;
  workflows: CaseWorkflows;
  metrics: ApiMetrics;
}
