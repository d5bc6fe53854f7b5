// Brings the database named by DATABASE_URL up to date, then exits: the one-shot `migrate` service of
// docker-compose.yml (`npm start` migrates the embedded database itself).
import { loadSettings, redactDatabaseUrl, SettingsError } from '../config/settings';
import { createDb, migrateToLatest } from '../db/knex';
import { oneLine, withTimeout } from './waiting';

async function main(): Promise<void> {
  const { databaseUrl } = loadSettings();
  if (!databaseUrl) throw new SettingsError('DATABASE_URL', 'must be set: it names the database to migrate');
  const db = createDb(databaseUrl, { max: 1 });
  try {
    const applied = await withTimeout(migrateToLatest(db), 120_000, `migrating ${redactDatabaseUrl(databaseUrl)}`);
    console.log(`${redactDatabaseUrl(databaseUrl)}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}`);
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
