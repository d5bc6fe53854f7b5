// Writes import/caseImport.schema.json from the import format's zod schema (api/schemas/caseImport.ts),
// the one source of truth; test/domain/import/caseImportFormat.test.ts fails when the file is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caseImportJsonSchema } from '../api/schemas/caseImport';

export const IMPORT_SCHEMA_FILE = join(__dirname, '..', 'import', 'caseImport.schema.json');

writeFileSync(IMPORT_SCHEMA_FILE, `${JSON.stringify(caseImportJsonSchema(), null, 2)}\n`);
console.log(`wrote ${IMPORT_SCHEMA_FILE}`);
