// `npm run docs`: rewrites the generated tables in docs/ from the code (scripts/docs/tables.ts).
// With --check it writes nothing and exits 1 naming each table that differs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GENERATED_TABLES, generatedTables, tableIn, withTable, type TableName } from './tables';

const ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const tables = await generatedTables();
  const stale: string[] = [];
  for (const name of Object.keys(GENERATED_TABLES) as TableName[]) {
    const file = path.join(ROOT, GENERATED_TABLES[name]);
    const text = readFileSync(file, 'utf8');
    if (tableIn(text, name) === tables[name]) continue;
    stale.push(`${GENERATED_TABLES[name]} (${name})`);
    if (!check) writeFileSync(file, withTable(text, name, tables[name]));
  }
  if (check && stale.length > 0) {
    console.error(`Out of date: ${stale.join(', ')}. Run npm run docs.`);
    process.exitCode = 1;
  } else {
    console.log(stale.length > 0 ? `Rewrote ${stale.join(', ')}` : 'The generated tables are up to date.');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
