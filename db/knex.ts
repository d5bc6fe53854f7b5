// The database module: one knex instance per process, built from a connection URL.
import knex, { type Knex } from 'knex';
import type pg from 'pg';
import { rootLogger } from '../observability/logger';
import { migrationSource } from './migrations';

export type Db = Knex;

export function createDb(databaseUrl: string, pool: { min?: number; max?: number } = {}): Db {
  return knex({
    client: 'pg',
    connection: databaseUrl,
    pool: { min: pool.min ?? 0, max: pool.max ?? 10 },
    // Fail fast when the database is down, so the API can answer 503 instead of hanging.
    acquireConnectionTimeout: 5_000,
    // One line per problem: a database that is down should not fill the log with stack traces.
    // Through the project's logger, which scrubs it: a knex warning can quote a query's values.
    log: {
      warn: (message: unknown) => rootLogger().warn({ component: 'knex' }, oneLine(message)),
      error: (message: unknown) => rootLogger().error({ component: 'knex' }, oneLine(message)),
      deprecate: (message: unknown) => rootLogger().warn({ component: 'knex' }, oneLine(message)),
      debug: () => undefined,
    },
  });
}

/**
 * The key of the PostgreSQL advisory lock that migrations hold: any fixed 64-bit number of the project's
 * own ("case-mig" in ASCII), so no other program on the same database takes it by chance.
 */
export const MIGRATION_LOCK_KEY = '7233174818289936743';

/**
 * Brings the schema up to date. Forward-only: there are no down migrations to run in production.
 * Many instances may start at once on a fresh database: knex's own lock lives in a table that the
 * first run creates, so two first runs race to create it. A session advisory lock, held on a
 * connection of its own (the pool may have only one), makes them run one after the other; the later
 * ones wait, then find nothing left to do.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const lock = await db.client.acquireRawConnection() as pg.Client;
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
    return applied;
  } finally {
    // Closing the session releases its lock too, even when the unlock itself fails.
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

function oneLine(message: unknown): string {
  const text = message instanceof Error ? message.message : String(message);
  return text.split('\n')[0] ?? '';
}
