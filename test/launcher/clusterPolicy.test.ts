// Every instance runs the policy the cluster's cases run on: the first start records it per
// municipality in PostgreSQL; an instance with another policy refuses to start, naming the municipality
// and the key; POLICY_CHANGE=accept on one instance rolls a change out.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newPayloadKeyEntry } from '../../codec/keys';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../config/policy';
import { checkClusterPolicy, PolicyMismatchError } from '../../db/clusterPolicy';
import { REPO_ROOT } from '../support/binaries';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { freePort } from '../../scripts/stack/freePort';
import { INHERITED_SETTINGS } from '../../scripts/stack/launch';

let dir: string;
let database: TestDatabase;
let shorterReplyFile: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cluster-policy-'));
  database = await createTestDatabase();
  // The built-in policy with Namsos's provisional reply (foreløpig svar) due after 3 weeks, not 4.
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8'));
  policy.municipalities.namsos.timers.provisionalReplyAfter = '3 weeks';
  shorterReplyFile = path.join(dir, 'policy.json');
  writeFileSync(shorterReplyFile, JSON.stringify(policy, null, 2));
});

afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the cluster policy', () => {
  it('the first start records every municipality; the same policy again changes nothing', async () => {
    const policy = loadPolicy();
    expect((await checkClusterPolicy(database.db, policy, { acceptChange: false })).recorded.sort()).toEqual(Object.keys(policy.municipalities).sort());
    expect(await checkClusterPolicy(database.db, policy, { acceptChange: false })).toEqual({ recorded: [], replaced: [] });
  });

  it('refuses another policy, naming the municipality, the key and both values, and records nothing', async () => {
    const error = await checkClusterPolicy(database.db, loadPolicy(shorterReplyFile), { acceptChange: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyMismatchError);
    expect((error as Error).message).toContain('namsos: timers.provisionalReplyAfter (cluster 4 weeks, this instance 3 weeks)');
    expect((error as Error).message).not.toContain('luroy');
    const namsos = await database.db('cluster_policy').where({ municipality: 'namsos' }).first();
    expect(namsos.policy.timers.provisionalReplyAfter).toEqual({ amount: 4, unit: 'week' });
  });

  it('an instance started with another policy exits before it serves anything, saying what differs and how to roll it out', async () => {
    const base = { ...process.env };
    for (const name of INHERITED_SETTINGS) delete base[name];
    const run = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'launcher', 'api.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...base,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        DATABASE_URL: database.url,
        PAYLOAD_KEYS: newPayloadKeyEntry('k1'),
        CASE_POLICY_FILE: shorterReplyFile,
        PORT: String(await freePort()),
        WORKER_METRICS_PORT: 'off',
        DATA_DIR: path.join(dir, 'data'),
        LOG_FORMAT: 'json',
      },
    }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Cannot start the API');
    expect(run.stdout).toContain('namsos: timers.provisionalReplyAfter (cluster 4 weeks, this instance 3 weeks)');
    expect(run.stdout).toContain('POLICY_CHANGE=accept');
  }, 60_000);

  it('POLICY_CHANGE=accept records the new policy; then the old one is the one refused', async () => {
    expect(await checkClusterPolicy(database.db, loadPolicy(shorterReplyFile), { acceptChange: true })).toEqual({ recorded: [], replaced: ['namsos'] });
    expect(await checkClusterPolicy(database.db, loadPolicy(shorterReplyFile), { acceptChange: false })).toEqual({ recorded: [], replaced: [] });
    await expect(checkClusterPolicy(database.db, loadPolicy(), { acceptChange: false })).rejects.toThrow(
      'namsos: timers.provisionalReplyAfter (cluster 3 weeks, this instance 4 weeks)',
    );
  });

  it('refuses a policy that leaves out a municipality the cluster has', async () => {
    const policy = loadPolicy(shorterReplyFile);
    const { luroy: _luroy, ...rest } = policy.municipalities;
    await expect(checkClusterPolicy(database.db, { municipalities: rest }, { acceptChange: false })).rejects.toThrow("luroy: missing from this instance's policy");
  });
});
