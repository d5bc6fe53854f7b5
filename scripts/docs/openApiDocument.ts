// The OpenAPI document exactly as `GET /api/openapi.json` serves it, from an app built in this process
// with the embedded default's token issuer (so its JWKS route is there too). Nothing is reached: the
// Temporal connection and the database pool are lazy, and the document is built from the routes alone.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../api/app';
import { authFromSettings } from '../../api/auth/authConfig';
import { createTemporalClient } from '../../temporal/client';
import { newPayloadKeyEntry, parsePayloadKeys } from '../../codec/keys';
import { loadPolicy } from '../../config/policy';
import { DEFAULTS } from '../../config/settings';
import { createDb } from '../../db/knex';

export type OpenApiDocument = {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
};
export type OpenApiOperation = {
  summary?: string;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, unknown>;
  security?: unknown[];
};
export type JsonSchema = { $ref?: string; properties?: Record<string, JsonSchema>; required?: string[] };

export async function openApiDocument(): Promise<OpenApiDocument> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'openapi-doc-'));
  const temporal = createTemporalClient({
    // Never dialled: nothing here sends a request to Temporal.
    address: '127.0.0.1:1',
    namespace: DEFAULTS.temporalNamespace,
    payloadKeys: { keys: parsePayloadKeys(newPayloadKeyEntry('docs'), 'PAYLOAD_KEYS'), source: 'PAYLOAD_KEYS' },
  });
  const db = createDb('postgres://nobody:nothing@127.0.0.1:1/none');
  try {
    const auth = await authFromSettings({ kind: 'embedded', rolesClaim: DEFAULTS.rolesClaim, municipalitiesClaim: DEFAULTS.municipalitiesClaim }, dataDir);
    const app = createApp({ temporal, db, policy: loadPolicy(), auth });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/api/openapi.json`);
      if (!res.ok) throw new Error(`GET /api/openapi.json answered ${res.status}`);
      return (await res.json()) as OpenApiDocument;
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  } finally {
    await temporal.connection.close();
    await db.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
}
