// A real Temporal cluster on this machine, as an operator runs one: the server built from its Go module
// (./temporalServerBinaries.ts), its four services (frontend, history, matching, worker) as four
// processes of their own, on PostgreSQL (its own role and two databases, the schema made with
// Temporal's temporal-sql-tool). Any one service can be SIGKILLed and started again.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { ServerProcess } from '../../launcher/childProcess';
import { freePort } from '../stack/freePort';
import type { TemporalServerBinaries } from './temporalServerBinaries';

export const SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Temporal's own role in the shared PostgreSQL: it owns its two databases and nothing of the cases'. */
const ROLE = 'temporal';
const DATABASES = { temporal: 'postgresql/v12/temporal', temporal_visibility: 'postgresql/v12/visibility' } as const;

export interface ClusterOptions {
  binaries: TemporalServerBinaries;
  /** A folder of its own: the config, the dynamic config and one log a service. */
  dir: string;
  /** The superuser's URL of the `postgres` database, to make the role and the databases. */
  pgAdminUrl: string;
  pgPort: number;
  log?: (line: string) => void;
}

export interface TemporalCluster {
  /** host:port of the frontend. */
  address: string;
  pid(service: ServiceName): number;
  /** SIGKILL of one service; resolves once it is gone. */
  kill(service: ServiceName): Promise<void>;
  /** Starts a killed service again, as its supervisor (systemd, Kubernetes) would. */
  restart(service: ServiceName): Promise<void>;
  logFile(service: ServiceName): string;
  stop(): Promise<void>;
}

async function sql(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

function run(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`${what} failed (${result.error?.message ?? `exit ${result.status}`}): ${(result.stderr || result.stdout).trim().split('\n').slice(-3).join(' ')}`);
  }
}

