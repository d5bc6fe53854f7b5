// Registers the case workflow's search attributes on a Temporal service that lacks them: a real
// cluster (`npm run register-search-attributes`, or all of `npm run setup-cluster`) or the time-skipping test server.
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { CaseStatusKey, MunicipalityKey, NextDeadlineKey, OverdueKey, ServiceCodesKey } from '../workflows/searchAttributes';

/** `name=Type` pairs as `temporal server start-dev --search-attribute` and `operator search-attribute create` take them. */
export const CASE_SEARCH_ATTRIBUTES = [
  { name: CaseStatusKey.name, type: 'Keyword' },
  { name: MunicipalityKey.name, type: 'Keyword' },
  { name: ServiceCodesKey.name, type: 'KeywordList' },
  { name: NextDeadlineKey.name, type: 'Datetime' },
  { name: OverdueKey.name, type: 'Bool' },
] as const;

const { IndexedValueType } = temporal.api.enums.v1;
const INDEXED_TYPES = {
  Keyword: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  KeywordList: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
  Datetime: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Bool: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
} as const;

/**
 * Adds whichever of the contract's search attributes the namespace does not have yet. One that exists
 * with another type is refused, naming it, and nothing is added: the Web UI's filters on it would be wrong.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  // The time-skipping test server does not implement the listing: there every attribute is added.
  const existing = (await connection.operatorService.listSearchAttributes({ namespace }).catch(() => undefined))?.customAttributes ?? {};
  const wrong = CASE_SEARCH_ATTRIBUTES.filter(({ name, type }) => existing[name] !== undefined && existing[name] !== INDEXED_TYPES[type]);
  if (wrong.length > 0) {
    const typeName = (value: number | null | undefined) =>
      Object.entries(INDEXED_TYPES).find(([, v]) => v === value)?.[0] ?? IndexedValueType[value ?? 0] ?? String(value);
    throw new Error(
      `The namespace ${namespace} has ${wrong.map(({ name, type }) => `${name} as ${typeName(existing[name])}, not ${type}`).join('; ')}: ` +
        'remove it (temporal operator search-attribute remove) or use another namespace.',
    );
  }
  const missing = CASE_SEARCH_ATTRIBUTES.filter(({ name }) => existing[name] === undefined);
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map(({ name, type }) => [name, INDEXED_TYPES[type]])),
  });
  return missing.map(({ name }) => name);
}
