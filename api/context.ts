// What every route gets: the system of record, the policy and the case workflows, all injected.
import type { PayloadCodec } from '@temporalio/common';
import type { Knex } from 'knex';
import type { Policy } from '../domain/policy/policyTypes';
import type { Guard } from './auth/guard';
import type { CaseWorkflows } from '../temporal/caseWorkflows';
import type { ApiMetrics } from './metrics';
import type { StepKeyHash } from './stepKeys';

export interface CodecRouteDeps {
  /** The data converter's codecs, in the order it encodes with. */
  codecs: readonly PayloadCodec[];
}

export interface ApiContext {
  db: Knex;
  policy: Policy;
  workflows: CaseWorkflows;
  codec: CodecRouteDeps;
  /** Token, role and X-Access-Reason check for a route: `guard(['caseworker'])`. */
  guard: Guard;
  metrics: ApiMetrics;
  /** What a step's Idempotency-Key becomes before it reaches Temporal (api/stepKeys.ts). */
  stepKeyHash: StepKeyHash;
}
