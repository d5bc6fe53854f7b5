// The whole stack on one machine: the embedded Temporal and PostgreSQL (unless TEMPORAL_ADDRESS or
// DATABASE_URL name existing ones), the migrated database, the worker and the API. Started in order,
// stopped in reverse, every wait bounded; a part that fails to start takes down what had started.
import type { Settings } from '../config/settings';
import { portsToBind, redactDatabaseUrl } from '../config/settings';
import { migrateAndGrant } from '../db/applicationRole';
import { createDb } from '../db/knex';
import { dataDirInUse, dataDirLayout, lockDataDir, prepareDataDir } from './dataDir';
import { ensurePayloadKeyFile } from './payloadKeyFile';
import { checkPolicyAtStart } from './policyCheck';
import { loadPolicy } from '../config/policy';
import { assertPortsFree } from './ports';
import { postgresBinaries, startEmbeddedPostgres, type EmbeddedPostgres } from './postgres';
import { forgetTemporalPid, forgetUiPid, recordTemporalPid, recordUiPid, stopLeftoverPostgres, stopLeftoverTemporal, stopLeftoverUi, type Log } from './leftovers';
import { Supervisor } from './supervisor';
import { requireBinary, temporalCliPath, temporalUiServerPath } from './binaries';
import { startTemporalDevServer, uiRootOf, type TemporalDevServer } from './temporalServer';
import { waitUntil, withTimeout } from './waiting';
import { hostForUrl, installRuntimeWithoutSignals } from './workerRuntime';
import type { ServerProcess } from './childProcess';
import path from 'node:path';

export interface StackAddresses {
  apiUrl: string;
  temporalAddress: string;
  namespace: string;
  /** Only when the embedded Temporal server runs. */
  temporalUiUrl: string | undefined;
  /** user@host:port/database, no password. */
  database: string;
  /** Where the embedded database's application role keeps its password, when it runs. */
  databasePasswordFile: string | undefined;
  dataDir: string;
  logsDir: string;
  /** How to get a token: the embedded issuer's command, or the external issuer's name. */
  tokens: string;
  /** The worker's Temporal SDK metrics, unless WORKER_METRICS_PORT=off. */
  workerMetricsUrl: string | undefined;
}

const TIMEOUTS = {
  servers: 60_000,
  migrate: 60_000,
  // The worker bundles the workflow code with webpack on start: seconds, more on a cold, busy machine.
  worker: 180_000,
  api: 30_000,
  health: 30_000,
  stopApp: 30_000,
};


/** Where this machine reaches a server listening on `host` (HOST): the loopback for "every interface". */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return hostForUrl(host);
}

interface Stopper {
  name: string;
  stop: () => Promise<void>;
}

export class Stack {
  private readonly abort = new AbortController();
  /** The worker and the API: stopped one by one, newest first. */
  private readonly apps: Stopper[] = [];
  /** The child servers: stopped together, after the apps. */
  private readonly servers: Stopper[] = [];
  /** Every part that is started again when it ends on its own. */
  private readonly supervisors: Supervisor[] = [];
  private releaseLock: (() => void) | undefined;

  constructor(
    private readonly settings: Settings,
    private readonly log: Log,
  ) {}

  get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  /** Asks a start in progress to give up at its next wait. */
  cancel(): void {
    this.abort.abort();
  }

