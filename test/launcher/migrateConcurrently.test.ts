// Several instances starting at once on a fresh database: each runs the migrations (the compose
// `migrate` service, or `npm start` with DATABASE_URL), and every one of them must succeed, with each
// migration applied exactly once.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../../db/migrations';
import { REPO_ROOT } from '../support/binaries';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { INHERITED_SETTINGS } from '../../scripts/stack/launch';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});

afterAll(async () => {
  await database?.drop();
});

/** `node --import tsx launcher/migrate.ts`, as the compose file's migrate service runs it. */
async function migrate(): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  for (const name of INHERITED_SETTINGS) delete env[name];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'launcher', 'migrate.ts')], {
      cwd: REPO_ROOT,
      env: { ...env, DATABASE_URL: database.url, DATABASE_MIGRATION_URL: database.ownerUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('migrations on a fresh database', () => {
  it('three runs started together all succeed, and each migration is applied once', async () => {
    const runs = await Promise.all([migrate(), migrate(), migrate()]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
    // One run did the work; the others waited for it and found the schema up to date.
    expect(runs.filter((run) => /applied 001_initial/.test(run.stdout))).toHaveLength(1);
    expect(runs.filter((run) => /already up to date/.test(run.stdout))).toHaveLength(2);
    const applied = await database.owner('knex_migrations').orderBy('id').pluck('name');
    expect(applied).toEqual(await migrationSource.getMigrations([]));
  }, 120_000);
});
