// Who the embedded PostgreSQL runs as. PostgreSQL refuses to run as root, so as root it must run as
// another user, and that user must reach the binaries and the cluster, which may sit under a private
// folder (a 0700 home folder, what `mktemp -d` gives). Loosening a folder above the clone is not ours
// to do, so as root PostgreSQL runs in a user namespace where root's own files appear as the
// `postgres` user's: it reaches exactly what root reaches, and sees itself as `postgres`.
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { oneLine } from './waiting';

const run = promisify(execFile);
const SYSTEM_USER = 'postgres';

export interface PostgresUser {
  /**
   * `self`: this user, not root. `namespace`: root, seen as `postgres` inside a user namespace.
   * `setuid`: root switches to the system user `postgres` (where user namespaces are not allowed).
   */
  mode: 'self' | 'namespace' | 'setuid';
  /** The program and arguments that run `binary` as this user. */
  command(binary: string, args: string[]): { command: string; args: string[] };
  /** Passed to spawn in `setuid` mode. */
  uid?: number;
  gid?: number;
  /** Who must own the cluster's files (outside any namespace). */
  ownerUid: number;
  ownerGid: number;
  /** For messages: `the "postgres" user`. */
  describe: string;
}

interface Ids {
  uid: number;
  gid: number;
}

/** The system user `postgres`, made if missing (as root only). */
async function systemUser(): Promise<Ids> {
  const lookup = async (): Promise<Ids> => ({
    uid: Number((await run('id', ['-u', SYSTEM_USER])).stdout.trim()),
    gid: Number((await run('id', ['-g', SYSTEM_USER])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    try {
      await run('groupadd', ['--system', SYSTEM_USER]).catch(() => undefined);
      await run('useradd', ['--system', '-g', SYSTEM_USER, '--no-create-home', '-s', '/usr/sbin/nologin', SYSTEM_USER]);
      return await lookup();
    } catch (error) {
      throw new Error(`running as root, and the system user "postgres" that PostgreSQL needs could not be made: ${oneLine(String(error))}`);
    }
  }
}

/** unshare(1)'s arguments for a user namespace in which root's own files belong to `ids`. */
function namespaceArgs(ids: Ids): string[] {
  return ['--user', `--map-user=${ids.uid}`, `--map-group=${ids.gid}`, '--'];
}

/** False where the kernel or util-linux does not allow such a namespace. */
function namespaceWorks(ids: Ids): boolean {
  const probe = spawnSync('unshare', [...namespaceArgs(ids), '/bin/sh', '-c', 'test "$(id -u)" = "$1"', 'sh', String(ids.uid)], {
    stdio: 'ignore',
    timeout: 10_000,
  });
  return probe.status === 0;
}

export async function postgresUser(): Promise<PostgresUser> {
  if (process.getuid?.() !== 0) {
    const uid = process.getuid?.() ?? 0;
    const gid = process.getgid?.() ?? 0;
    return { mode: 'self', command: (command, args) => ({ command, args }), ownerUid: uid, ownerGid: gid, describe: 'this user' };
  }
  const ids = await systemUser();
  const describe = `the "${SYSTEM_USER}" user`;
  if (namespaceWorks(ids)) {
    return {
      mode: 'namespace',
      command: (binary, args) => ({ command: 'unshare', args: [...namespaceArgs(ids), binary, ...args] }),
      ownerUid: 0,
      ownerGid: 0,
      describe,
    };
  }
  return { mode: 'setuid', command: (command, args) => ({ command, args }), uid: ids.uid, gid: ids.gid, ownerUid: ids.uid, ownerGid: ids.gid, describe };
}

/** True when `user` can enter `dir` (and, given, run `binary`). */
function canReach(user: PostgresUser, dir: string, binary?: string): boolean {
  const script = binary ? 'cd "$1" && test -x "$2"' : 'cd "$1"';
  const { command, args } = user.command('/bin/sh', ['-c', script, 'sh', dir, ...(binary ? [binary] : [])]);
  return spawnSync(command, args, { uid: user.uid, gid: user.gid, stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/** The outermost folder on the way to `target` that `user` cannot enter. */
function firstUnreachable(user: PostgresUser, target: string): string {
  const levels: string[] = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    levels.unshift(dir);
    if (path.dirname(dir) === dir) break;
  }
  return levels.find((dir) => !canReach(user, dir)) ?? target;
}

/**
 * Throws one line naming the folder when PostgreSQL, run as `user`, cannot reach its binaries or the
 * folder its cluster goes in. Permissions are never changed to make it so.
 */
export function checkReachable(user: PostgresUser, clusterDir: string, binary: string): void {
  if (user.mode === 'self') return;
  const [why, where] =
    user.mode === 'namespace'
      ? ['as root it runs through a user namespace, which reaches only what root owns', 'a folder root owns']
      : ['this machine allows no user namespace, so as root it runs as that user', 'a folder every user may enter, or run as an ordinary user'];
  const binDir = path.dirname(binary);
  if (!canReach(user, binDir, binary)) {
    throw new Error(`PostgreSQL cannot run ${binary}: ${firstUnreachable(user, binDir)} cannot be entered by ${user.describe} (${why}); clone the project into ${where}`);
  }
  const parent = path.dirname(clusterDir);
  if (!canReach(user, parent)) {
    throw new Error(`DATA_DIR: ${firstUnreachable(user, parent)} cannot be entered by ${user.describe} that PostgreSQL runs as (${why}); choose a DATA_DIR in ${where}`);
  }
}

/**
 * In `setuid` mode the `postgres` user must pass through the folder that holds the cluster: DATA_DIR,
 * this user's only (launcher/dataDir.ts). Its group may then enter it (0710), not list or change it.
 * A folder of someone else's is left alone: checkReachable says what to do.
 */
export function openPassage(user: PostgresUser, clusterDir: string): void {
  if (user.mode !== 'setuid') return;
  const parent = path.dirname(clusterDir);
  if (!existsSync(parent)) return;
  const stat = statSync(parent);
  if (stat.uid !== process.getuid?.() || canReach(user, parent)) return;
  chownSync(parent, stat.uid, user.ownerGid);
  chmodSync(parent, (stat.mode & 0o7777) | 0o010);
}

/** A cluster made in another mode (an earlier version ran it as `postgres` outright) is handed to the owner this mode needs. */
export function adoptCluster(user: PostgresUser, clusterDir: string): void {
  if (user.mode === 'self') return;
  const stat = statSync(clusterDir);
  if (stat.uid === user.ownerUid && stat.gid === user.ownerGid) return;
  const chown = spawnSync('chown', ['-R', `${user.ownerUid}:${user.ownerGid}`, clusterDir], { encoding: 'utf8' });
  if (chown.status !== 0) throw new Error(`${clusterDir} could not be given to ${user.describe}: ${oneLine(chown.stderr || String(chown.error))}`);
}
