// A fresh, migrated database of its own for a test file, on the run's shared PostgreSQL (globalSetup).
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, migrateToLatest } from '../../db/knex';

export interface TestDatabase {
  /** postgres://… of this database. */
  url: string;
  db: Knex;
  /** Closes `db` and drops the database. */
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl'), connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** `migrate: false` leaves it empty, as a cluster's database is before its first start. */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  try {
    if (opts.migrate !== false) await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
  let dropped = false;
  return {
    url: url.toString(),
    db,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.destroy();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