  /** Starts every part; on failure stops what had started and rethrows. */
  async start(): Promise<StackAddresses> {
    try {
      return await this.startParts();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  private async startParts(): Promise<StackAddresses> {
    const s = this.settings;
    const layout = dataDirLayout(s.dataDir);
    // Servers a killed launcher left behind on this DATA_DIR still hold its files and their ports.
    if (!dataDirInUse(layout)) {
      if (!s.temporalAddress) {
        await stopLeftoverTemporal(layout.root, layout.temporalDb, this.log);
        await stopLeftoverUi(layout.root, uiRootOf(path.join(layout.logs, 'temporal.log')), this.log);
      }
      if (!s.databaseUrl) await stopLeftoverPostgres(layout.postgresDir, this.log);
    }
    // Everything that can be checked is checked before anything starts.
    await assertPortsFree(portsToBind(s));
    if (!s.temporalAddress) {
      requireBinary(temporalCliPath(), 'TEMPORAL_CLI_PATH', 'Temporal CLI');
      requireBinary(temporalUiServerPath(), 'TEMPORAL_UI_SERVER_PATH', 'Temporal UI server');
    }
    if (!s.databaseUrl) await postgresBinaries();
    prepareDataDir(layout);
    this.releaseLock = lockDataDir(layout);
    const payloadKeys = s.payloadKeys ?? ensurePayloadKeyFile(layout.payloadKeys);

    // Temporal and PostgreSQL start side by side; when one fails, the other gives up and is stopped too.
    let firstFailure: unknown;
    const failFast = (error: unknown): never => {
      if (firstFailure === undefined && !this.stopping) firstFailure = error;
      this.abort.abort();
      throw error;
    };
    const [temporal, database] = await Promise.allSettled([
      s.temporalAddress
        ? Promise.resolve({ address: s.temporalAddress, uiUrl: undefined })
        : this.supervise('Temporal dev server', (signal) => this.startTemporal(signal)).catch(failFast),
      s.databaseUrl
        ? Promise.resolve({
            appUrl: s.databaseUrl,
            url: s.databaseMigrationUrl ?? s.databaseUrl,
            display: redactDatabaseUrl(s.databaseUrl),
            passwordFile: undefined,
          })
        : this.supervise('PostgreSQL', (signal) => this.startPostgres(signal)).then(
            (server) => ({ ...server, passwordFile: layout.postgresAppPassword }),
            failFast,
          ),
    ]);
    if (firstFailure !== undefined) throw firstFailure;
    if (temporal.status === 'rejected') throw temporal.reason;
    if (database.status === 'rejected') throw database.reason;
    this.throwIfStopping();

    // Migrated as the owner; the API and the worker connect as the application's role.
    const db = createDb(database.value.url, { max: 1 });
    try {
      const { granted } = await withTimeout(
        migrateAndGrant(db, database.value.appUrl, database.value.url),
        TIMEOUTS.migrate,
        `migrating the database ${database.value.display}`,
      );
      if (!granted) this.log(`Warning: DATABASE_URL's role owns the tables, so it could change the access log; set DATABASE_MIGRATION_URL to the owner's (docs/security-database.md)`);
    } finally {
      await db.destroy();
    }
    this.throwIfStopping();
    await checkPolicyAtStart(database.value.url, loadPolicy(s.policyFile), s.acceptPolicyChange, this.log);

    const common = {
      temporalAddress: temporal.value.address,
      namespace: s.temporalNamespace,
      // TLS or an API key is for a Temporal of its own, never for the embedded dev server.
      ...(s.temporalAddress ? { temporalConnection: s.temporalConnection } : {}),
      databaseUrl: database.value.appUrl,
      payloadKeys,
      ...(s.policyFile ? { policyFile: s.policyFile } : {}),
    };
    // The launcher handles SIGINT and SIGTERM itself, stopping the parts in order: the SDK must not
    // shut the worker down on its own when they arrive.
    await installRuntimeWithoutSignals({ metricsPort: s.workerMetricsPort, metricsHost: s.host });
    // LETTER_TRANSPORT=svarut with no national service configured, and Fiks Arkiv unless FIKS_ARKIV=off or
    // configured: the local ones, as with PostgreSQL.
    const { startLocalNationalServices } = await import('./local/nationalServices.js');
    const national = await startLocalNationalServices(process.env, s.dataDir);
    if (national) {
      this.apps.push({ name: 'local national services', stop: () => national.stop() });
      const started = [`Maskinporten ${national.maskinportenUrl}`, national.krrUrl && `KRR ${national.krrUrl}`, national.svarutUrl && `SvarUt ${national.svarutUrl}`, national.fregUrl && `Folkeregisteret ${national.fregUrl}`, national.fiksArkivUrl && `Fiks IO and Fiks Arkiv ${national.fiksArkivUrl}`];
      this.log(`local ${started.filter(Boolean).join(', ')}`);
    }
    const { runWorker } = await import('../worker/run.js');
    // The worker polls through a Temporal restart on its own; should it stop anyway, it is started again.
    const worker = await Supervisor.start(
      {
        name: 'worker',
        log: this.log,
        start: async () => {
          const running = await withTimeout(runWorker({ ...common, dataDir: s.dataDir, payloadClearBefore: s.payloadClearBefore, maxCachedWorkflows: s.workerCachedWorkflows, ...(s.letterFilesDir ? { letterFilesDir: s.letterFilesDir } : {}) }), TIMEOUTS.worker, 'starting the worker');
          return { ended: running.ended, stop: () => running.shutdown() };
        },
      },
      this.abort.signal,
    );
    this.supervisors.push(worker);
    this.apps.push({ name: 'worker', stop: () => worker.stop() });
    this.throwIfStopping();

    const { startApi } = await import('../api/server.js');
    const { authFromSettings } = await import('../api/auth/authConfig.js');
    // The embedded issuer's signing key is made in DATA_DIR on first start.
    const auth = await authFromSettings(s.auth, s.dataDir);
    const { pagesClientFromEnv } = await import('../api/pages/pages.js');
    const client = pagesClientFromEnv(process.env);
    const pages = { ...(client ? { client } : {}), ...(temporal.value.uiUrl ? { temporalUi: { url: temporal.value.uiUrl, namespace: s.temporalNamespace } } : {}) };
    const api = await withTimeout(startApi({ ...common, port: s.port, host: s.host, auth, http: s.http, codec: { corsOrigins: s.codecCorsOrigins }, pages }), TIMEOUTS.api, `starting the API on port ${s.port}`);
    this.apps.push({ name: 'API', stop: () => api.close() });
    this.throwIfStopping();

    return {
      apiUrl: api.url.replace(/\/$/, ''),
      temporalAddress: temporal.value.address,
      namespace: s.temporalNamespace,
      temporalUiUrl: temporal.value.uiUrl,
      database: database.value.display,
      databasePasswordFile: database.value.passwordFile,
      dataDir: layout.root,
      logsDir: layout.logs,
      tokens:
        s.auth.kind === 'embedded'
          ? 'npm run -s token -- --sub <user id> --role caseworker --municipality namsos  (roles: caseworker, manager, auditor)'
          : `from ${s.auth.issuer} (audience ${s.auth.audience})`,
      workerMetricsUrl: s.workerMetricsPort === undefined ? undefined : `http://${reachableHost(s.host)}:${s.workerMetricsPort}/metrics`,
    };
  }

  /** Waits until GET /api/health answers 200; throws with the last answer after the deadline. */
  async waitHealthy(apiUrl: string): Promise<void> {
    await waitUntil(
      `GET ${apiUrl}/api/health`,
      async () => {
        const res = await fetch(`${apiUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
        if (res.ok) return true;
        throw new Error(`${res.status} ${await res.text()}`);
      },
      { timeoutMs: TIMEOUTS.health, intervalMs: 300, giveUp: () => (this.stopping ? 'stopped' : undefined) },
    );
  }

  /** Resolves with a one-line reason when a supervised part failed too often and the launcher must stop. */
  childDied(): Promise<string> {
    return Promise.race(this.supervisors.map((supervisor) => supervisor.gaveUp));
  }

  /** Starts a server under a supervisor (started again when it dies); resolves with its first start. */
  private async supervise<T extends { process: ServerProcess; stop(): Promise<void> }>(
    name: string,
    start: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    let first: T | undefined;
    const supervisor = await Supervisor.start(
      {
        name,
        log: this.log,
        start: async (signal) => {
          const server = await start(signal);
          first ??= server;
          return { ended: server.process.exited.then(() => server.process.describeExit()), stop: () => server.stop() };
        },
      },
      this.abort.signal,
    );
    this.servers.push({ name, stop: () => supervisor.stop() });
    this.supervisors.push(supervisor);
    return first as T;
  }

  private async startTemporal(signal: AbortSignal): Promise<TemporalDevServer> {
    const s = this.settings;
    const layout = dataDirLayout(s.dataDir);
    const logFile = path.join(layout.logs, 'temporal.log');
    await stopLeftoverTemporal(layout.root, layout.temporalDb, this.log);
    await stopLeftoverUi(layout.root, uiRootOf(logFile), this.log);
    const server = await startTemporalDevServer({
      port: s.temporalPort,
      uiPort: s.temporalUiPort,
      dbFile: layout.temporalDb,
      namespace: s.temporalNamespace,
      logFile,
      startTimeoutMs: TIMEOUTS.servers,
      signal,
    });
    // A launcher killed outright cannot stop this server: the next one finds it by this pid.
    recordTemporalPid(layout.root, server.process.pid);
    if (server.uiProcess) recordUiPid(layout.root, server.uiProcess.pid);
    return {
      ...server,
      stop: async () => {
        await server.stop();
        forgetTemporalPid(layout.root, server.process.pid);
        if (server.uiProcess) forgetUiPid(layout.root, server.uiProcess.pid);
      },
    };
  }

  private async startPostgres(signal: AbortSignal): Promise<EmbeddedPostgres> {
    const layout = dataDirLayout(this.settings.dataDir);
    // After a crash (of the launcher or of PostgreSQL itself) its processes may still hold the cluster.
    await stopLeftoverPostgres(layout.postgresDir, this.log);
    return startEmbeddedPostgres({
      dir: layout.postgresDir,
      port: this.settings.pgPort,
      database: 'cases',
      passwordFile: layout.postgresPassword,
      appPasswordFile: layout.postgresAppPassword,
      logFile: path.join(layout.logs, 'postgres.log'),
      startTimeoutMs: TIMEOUTS.servers,
      signal,
    });
  }

  /** Stops everything that started, newest first; returns false if a part did not stop cleanly. */
  async stop(): Promise<boolean> {
    this.abort.abort();
    let clean = true;
    for (const app of this.apps.splice(0).reverse()) {
      try {
        await withTimeout(app.stop(), TIMEOUTS.stopApp, `stopping the ${app.name}`);
      } catch (error) {
        clean = false;
        this.log(`stopping the ${app.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const servers = this.servers.splice(0);
    const results = await Promise.allSettled(servers.map((server) => server.stop()));
    results.forEach((result, i) => {
      if (result.status === 'rejected') {
        clean = false;
        this.log(`stopping ${servers[i]?.name} failed: ${String(result.reason)}`);
      }
    });
    this.releaseLock?.();
    this.releaseLock = undefined;
    return clean;
  }

  private throwIfStopping(): void {
    if (this.stopping) throw new StopRequested();
  }
}

/** A stop was asked for while the stack was starting: not an error to report. */
export class StopRequested extends Error {
  constructor() {
    super('stopped while starting');
    this.name = 'StopRequested';
  }
}
