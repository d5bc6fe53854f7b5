// The OpenAPI document exactly as `GET /api/openapi.json` serves it, from an app built in this process
// with the embedded default's token issuer (so its JWKS route is there too). Nothing is reached: the
// Temporal connection and the database pool are lazy, and the document is built from the routes alone.
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type AppDeps } from '../../api/app';
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

/** The HTTP methods an OpenAPI path item may hold an operation under (its other keys are not operations). */
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of the document, in its order: the routes table's, the examples page's. */
export function operationsOf(doc: Pick<OpenApiDocument, 'paths'>): Array<{ method: (typeof METHODS)[number]; path: string; operation: OpenApiOperation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ method, path, operation: item[method]! })));
}

/**
 * The embedded default's app (its own token issuer, so its JWKS route is there) on a free port, with
 * nothing behind it: what needs no Temporal and no database (the document, the JWKS) answers as
 * `npm start` would. `close()` stops it and removes its scratch directory.
 */
export async function startOfflineApp(logger?: AppDeps['logger']): Promise<{ url: string; close(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'offline-app-'));
  const temporal = createTemporalClient({
    // Never dialled: nothing here sends a request to Temporal.
    address: '127.0.0.1:1',
    namespace: DEFAULTS.temporalNamespace,
    payloadKeys: { keys: parsePayloadKeys(newPayloadKeyEntry('docs'), 'PAYLOAD_KEYS'), source: 'PAYLOAD_KEYS' },
  });
  const db = createDb('postgres://nobody:nothing@127.0.0.1:1/none');
  const closeParts = async () => {
    await temporal.connection.close();
    await db.destroy();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    const auth = await authFromSettings({ kind: 'embedded', rolesClaim: DEFAULTS.rolesClaim, municipalitiesClaim: DEFAULTS.municipalitiesClaim }, dataDir);
    const app = createApp({ temporal, db, policy: loadPolicy(), auth, ...(logger ? { logger } : {}) });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await closeParts();
      },
    };
  } catch (error) {
    await closeParts();
    throw error;
  }
}

export async function openApiDocument(): Promise<OpenApiDocument> {
  const app = await startOfflineApp();
  try {
    const res = await fetch(`${app.url}/api/openapi.json`);
    if (!res.ok) throw new Error(`GET /api/openapi.json answered ${res.status}`);
    return (await res.json()) as OpenApiDocument;
  } finally {
    await app.close();
  }
}
