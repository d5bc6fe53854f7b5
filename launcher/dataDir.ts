// The data directory: made if missing, private to this user, proved writable, and held by one launcher
// at a time.
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
// A launcher just killed may linger as a zombie for a moment: that counts as gone.
import { isRunning } from './childProcess';

export interface DataDirLayout {
  root: string;
  temporalDb: string;
  postgresDir: string;
  /** The embedded superuser's password: it owns the tables and migrates them. */
  postgresPassword: string;
  /** The password of the role the API and the worker connect as. */
  postgresAppPassword: string;
  /** The payload key the launcher makes when neither PAYLOAD_KEYS nor PAYLOAD_KEYS_FILE is set. */
  payloadKeys: string;
  logs: string;
  lock: string;
}

export function dataDirLayout(root: string): DataDirLayout {
  return {
    root,
    temporalDb: path.join(root, 'temporal.sqlite'),
    postgresDir: path.join(root, 'postgres'),
    postgresPassword: path.join(root, 'pg-password'),
    postgresAppPassword: path.join(root, 'pg-app-password'),
    payloadKeys: path.join(root, 'payload-keys'),
    logs: path.join(root, 'logs'),
    lock: path.join(root, 'launcher.pid'),
  };
}

/** Group and others: no bit of theirs on anything under DATA_DIR. */
const NOT_OURS = 0o077;

/**
 * Makes the directory, private to this user, and proves a file can be written there; throws one line
 * naming DATA_DIR. The database, Temporal's SQLite, the logs and the keys hold cases or open them: from
 * here on this process and the servers it starts make every file and folder for this user only
 * (umask 077), and what an earlier version left readable by others (0644 logs, 0755 folders) is
 * made private too.
 */
export function prepareDataDir(layout: DataDirLayout): void {
  process.umask(NOT_OURS);
  try {
    makeDirectories(layout.logs);
    const probe = path.join(layout.root, `.write-test-${process.pid}`);
    writeFileSync(probe, 'ok');
    unlinkSync(probe);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new Error(`DATA_DIR: ${layout.root} cannot be written (${code ?? message}); choose a directory this user can write`);
  }
  makePrivate(layout.root);
}

/** Takes group's and others' bits off `target` and everything below it; symbolic links are left alone. */
function makePrivate(target: string): void {
  const stat = lstatSync(target);
  if (stat.isSymbolicLink()) return;
  if (stat.mode & NOT_OURS) {
    try {
      chmodSync(target, stat.mode & 0o7777 & ~NOT_OURS);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new Error(`DATA_DIR: ${target} is open to other users and cannot be made private (${code}); chmod go= it, or choose another DATA_DIR`);
    }
  }
  if (stat.isDirectory()) for (const entry of readdirSync(target)) makePrivate(path.join(target, entry));
}

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir spins forever under a path the kernel
 * refuses with ENOENT while its parent exists (e.g. under /proc).
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  while (!existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const level of missing) mkdirSync(level);
  if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
}

/** True when a live launcher (not this one) holds the directory. */
export function dataDirInUse(layout: DataDirLayout): boolean {
  if (!existsSync(layout.lock)) return false;
  const pid = Number(readFileSync(layout.lock, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isRunning(pid);
}

/** Takes the directory for this process; throws when another live launcher holds it. Returns the release. */
export function lockDataDir(layout: DataDirLayout): () => void {
  if (dataDirInUse(layout)) {
    const pid = readFileSync(layout.lock, 'utf8').trim();
    throw new Error(`DATA_DIR: ${layout.root} is in use by another launcher (pid ${pid}); stop it or choose another DATA_DIR`);
  }
  writeFileSync(layout.lock, `${process.pid}\n`);
  return () => {
    try {
      if (readFileSync(layout.lock, 'utf8').trim() === String(process.pid)) rmSync(layout.lock);
    } catch {
      // already gone
    }
  };
}
