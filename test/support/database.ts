// A fresh, migrated database of its own for a test file, on the run's shared PostgreSQL (globalSetup):
// migrated by the owner and granted to the application's role, as `npm start` does, so a test of the
// API or an activity runs with the rights the application has in production, and no more.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateAndGrant } from '../../db/applicationRole';
import { createDb } from '../../db/knex';

export interface TestDatabase {
  /** postgres://… of this database, as the application's role: what the API and the worker get. */
  url: string;
  /** Connected as the application's role. */
  db: Knex;
  /** postgres://… of this database, as the owner (the superuser that migrated it). */
  ownerUrl: string;
  /** Connected as the owner: for arranging what the application may not do (changing a recorded row). */
  owner: Knex;
  /** Closes both connections and drops the database. */
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

function withDatabase(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** `migrate: false` leaves it empty, as a cluster's database is before its first start. */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const ownerUrl = withDatabase(inject('pgAdminUrl'), name);
  const url = withDatabase(inject('pgAppUrl'), name);
  const owner = createDb(ownerUrl, { max: 2 });
  try {
    if (opts.migrate !== false) await migrateAndGrant(owner, url, ownerUrl);
  } catch (error) {
    await owner.destroy();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    throw error;
  }
  const db = createDb(url);
  let dropped = false;
  return {
    url,
    db,
    ownerUrl,
    owner,
    async drop() {
      if (dropped) return;
      dropped = true;
      await Promise.all([db.destroy(), owner.destroy()]);
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
