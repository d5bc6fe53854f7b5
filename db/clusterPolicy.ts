// Every instance of a deployment must run the same policy: a case's deadlines are computed by whichever
// worker runs its workflow, and its letters name the office of whichever instance wrote them. The first
// instance to start records each municipality's policy here; every later one compares its own with it
// and refuses to start on a difference, naming the municipality and the key. A policy change is rolled
// out by starting one instance with POLICY_CHANGE=accept (it records the new policy), then the others.
import { createHash } from 'node:crypto';
import type { Policy } from '../domain/policy/policyTypes';
import type { Db } from './knex';

export class PolicyMismatchError extends Error {
  constructor(readonly differences: string[]) {
    super(
      `this instance's policy differs from the one the cluster's cases run on: ${differences.join('; ')}. ` +
        'Start it with the same CASE_POLICY_FILE as the others, or, to roll out this policy, start one instance with POLICY_CHANGE=accept, then the rest.',
    );
    this.name = 'PolicyMismatchError';
  }
}

export interface PolicyCheck {
  /** Municipalities recorded by this start (the first start, or one new in the policy). */
  recorded: string[];
  /** With accept: municipalities whose recorded policy this start replaced or removed. */
  replaced: string[];
}

/** JSON with its keys sorted, so the same policy always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function fingerprint(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

/** Every leaf of a policy as key → value, e.g. "timers.provisionalReplyAfter" → "4 weeks". */
function leaves(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (isDuration(value)) {
    // A period as the file writes it: "4 weeks".
    out.set(prefix, `${value.amount} ${value.unit}${value.amount === 1 ? '' : 's'}`);
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) leaves(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, canonical(value));
  }
  return out;
}

function isDuration(value: unknown): value is { amount: number; unit: string } {
  return !!value && typeof value === 'object' && Object.keys(value).sort().join() === 'amount,unit';
}

/** Each key that differs, with the cluster's value and this instance's: "timers.provisionalReplyAfter (4 weeks here 3 weeks)". */
function differingKeys(recorded: unknown, mine: unknown): string[] {
  const a = leaves(JSON.parse(canonical(recorded)));
  const b = leaves(JSON.parse(canonical(mine)));
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((key) => a.get(key) !== b.get(key))
    .sort()
    .map((key) => `${key} (cluster ${a.get(key) ?? 'unset'}, this instance ${b.get(key) ?? 'unset'})`);
}

/**
 * Records the policy of municipalities the cluster has none for, and refuses (PolicyMismatchError)
 * when this instance's policy differs from the recorded one, unless `acceptChange`: then this policy
 * replaces it.
 */
export async function checkClusterPolicy(db: Db, policy: Policy, opts: { acceptChange: boolean }): Promise<PolicyCheck> {
  const mine = Object.entries(policy.municipalities).map(([municipality, p]) => ({ municipality, fingerprint: fingerprint(p), policy: p }));
  return db.transaction(async (trx) => {
    // One checker at a time: two first starts together must not both record.
    await trx.raw('LOCK TABLE cluster_policy IN SHARE ROW EXCLUSIVE MODE');
    const rows = (await trx('cluster_policy').select('municipality', 'fingerprint', 'policy')) as Array<{ municipality: string; fingerprint: string; policy: unknown }>;
    const recorded = new Map(rows.map((row) => [row.municipality, row]));
    const differences: string[] = [];
    const replaced: string[] = [];
    for (const m of mine) {
      const row = recorded.get(m.municipality);
      if (row && row.fingerprint !== m.fingerprint) {
        differences.push(`${m.municipality}: ${differingKeys(row.policy, m.policy).join(', ')}`);
        replaced.push(m.municipality);
      }
    }
    // A municipality the cluster has cases for must not vanish from one instance's policy.
    const missing = rows.filter((row) => !(row.municipality in policy.municipalities)).map((row) => row.municipality);
    for (const municipality of missing) differences.push(`${municipality}: missing from this instance's policy`);
    if (differences.length > 0 && !opts.acceptChange) throw new PolicyMismatchError(differences);

    const toRecord = mine.filter((m) => !recorded.has(m.municipality) || replaced.includes(m.municipality));
    for (const m of toRecord) {
      await trx('cluster_policy')
        .insert({ municipality: m.municipality, fingerprint: m.fingerprint, policy: JSON.stringify(m.policy), recorded_at: trx.fn.now() })
        .onConflict('municipality')
        .merge();
    }
    if (missing.length > 0) await trx('cluster_policy').whereIn('municipality', missing).del();
    return { recorded: toRecord.filter((m) => !recorded.has(m.municipality)).map((m) => m.municipality), replaced: [...replaced, ...missing] };
  });
}
