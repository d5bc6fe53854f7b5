// `npm run setup-cluster` against a real Temporal server (the test run's dev server) as an operator
// runs it on a new cluster: it makes the namespace with its retention, registers the search
// attributes and the case-sweep schedule; a second run changes nothing; a schedule whose spec differs
// from the release's (an older release's interval) is brought back to it.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureCaseSweepSchedule } from '../../worker/caseSweepSchedule';
import { CASE_TASK_QUEUE } from '../../workflows/messages';
import { REPO_ROOT } from '../support/binaries';
import { CONTRACT_SEARCH_ATTRIBUTE_TYPES, registeredTypes } from '../support/contractSearchAttributes';
import { INHERITED_SETTINGS } from '../../scripts/stack/launch';

const namespace = `cases-setup-${randomBytes(4).toString('hex')}`;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({ connection, namespace });
});

afterAll(async () => {
  await client?.schedule.getHandle('case-sweep').delete().catch(() => undefined);
  await connection?.close();
});

async function setupCluster(env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = { ...process.env };
  for (const name of [...INHERITED_SETTINGS, 'NAMESPACE_RETENTION_DAYS']) delete base[name];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'launcher', 'setupCluster.ts')], {
      cwd: REPO_ROOT,
      env: { ...base, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: namespace, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function retentionDays(): Promise<number> {
  const described = await connection.workflowService.describeNamespace({ namespace });
  return Number(described.config?.workflowExecutionRetentionTtl?.seconds) / 86_400;
}

async function sweepEverySeconds(): Promise<number[]> {
  const described = await client.schedule.getHandle('case-sweep').describe();
  return (described.spec.intervals ?? []).map(({ every }) => every / 1000);
}

describe('npm run setup-cluster', () => {
  it('makes a new namespace with its retention, the search attributes and the case-sweep schedule', async () => {
    const run = await setupCluster({ NAMESPACE_RETENTION_DAYS: '3' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Namespace ${namespace}: created (retention 3 days)`);
    expect(run.stdout).toMatch(/Search attributes: added CaseStatus, Municipality, ServiceCodes, NextDeadline, Overdue/);
    expect(run.stdout).toContain('Schedule case-sweep: created');
    expect(await retentionDays()).toBe(3);
    expect(await registeredTypes(connection, namespace)).toEqual(CONTRACT_SEARCH_ATTRIBUTE_TYPES);
    expect(await sweepEverySeconds()).toEqual([3600]);
  }, 120_000);

  it('run again, changes nothing: not even the schedule is touched', async () => {
    const before = (await client.schedule.getHandle('case-sweep').describe()).info.lastUpdatedAt;
    const run = await setupCluster({ NAMESPACE_RETENTION_DAYS: '3' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Namespace ${namespace}: exists, retention 3 days`);
    expect(run.stdout).toContain('Search attributes: all there');
    expect(run.stdout).toContain('Schedule case-sweep: unchanged');
    expect((await client.schedule.getHandle('case-sweep').describe()).info.lastUpdatedAt).toEqual(before);
  }, 120_000);

  it("brings a schedule with another release's interval, and a changed retention, in line", async () => {
    // As an older release left it: a sweep every 20 seconds.
    expect(await ensureCaseSweepSchedule(client, CASE_TASK_QUEUE, '20 seconds')).toBe('updated');
    expect(await sweepEverySeconds()).toEqual([20]);
    const run = await setupCluster({ NAMESPACE_RETENTION_DAYS: '5' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Namespace ${namespace}: retention updated (retention 5 days)`);
    expect(run.stdout).toContain('Schedule case-sweep: updated');
    expect(await sweepEverySeconds()).toEqual([3600]);
    expect(await retentionDays()).toBe(5);
  }, 120_000);

  it('refuses a retention that is not a number of days, naming the setting', async () => {
    const run = await setupCluster({ NAMESPACE_RETENTION_DAYS: 'a month' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('NAMESPACE_RETENTION_DAYS: "a month" is not a number of days');
  }, 60_000);
});
