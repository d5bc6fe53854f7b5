// Temporal's frontend with its own JWT authorizer (docker-compose.yml's frontend, docs/scaling-out.md):
// the real server (built by `npm run test:cluster`, one process, in-memory SQLite) trusts the JWKS of
// the embedded issuer's shared key, and the API's client and the worker reach it only with the token
// TEMPORAL_TOKEN_PERMISSIONS makes them sign (config/temporalServiceToken.ts).
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicJwks, writeNewSigningKey } from '../../api/auth/localIssuer';
import { loadSettings } from '../../config/settings';
import { resolveTemporalConnection } from '../../config/temporalConnection';
import { signServiceToken } from '../../config/temporalServiceToken';
import { ServerProcess } from '../../launcher/childProcess';
import { singleClusterYaml } from '../../scripts/cluster/temporalCluster';
import { requireTemporalServerBinaries } from '../../scripts/cluster/temporalServerBinaries';
import { freePort } from '../../scripts/stack/freePort';
import { createTemporalClient } from '../../temporal/client';
import { newPayloadKeyEntry } from '../../codec/keys';
import { freshPayloadKeys } from '../support/payloadKeys';

const NAMESPACE = 'cases';
let dir: string;
let keyFile: string;
let otherKeyFile: string;
let jwks: Server;
let server: ServerProcess;
let address: string;

