// The database module: one knex instance per process, built from a connection URL.
import knex, { type Knex } from 'knex';
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

/** Brings the schema up to date. Forward-only: there are no down migrations to run in production. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

function oneLine(message: unknown): string {
  const text = message instanceof Error ? message.message : String(message);
  return text.split('\n')[0] ?? '';
}
