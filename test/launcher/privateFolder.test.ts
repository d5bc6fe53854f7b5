// A clone in a private folder (a 0700 home folder, what `mktemp -d` gives), under a path with a space
// and a Norwegian letter: `npm start` there must become healthy without loosening any folder above it.
// As root this is where PostgreSQL, which will not run as root, used to fail: its user could not
// reach the binaries in node_modules nor the cluster in DATA_DIR.
import { spawnSync } from 'node:child_process';
import { chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/binaries';
import { instanceEnv, launch, removeInstanceDirs, type Launched } from '../../scripts/stack/launch';

const START_MS = 240_000;
const READY = /^Ready: GET \/api\/health answers 200/;
const isRoot = process.getuid?.() === 0;
/** What a clone holds (no history, no data of this checkout's own runs). */
const LEFT_OUT = new Set(['.git', 'data', 'test-output']);

/** The project as a clone of it would be, at `dest`: files hard-linked where the filesystem allows, else copied. */
function cloneTree(dest: string): void {
  mkdirSync(dest, { recursive: true });
  for (const entry of readdirSync(REPO_ROOT)) {
    if (LEFT_OUT.has(entry) || entry.startsWith('data-')) continue;
    const linked = spawnSync('cp', ['-al', path.join(REPO_ROOT, entry), dest], { stdio: 'ignore' });
    if (linked.status !== 0) cpSync(path.join(REPO_ROOT, entry), path.join(dest, entry), { recursive: true, verbatimSymlinks: true });
  }
}

describe('a clone in a private folder', () => {
  let top: string;
  let clone: string;
  let running: Launched | undefined;

  beforeAll(() => {
    top = mkdtempSync(path.join(os.tmpdir(), 'home-'));
    clone = path.join(top, 'Dokumenter', 'Søknader om tjenester', 'case-orchestrator');
    cloneTree(clone);
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
    rmSync(top, { recursive: true, force: true });
    removeInstanceDirs();
  }, 120_000);

  it('starts healthy with its default DATA_DIR, leaving every folder above it as private as it was', async () => {
    expect(statSync(top).mode & 0o777).toBe(0o700);
    const env = await instanceEnv();
    const { DATA_DIR: _elsewhere, ...ports } = env;
    running = launch(ports, clone);
    await running.waitFor(READY, START_MS);
    const health = await fetch(`http://localhost:${env.PORT}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });
    expect(statSync(path.join(clone, 'data', 'postgres', 'PG_VERSION')).isFile()).toBe(true);
    expect(statSync(top).mode & 0o777).toBe(0o700);
    const { code } = await running.stop();
    running = undefined;
    expect(code).toBe(0);
  }, START_MS + 60_000);

  // A folder that belongs to someone else and is private to them truly cannot be given to PostgreSQL.
  it.runIf(isRoot)('refuses, in one line naming the folder, a DATA_DIR inside another user\'s private folder', async () => {
    const theirs = path.join(top, 'theirs');
    mkdirSync(theirs, { mode: 0o700 });
    chownSync(theirs, 65534, 65534);
    const env = await instanceEnv();
    const refused = launch({ ...env, DATA_DIR: path.join(theirs, 'data') }, clone);
    const { code } = await refused.exited;
    const { stderr } = refused.output();
    expect(code).not.toBe(0);
    const lines = stderr.trim().split('\n');
    expect(lines, stderr).toHaveLength(1);
    expect(lines[0]).toContain(theirs);
    expect(lines[0]).toMatch(/DATA_DIR/);
    expect(lines[0]).toMatch(/choose a DATA_DIR/);
  }, START_MS);
});