function config(ports: Record<string, number>, jwksUrl: string): string {
  const store = `      sql:
        pluginName: "sqlite"
        databaseName: "default"
        connectAddr: "localhost"
        connectProtocol: "tcp"
        connectAttributes:
          mode: "memory"
          cache: "private"
        maxConns: 1
        maxIdleConns: 1
        maxConnLifetime: "1h"`;
  const service = (name: string) => `  ${name}:
    rpc:
      grpcPort: ${ports[`${name}.grpc`]}
      membershipPort: ${ports[`${name}.membership`]}
      bindOnLocalHost: true`;
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: sqlite-default
  visibilityStore: sqlite-visibility
  numHistoryShards: 1
  datastores:
    sqlite-default:
${store}
    sqlite-visibility:
${store}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  authorization:
    jwtKeyProvider:
      keySourceURIs:
        - "${jwksUrl}"
      refreshInterval: 1m
    permissionsClaimName: permissions
    authorizer: default
    claimMapper: default
services:
${SERVICES.map(service).join('\n')}
${singleClusterYaml(ports['frontend.grpc']!)}
`;
}

// The internal frontend lets Temporal's own worker service in without a token, as in docker-compose.yml.
const SERVICES = ['frontend', 'internal-frontend', 'history', 'matching', 'worker'];

/** The settings an instance reads, with TEMPORAL_TOKEN_PERMISSIONS. */
function connectionFor(permissions: string, signingKeyFile = keyFile) {
  return loadSettings({ PAYLOAD_KEYS: newPayloadKeyEntry('k1'), AUTH_SIGNING_KEY_FILE: signingKeyFile, TEMPORAL_ADDRESS: address, TEMPORAL_TOKEN_PERMISSIONS: permissions }, dir).temporalConnection;
}

async function adminConnection(): Promise<Connection> {
  const token = await signServiceToken({ permissions: ['temporal-system:admin'], signingKeyFile: keyFile });
  return Connection.connect({ address, apiKey: token, tls: false });
}

/** How the frontend refused a call: its gRPC status (7 permission denied, 16 unauthenticated). */
async function refusal(call: Promise<unknown>): Promise<number | string> {
  try {
    await call;
    return 'answered';
  } catch (error) {
    const cause = (error as { cause?: { code?: number } }).cause ?? (error as { code?: number });
    return cause.code ?? String(error);
  }
}

beforeAll(async () => {
  const binaries = requireTemporalServerBinaries();
  dir = mkdtempSync(path.join(os.tmpdir(), 'temporal-authorizer-'));
  keyFile = path.join(dir, 'signing-key.json');
  otherKeyFile = path.join(dir, 'other-key.json');
  const key = await writeNewSigningKey(keyFile);
  await writeNewSigningKey(otherKeyFile);
  // The JWKS the API serves at /.well-known/jwks.json (api/routes/jwks.ts), from the shared key.
  jwks = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(publicJwks(key)));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const jwksUrl = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/.well-known/jwks.json`;
  const ports: Record<string, number> = {};
  for (const s of SERVICES) for (const kind of ['grpc', 'membership']) ports[`${s}.${kind}`] = await freePort();
  const configFile = path.join(dir, 'temporal.yaml');
  writeFileSync(configFile, config(ports, jwksUrl), { mode: 0o600 });
  address = `127.0.0.1:${ports['frontend.grpc']}`;
  server = await ServerProcess.start('Temporal (authorizing)', binaries.server, ['--config-file', configFile, 'start', ...SERVICES.flatMap((s) => ['--service', s])], {
    logFile: path.join(dir, 'temporal.log'),
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 20_000,
  });
  // Up once an admin's token can register the namespace.
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const admin = await adminConnection();
      try {
        await admin.workflowService.registerNamespace({ namespace: NAMESPACE, workflowExecutionRetentionPeriod: msToTs('1 day') });
        break;
      } finally {
        await admin.close();
      }
    } catch (error) {
      if (server.hasExited) throw new Error(`the Temporal server stopped: ${server.logTail(10)}`);
      if (Date.now() > deadline) throw new Error(`${String(error)}; the server's log ends: ${server.logTail(15)}`);
      await sleep(1_000);
    }
  }
  // A namespace just registered is known to every service a moment later.
  await sleep(2_000);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => (jwks ? jwks.close(() => resolve()) : resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("Temporal's frontend with its JWT authorizer", () => {
  it('refuses a client without a token', async () => {
    const connection = await Connection.connect({ address, connectTimeout: 10_000 });
    try {
      const client = new Client({ connection, namespace: NAMESPACE });
      expect(await refusal(client.workflow.count())).toBe(7);
    } finally {
      await connection.close();
    }
  });

  it('refuses a token signed with another key, and one for another namespace', async () => {
    for (const given of [connectionFor('cases:write', otherKeyFile), connectionFor('other:write')]) {
      const { options, tokens } = await resolveTemporalConnection(given);
      const client = createTemporalClient({ address, namespace: NAMESPACE, payloadKeys: freshPayloadKeys('k1'), connection: options, tokens });
      try {
        expect(await refusal(client.workflow.count())).toBe(7);
      } finally {
        tokens?.stop();
        await client.connection.close();
      }
    }
  });

  it("lets the API's client and a worker in with TEMPORAL_TOKEN_PERMISSIONS=cases:write, and runs a workflow", async () => {
    const { options, tokens } = await resolveTemporalConnection(connectionFor('cases:write'));
    expect(tokens).toBeDefined();
    const client = createTemporalClient({ address, namespace: NAMESPACE, payloadKeys: freshPayloadKeys('k1'), connection: options, tokens });
    const native = await NativeConnection.connect({ ...options, apiKey: tokens!.current(), address });
    try {
      const worker = await Worker.create({ connection: native, namespace: NAMESPACE, taskQueue: 'authorized', workflowsPath: path.resolve(__dirname, 'fixtures/greeting.ts') });
      const result = await worker.runUntil(client.workflow.execute('Greeting', { taskQueue: 'authorized', workflowId: 'greeting-1' }));
      expect(result).toBe('hei');
      // A renewed token is taken as it comes (the one the worker holds is replaced in place).
      await native.setApiKey(await signServiceToken({ permissions: ['cases:write'], signingKeyFile: keyFile }));
      expect(await client.workflow.count()).toMatchObject({ count: 1 });
    } finally {
      tokens?.stop();
      await native.close();
      await client.connection.close();
    }
  }, 120_000);
});