/** The role and its databases, then the schema at this release's version (temporal-sql-tool, as the Temporal docs have it). */
async function prepareDatabases(opts: ClusterOptions, password: string): Promise<void> {
  await sql(opts.pgAdminUrl, [
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN CREATE ROLE ${ROLE}; END IF; END $$`,
    `ALTER ROLE ${ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`,
  ]);
  for (const [database, schema] of Object.entries(DATABASES)) {
    const client = new pg.Client({ connectionString: opts.pgAdminUrl });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (!rowCount) await client.query(`CREATE DATABASE ${database} OWNER ${ROLE}`);
    } finally {
      await client.end();
    }
    const tool = [opts.binaries.sqlTool, '--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(opts.pgPort), '-u', ROLE, '--pw', password, '--db', database];
    run(tool[0] as string, [...tool.slice(1), 'setup-schema', '-v', '0.0'], `temporal-sql-tool setup-schema (${database})`);
    run(tool[0] as string, [...tool.slice(1), 'update-schema', '--schema-name', schema], `temporal-sql-tool update-schema (${database})`);
  }
}

interface Ports {
  grpc: number;
  membership: number;
  http?: number;
}

/** The config of a lone cluster (no replication), its frontend on this machine: shared with the authorizer test. */
export function singleClusterYaml(frontendPort: number): string {
  return `clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${frontendPort}"
dcRedirectionPolicy:
  policy: "noop"`;
}

function configYaml(opts: ClusterOptions, password: string, ports: Record<ServiceName, Ports>, dynamicConfig: string): string {
  const store = (database: string, maxConns: number) => `      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "127.0.0.1:${opts.pgPort}"
        connectProtocol: "tcp"
        user: "${ROLE}"
        password: "${password}"
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (name: ServiceName) => `  ${name}:
    rpc:
      grpcPort: ${ports[name].grpc}
      membershipPort: ${ports[name].membership}
      bindOnLocalHost: true${ports[name].http ? `\n      httpPort: ${ports[name].http}` : ''}`;
  return `# Written by scripts/cluster/temporalCluster.ts: one file, each service started with --service.
log:
  stdout: true
  level: warn
persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: 4
  datastores:
    default:
${store('temporal', 10)}
    visibility:
${store('temporal_visibility', 4)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
${SERVICES.map(service).join('\n')}
${singleClusterYaml(ports.frontend.grpc)}
publicClient:
  hostPort: "127.0.0.1:${ports.frontend.grpc}"
dynamicConfigClient:
  filepath: "${dynamicConfig}"
  pollInterval: "10s"
`;
}

/** Waits until something listens on the port of this machine. */
async function waitForPort(port: number, timeoutMs: number, alive: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const dead = alive();
    if (dead) throw new Error(dead);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/** Waits until the frontend answers and says it serves the workflow service. */
async function waitForFrontend(address: string, timeoutMs: number, alive: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const dead = alive();
    if (dead) throw new Error(dead);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline) throw new Error(`the Temporal frontend at ${address} did not answer within ${timeoutMs / 1000} s (last: ${last})`);
    await sleep(500);
  }
}

export async function startTemporalCluster(opts: ClusterOptions): Promise<TemporalCluster> {
  const log = opts.log ?? (() => undefined);
  const password = randomBytes(18).toString('base64url');
  await prepareDatabases(opts, password);
  log('Temporal schema: made with temporal-sql-tool (databases temporal, temporal_visibility, role temporal)');

  const ports = {} as Record<ServiceName, Ports>;
  for (const name of SERVICES) ports[name] = { grpc: await freePort(), membership: await freePort(), ...(name === 'frontend' ? { http: await freePort() } : {}) };
  const dynamicConfig = path.join(opts.dir, 'dynamicconfig.yaml');
  // Search attributes just added are seen at once (the cluster suite adds them and starts cases right after).
  writeFileSync(dynamicConfig, 'system.forceSearchAttributesCacheRefreshOnRead:\n  - value: true\n    constraints: {}\n');
  const configFile = path.join(opts.dir, 'temporal.yaml');
  writeFileSync(configFile, configYaml(opts, password, ports, dynamicConfig), { mode: 0o600 });

  const processes = new Map<ServiceName, ServerProcess>();
  const logFile = (name: ServiceName) => path.join(opts.dir, `${name}.log`);
  const start = async (name: ServiceName) => {
    const proc = await ServerProcess.start(`Temporal ${name}`, opts.binaries.server, ['--config-file', configFile, '--allow-no-auth', 'start', '--service', name], {
      logFile: logFile(name),
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 20_000,
    });
    processes.set(name, proc);
  };
  const stopAll = async () => {
    await Promise.allSettled([...processes.values()].map((p) => p.stop()));
  };
  const address = `127.0.0.1:${ports.frontend.grpc}`;
  try {
    // The first service writes the cluster's metadata on a fresh database; services started beside it
    // race it to the same row and exit ("Failed to apply cluster metadata"). So the others start only
    // once the first listens, by which time the row is there for them to read.
    const [first, ...others] = SERVICES;
    await start(first);
    await waitForPort(ports[first].grpc, 120_000, () => {
      const proc = processes.get(first);
      return proc?.hasExited ? `${proc.name} ${proc.describeExit()}: ${proc.logTail(5)}` : undefined;
    });
    for (const name of others) await start(name);
    await waitForFrontend(address, 120_000, () => {
      const dead = [...processes.values()].find((p) => p.hasExited);
      return dead ? `${dead.name} ${dead.describeExit()}: ${dead.logTail(5)}` : undefined;
    });
  } catch (error) {
    await stopAll();
    throw error;
  }
  log(`Temporal cluster: frontend ${address}; ${SERVICES.map((s) => `${s} pid ${processes.get(s)?.pid}`).join(', ')}`);

  const current = (name: ServiceName) => {
    const proc = processes.get(name);
    if (!proc) throw new Error(`no Temporal ${name} started`);
    return proc;
  };
  return {
    address,
    pid: (name) => current(name).pid,
    async kill(name) {
      const proc = current(name);
      process.kill(proc.pid, 'SIGKILL');
      await proc.exited;
    },
    async restart(name) {
      if (!current(name).hasExited) throw new Error(`Temporal ${name} is still running`);
      await start(name);
    },
    logFile,
    stop: stopAll,
  };
}
