// `npm start` as a person runs it: two instances side by side on their own ports and DATA_DIRs, each
// answering /api/health; SIGTERM stops every process it started; a restart finds the data again.
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedDatabaseUrl, instanceEnv, launch, survivors, type InstanceEnv, type Launched } from '../../scripts/stack/launch';

// Each start bundles the workflow code: seconds, more with two instances on a 2-core machine.
const START_MS = 240_000;
const READY = /^Ready: GET \/api\/health answers 200/;

async function startInstance(env: InstanceEnv): Promise<Launched> {
  const launched = launch(env);
  await launched.waitFor(READY, START_MS);
  return launched;
}

async function health(env: InstanceEnv): Promise<number> {
  return (await fetch(`http://localhost:${env.PORT}/api/health`)).status;
}

async function stopAndCheckNothingLeft(launched: Launched): Promise<void> {
  const tree = launched.processTree();
  expect(tree.length).toBeGreaterThan(2); // the launcher, Temporal, PostgreSQL and its helpers
  const { code } = await launched.stop();
  expect(code, launched.output().stderr).toBe(0);
  expect(await survivors(tree)).toEqual([]);
}

describe('the launcher (npm start)', () => {
  let a: InstanceEnv;
  let b: InstanceEnv;
  let runningA: Launched | undefined;
  let runningB: Launched | undefined;

  beforeAll(async () => {
    [a, b] = await Promise.all([instanceEnv(), instanceEnv()]);
    [runningA, runningB] = await Promise.all([startInstance(a), startInstance(b)]);
  }, START_MS * 2);

  afterAll(async () => {
    await Promise.allSettled([runningA?.stop(), runningB?.stop()]);
    for (const env of [a, b]) if (env) rmSync(path.dirname(env.DATA_DIR), { recursive: true, force: true });
  }, 120_000);

  it('runs two instances side by side, each healthy on its own port, and prints where each part is', async () => {
    expect(await health(a)).toBe(200);
    expect(await health(b)).toBe(200);
    const { stdout } = runningA?.output() ?? { stdout: '' };
    expect(stdout).toContain(`:${a.PORT}`);
    expect(stdout).toContain(`http://localhost:${a.TEMPORAL_UI_PORT}`);
    // The role the API and the worker connect as; its owner migrates.
    expect(stdout).toContain(`cases_app@127.0.0.1:${a.PG_PORT}/cases`);
    // The database passwords stay in DATA_DIR, not on the screen.
    const password = new URL(embeddedDatabaseUrl(a)).password;
    expect(stdout).not.toContain(decodeURIComponent(password));
    expect(stdout).not.toContain(readFileSync(path.join(a.DATA_DIR, 'pg-app-password'), 'utf8').trim());
  });

  it('stops every process it started on SIGTERM, and finds its data again on the next start', async () => {
    if (!runningA) throw new Error('instance A did not start');
    // Leave a trace in both stores: a row in PostgreSQL and a workflow in Temporal.
    const key = `launcher-test-${randomUUID()}`;
    const db = new pg.Client({ connectionString: embeddedDatabaseUrl(a) });
    await db.connect();
    await db.query('INSERT INTO idempotency_keys (municipality, key, request_hash, case_id) VALUES ($1, $2, $3, $4)', ['namsos', key, 'hash', randomUUID()]);
    await db.end();
    const workflowId = `launcher-test-${randomUUID()}`;
    await withTemporal(a, (client) =>
      client.workflow.start('NoSuchWorkflow', { taskQueue: 'launcher-test-nobody-polls', workflowId }).then(() => undefined),
    );

    await stopAndCheckNothingLeft(runningA);
    runningA = undefined;

    runningA = await startInstance(a);
    expect(await health(a)).toBe(200);
    const again = new pg.Client({ connectionString: embeddedDatabaseUrl(a) });
    await again.connect();
    const { rowCount } = await again.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key]);
    await again.end();
    expect(rowCount).toBe(1);
    const status = await withTemporal(a, async (client) => (await client.workflow.getHandle(workflowId).describe()).status.name);
    expect(status).toBe('RUNNING');

    await stopAndCheckNothingLeft(runningA);
    runningA = undefined;
    if (runningB) await stopAndCheckNothingLeft(runningB);
    runningB = undefined;
  }, START_MS + 120_000);
});

async function withTemporal<T>(env: InstanceEnv, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_PORT}` });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}
