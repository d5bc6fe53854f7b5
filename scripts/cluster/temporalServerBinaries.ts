// The real Temporal server (the multi-service `server` binary) and its SQL schema tool, built once from
// Temporal's Go module with the machine's Go and cached in .cache/temporal-server-<version>/, for the
// cluster suite (`npm run test:cluster`). A second run finds them and builds nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../launcher/binaries';

export const TEMPORAL_SERVER_VERSION = 'v1.32.0';
/** The Go the server's go.mod asks for (`go 1.26.8`): older toolchains refuse to build it. */
const GO_NEEDED = '1.26.8';
const MODULE = 'go.temporal.io/server';

export const CACHE_DIR = path.join(REPO_ROOT, '.cache', `temporal-server-${TEMPORAL_SERVER_VERSION}`);

export interface TemporalServerBinaries {
  /** `server --config-file … start --service history`: one Temporal service a process. */
  server: string;
  /** `temporal-sql-tool`: makes and updates the server's schema in PostgreSQL. */
  sqlTool: string;
}

export const cachedBinaries: TemporalServerBinaries = {
  server: path.join(CACHE_DIR, 'temporal-server'),
  sqlTool: path.join(CACHE_DIR, 'temporal-sql-tool'),
};

export class MissingToolError extends Error {}

function isExecutable(file: string): boolean {
  try {
    return statSync(file).isFile() && (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** The cached binaries, or a readable error saying how to get them. */
export function requireTemporalServerBinaries(): TemporalServerBinaries {
  const missing = Object.values(cachedBinaries).filter((file) => !isExecutable(file));
  if (missing.length) {
    throw new MissingToolError(`the Temporal server ${TEMPORAL_SERVER_VERSION} is not built (${missing.map((f) => path.relative(REPO_ROOT, f)).join(', ')} missing): run \`npm run test:cluster\`, which builds it once with Go`);
  }
  return cachedBinaries;
}

/** `go version` of the machine's Go (GO, else `go` on PATH), or a readable error when there is none or it is too old. */
export function goToolchain(env: NodeJS.ProcessEnv = process.env): { go: string; version: string } {
  const go = env.GO || 'go';
  const result = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new MissingToolError(
      `Go is not installed (\`${go}\` ${result.error ? `cannot run: ${result.error.message}` : `failed: ${result.stderr.trim()}`}). ` +
        `The cluster suite builds the Temporal server ${TEMPORAL_SERVER_VERSION} from its Go module once, into ${path.relative(REPO_ROOT, CACHE_DIR)}/; ` +
        `install Go ${GO_NEEDED} or newer (https://go.dev/dl/) and put it on PATH, or name it with GO=/path/to/go`,
    );
  }
  const version = result.stdout.trim().replace(/^go/, '');
  if (compareVersions(version, GO_NEEDED) < 0) {
    throw new MissingToolError(`Go ${version} is too old to build the Temporal server ${TEMPORAL_SERVER_VERSION} (its go.mod asks for ${GO_NEEDED}): install Go ${GO_NEEDED} or newer (https://go.dev/dl/)`);
  }
  return { go, version };
}

function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[^\d]+/).filter(Boolean).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Builds the server and the schema tool with `go install …@version` into a scratch folder, then moves
 * them into the cache (an interrupted build leaves no half binary behind). Returns at once when both
 * are there. Tens of minutes on a busy two-core machine: run at low priority (nice).
 */
export function ensureTemporalServerBinaries(log: (line: string) => void = console.log): TemporalServerBinaries {
  if (Object.values(cachedBinaries).every(isExecutable)) {
    log(`Temporal server ${TEMPORAL_SERVER_VERSION}: cached in ${path.relative(REPO_ROOT, CACHE_DIR)}/`);
    return cachedBinaries;
  }
  const { go, version } = goToolchain();
  const scratch = path.join(CACHE_DIR, `build-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  log(`Temporal server ${TEMPORAL_SERVER_VERSION}: building once with Go ${version} into ${path.relative(REPO_ROOT, CACHE_DIR)}/ (go install ${MODULE}/cmd/server, ${MODULE}/cmd/tools/sql; 10–30 minutes)…`);
  const started = Date.now();
  const result = spawnSync(
    'nice',
    ['-n', '19', go, 'install', `${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`],
    // Pure Go (its SQLite is too): no C compiler needed, and the binary runs on any Linux of the same architecture.
    { env: { ...process.env, GOBIN: scratch, CGO_ENABLED: '0' }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.error || result.status !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`go install of the Temporal server ${TEMPORAL_SERVER_VERSION} failed (${result.error?.message ?? `exit ${result.status}`}): see the lines above; is the Go module proxy reachable (GOPROXY)?`);
  }
  renameSync(path.join(scratch, 'server'), cachedBinaries.server);
  renameSync(path.join(scratch, 'sql'), cachedBinaries.sqlTool);
  rmSync(scratch, { recursive: true, force: true });
  log(`Temporal server ${TEMPORAL_SERVER_VERSION}: built in ${Math.round((Date.now() - started) / 60_000)} min`);
  if (!existsSync(cachedBinaries.server)) throw new Error('unreachable');
  return cachedBinaries;
}
