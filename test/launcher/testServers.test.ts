// The run's shared servers (test/support/globalSetup.ts) and the database helper other tests build on.
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { CONTRACT_SEARCH_ATTRIBUTE_TYPES, registeredTypes } from '../support/contractSearchAttributes';
import { registerSearchAttributes } from '../../temporal/searchAttributes';
import { eventually } from '../support/eventually';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('shared test servers', () => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(made.map((d) => d.drop()));
  });

  it('gives each caller a fresh, migrated database of its own', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    made.push(a, b);
    expect(a.url).not.toBe(b.url);
    await a.db('idempotency_keys').insert({ municipality: 'namsos', key: 'k1', request_hash: 'h', case_id: '00000000-0000-4000-8000-000000000001' });
    expect(await a.db('idempotency_keys').count({ n: '*' })).toEqual([{ n: '1' }]);
    expect(await b.db('idempotency_keys').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('drops a database when asked', async () => {
    const d = await createTestDatabase();
    await d.drop();
    await d.drop(); // twice is harmless
    const { Client } = await import('pg');
    const client = new Client({ connectionString: inject('pgAdminUrl') });
    await client.connect();
    const name = new URL(d.url).pathname.slice(1);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    await client.end();
    expect(rowCount).toBe(0);
  });

  it('runs a Temporal dev server that knows the case search attributes, with its Web UI', async () => {
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      // Each with the contract's type: a Keyword registered as Text would still be listed, and filtered on wrongly.
      expect(await registeredTypes(connection)).toEqual(CONTRACT_SEARCH_ATTRIBUTE_TYPES);
    } finally {
      await connection.close();
    }
    const ui = await fetch(inject('temporalUiUrl'));
    expect(ui.status).toBe(200);
  });

  it('registers the case search attributes with their types on a namespace that lacks them, as on a real cluster', async () => {
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const namespace = `sa-${randomUUID()}`;
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
      // A new namespace reaches the frontend's cache a moment after it is registered.
      const added = await eventually('the new namespace', () => registerSearchAttributes(connection, namespace).catch(() => undefined), 30_000);
      expect([...added].sort()).toEqual(Object.keys(CONTRACT_SEARCH_ATTRIBUTE_TYPES).sort());
      expect(await registeredTypes(connection, namespace)).toEqual(CONTRACT_SEARCH_ATTRIBUTE_TYPES);
      // Run again, it finds them all and adds nothing.
      expect(await registerSearchAttributes(connection, namespace)).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  it('refuses a namespace where a case search attribute exists with another type, naming it', async () => {
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const namespace = `sa-${randomUUID()}`;
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
      // Someone made ServiceCodes a plain Keyword on this cluster: the Web UI's filters on it would go wrong.
      await eventually('the new namespace', () =>
        connection.operatorService
          .addSearchAttributes({ namespace, searchAttributes: { ServiceCodes: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD } })
          .then(() => true, () => false),
      30_000);
      await expect(registerSearchAttributes(connection, namespace)).rejects.toThrow(/ServiceCodes.*Keyword.*KeywordList/);
      // And it added none of the others: nothing half done.
      expect(await registeredTypes(connection, namespace)).toEqual({
        CaseStatus: undefined,
        Municipality: undefined,
        ServiceCodes: 'INDEXED_VALUE_TYPE_KEYWORD',
        NextDeadline: undefined,
        Overdue: undefined,
      });
    } finally {
      await connection.close();
    }
  });
});
