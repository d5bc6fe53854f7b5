// At start, before the worker or the API: this instance's policy against the one the cluster's cases
// run on (db/clusterPolicy.ts). A difference refuses the start, naming the municipality and the key.
import type { Policy } from '../domain/policy/policyTypes';
import { checkClusterPolicy } from '../db/clusterPolicy';
import { createDb } from '../db/knex';

export async function checkPolicyAtStart(databaseUrl: string, policy: Policy, acceptChange: boolean, log: (line: string) => void): Promise<void> {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const { recorded, replaced } = await checkClusterPolicy(db, policy, { acceptChange });
    if (replaced.length > 0) log(`POLICY_CHANGE=accept: this instance's policy now rules for ${replaced.join(', ')}; start the other instances with it too`);
    if (recorded.length > 0) log(`Policy recorded for ${recorded.join(', ')}: every other instance must run the same`);
  } finally {
    await db.destroy();
  }
}
