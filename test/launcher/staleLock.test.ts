// PostgreSQL's lock file after a crash: a postmaster SIGKILLed together with its launcher lingers as a
// zombie until whoever inherits orphans reaps it (seconds, on some machines). The next start must not
// take it for a running server; a live one it must refuse, naming it.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { clearStaleLock, startEmbeddedPostgres } from '../../launcher/postgres';
import { freePort } from '../../scripts/stack/freePort';

const dirs: string[] = [];
const pids: number[] = [];

afterAll(() => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stale-lock-'));
  dirs.push(dir);
  chmodSync(dir, 0o755);
  return dir;
}

function state(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/**
 * A process named `postgres` (sleep under that name): a zombie whose parent never reaps it, or a
 * live one. Resolves with its pid once it is in that state.
 */
async function postgresNamed(kind: 'zombie' | 'live'): Promise<number> {
  const bin = path.join(scratch(), 'bin');
  mkdirSync(bin);
  const name = path.join(bin, 'postgres');
  symlinkSync('/bin/sleep', name);
  // The shell starts `postgres`, then becomes a sleep that never waits for it. The zombie-to-be lives
  // a moment first: one that ended before the shell's exec could be reaped by the shell (a fresh
  // clone's CI run found it gone, not a zombie).
  const script = kind === 'zombie' ? '"$1" 0.5 & echo $!; exec sleep 60' : '"$1" 60 & echo $!; exec sleep 60';
  const parent = spawn('/bin/sh', ['-c', script, 'sh', name], { stdio: ['ignore', 'pipe', 'ignore'] });
  pids.push(parent.pid as number);
  const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))));
  pids.push(pid);
  const wanted = kind === 'zombie' ? 'Z' : 'S';
  for (let i = 0; i < 100 && state(pid) !== wanted; i++) await sleep(50);
  expect(state(pid)).toBe(wanted);
  return pid;
}

describe('a postmaster.pid left by a killed PostgreSQL', () => {
  it('naming a killed postmaster not yet reaped (a zombie) is stale: PostgreSQL starts on the cluster', async () => {
    const dir = scratch();
    const options = {
      dir: path.join(dir, 'postgres'),
      port: await freePort(),
      database: 'cases',
      passwordFile: path.join(dir, 'pg-password'),
      appPasswordFile: path.join(dir, 'pg-app-password'),
      logFile: path.join(dir, 'postgres.log'),
      durable: false,
      removeDirWhenOrphaned: dir,
    };
    await (await startEmbeddedPostgres(options)).stop();
    const zombie = await postgresNamed('zombie');
    const lock = path.join(options.dir, 'postmaster.pid');
    writeFileSync(lock, `${zombie}\n${options.dir}\n`);

    const again = await startEmbeddedPostgres(options);
    try {
      expect(Number(readFileSync(lock, 'utf8').split('\n')[0])).toBe(again.process.pid);
    } finally {
      await again.stop();
    }
  }, 120_000);

  it('naming a live postgres process refuses, naming the pid, and leaves the file', async () => {
    const dir = scratch();
    const live = await postgresNamed('live');
    const lock = path.join(dir, 'postmaster.pid');
    writeFileSync(lock, `${live}\n${dir}\n`);
    expect(() => clearStaleLock(dir)).toThrow(`PostgreSQL from an earlier run still uses ${dir} (pid ${live}); stop it with \`kill ${live}\``);
    expect(existsSync(lock)).toBe(true);
  });

  it('naming a process of another program (the pid was reused) is stale', async () => {
    const dir = scratch();
    const other = spawn('/bin/sleep', ['60'], { stdio: 'ignore' });
    pids.push(other.pid as number);
    const lock = path.join(dir, 'postmaster.pid');
    writeFileSync(lock, `${other.pid}\n${dir}\n`);
    clearStaleLock(dir);
    expect(existsSync(lock)).toBe(false);
  });
});
