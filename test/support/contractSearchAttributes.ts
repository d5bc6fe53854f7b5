// The contract's search attributes ("For managers") and their types, written out here rather than
// read from the code under test: an attribute registered with another type would still be listed.
import { temporal } from '@temporalio/proto';
import type { Connection } from '@temporalio/client';

const { IndexedValueType } = temporal.api.enums.v1;

export const CONTRACT_SEARCH_ATTRIBUTE_TYPES = {
  CaseStatus: 'INDEXED_VALUE_TYPE_KEYWORD',
  Municipality: 'INDEXED_VALUE_TYPE_KEYWORD',
  ServiceCodes: 'INDEXED_VALUE_TYPE_KEYWORD_LIST',
  NextDeadline: 'INDEXED_VALUE_TYPE_DATETIME',
  Overdue: 'INDEXED_VALUE_TYPE_BOOL',
};

/** The type of each of the contract's search attributes on the namespace, by name (undefined where missing). */
export async function registeredTypes(connection: Connection, namespace = 'default'): Promise<Record<string, string | undefined>> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return Object.fromEntries(
    Object.keys(CONTRACT_SEARCH_ATTRIBUTE_TYPES).map((name) => {
      const type = customAttributes?.[name];
      return [name, type === undefined || type === null ? undefined : IndexedValueType[type]];
    }),
  );
}
