// `npm run test:schemathesis`: reads the API as an outside client would, from its OpenAPI document
// alone. Starts the whole stack as `npm start` does (its own ports and DATA_DIR), mints a token with
// every role in every municipality (`npm run token`), runs Schemathesis (from .venv, installed by
// `scripts/setup.mjs --schemathesis`) with every check and its stateful phase, and stops everything.
// Extra arguments go to `schemathesis run` (e.g. `-- --max-examples 20`). Exit code: Schemathesis's.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROLES } from '../api/auth/roles';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../config/policy';
import { REPO_ROOT } from '../launcher/binaries';
import { removeInstanceDirs } from './stack/launch';
import { startStack } from './stack/startStack';

const SCHEMATHESIS = path.join(REPO_ROOT, '.venv', 'bin', 'schemathesis');
/** The checks' exceptions, each with its reason, and the hooks for what JSON Schema cannot say. */
const CONFIG = path.join(REPO_ROOT, 'scripts', 'schemathesis', 'schemathesis.toml');
const REPORT_DIR = path.join(REPO_ROOT, 'test-output', 'schemathesis');

/**
 * The default policy, but in Lurøy a decision's appeal period runs out in two minutes: a case there
 * becomes final (`active`) within the run, so the stateful phase can walk on to what only a running
 * service allows (re-evaluation, advance notice, deferred implementation). The other municipalities
 * keep the law's weeks, where a case stays open to appeal for the whole run.
 */
function policyWithShortAppealPeriods(): unknown {
  const policy = JSON.parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as { municipalities: Record<string, { timers: Record<string, unknown> }> };
  const luroy = policy.municipalities.luroy;
  if (!luroy) throw new Error(`the default policy (${DEFAULT_POLICY_FILE}) has no municipality luroy`);
  luroy.timers = { ...luroy.timers, appealWindow: { statsforvalteren: '2 minutes', klagenemnd: '2 minutes' }, presumedPostalDelivery: '1 minute' };
  return policy;
}

async function main(): Promise<number> {
  // Schemathesis sends thousands of requests a minute: the rate limit (429, documented) would answer most of them.
  const stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '1000000' }, policy: policyWithShortAppealPeriods(), readyWithinMs: 600_000 });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stack.stop();
    removeInstanceDirs();
  };
  const onSignal = () => void stop().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const token = await stack.mintToken({ sub: 'schemathesis', roles: [...ROLES], municipalities: Object.keys(loadPolicy().municipalities) });
    // A second caseworker, for the hooks to approve a proposed decision with (to-trinnskontroll: not the proposer).
    const coSigner = await stack.mintToken({ sub: 'schemathesis-co-signer', roles: [...ROLES], municipalities: Object.keys(loadPolicy().municipalities) });
    mkdirSync(REPORT_DIR, { recursive: true });
    console.log(`schemathesis: the stack is up at ${stack.apiUrl}; running schemathesis run ${stack.apiUrl}/api/openapi.json`);
    const args = [
      '--config-file',
      CONFIG,
      'run',
      `${stack.apiUrl}/api/openapi.json`,
      '--url',
      stack.apiUrl,
      '--phases',
      'examples,coverage,fuzzing,stateful',
      '--header',
      `Authorization: Bearer ${token}`,
      '--report',
      'junit,ndjson',
      '--report-dir',
      REPORT_DIR,
      '--seed',
      '1',
      ...process.argv.slice(2),
    ];
    return await new Promise<number>((resolve, reject) => {
      const child = spawn(SCHEMATHESIS, args, { stdio: 'inherit', cwd: REPO_ROOT, env: { ...process.env, SCHEMATHESIS_CO_SIGNER_TOKEN: coSigner } });
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
  } catch (error) {
    console.error(`schemathesis: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await stop().catch((error: unknown) => console.error(`schemathesis: stopping the stack: ${error instanceof Error ? error.message : String(error)}`));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`schemathesis: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
