// Brings the database up to date as its owner (DATABASE_MIGRATION_URL, else DATABASE_URL), grants the
// application's role (DATABASE_URL) its rights when it is another role, then exits: the one-shot
// `migrate` service of docker-compose.yml (`npm start` migrates the embedded database itself).
import { loadSettings, redactDatabaseUrl, SettingsError } from '../config/settings';
import { migrateAndGrant } from '../db/applicationRole';
import { createDb } from '../db/knex';
import { oneLine, withTimeout } from './waiting';

async function main(): Promise<void> {
  const { databaseUrl, databaseMigrationUrl } = loadSettings();
  if (!databaseUrl || !databaseMigrationUrl) throw new SettingsError('DATABASE_URL', 'must be set: it names the database to migrate');
  const db = createDb(databaseMigrationUrl, { max: 1 });
  try {
    const owner = redactDatabaseUrl(databaseMigrationUrl);
    const { applied, granted } = await withTimeout(migrateAndGrant(db, databaseUrl, databaseMigrationUrl), 120_000, `migrating ${owner}`);
    console.log(`${owner}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}`);
    console.log(granted ? `the application's role ${granted} has its rights` : 'one role owns and uses the tables (set DATABASE_MIGRATION_URL to give the application a role of its own)');
  } finally {
    await db.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`Cannot migrate: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  },
);
