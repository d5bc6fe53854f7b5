// `npm run test:schemathesis`: reads the API as an outside client would, from its OpenAPI document
// alone. Starts the whole stack as `npm start` does (its own ports and DATA_DIR), mints a token with
// every role in every municipality (`npm run token`), runs Schemathesis (from .venv, installed by
// `scripts/setup.mjs --schemathesis`) with every check and its stateful phase, and stops everything.
// Extra arguments go to `schemathesis run` (e.g. `-- --max-examples 20`). Exit code: Schemathesis's.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROLES } from '../api/auth/roles';
import { loadPolicy } from '../config/policy';
import { REPO_ROOT } from '../launcher/binaries';
import { removeInstanceDirs } from './stack/launch';
import { startStack } from './stack/startStack';

const SCHEMATHESIS = path.join(REPO_ROOT, '.venv', 'bin', 'schemathesis');
/** The checks' exceptions, each with its reason, and the hooks for what JSON Schema cannot say. */
const CONFIG = path.join(REPO_ROOT, 'scripts', 'schemathesis', 'schemathesis.toml');
const REPORT_DIR = path.join(REPO_ROOT, 'test-output', 'schemathesis');

async function main(): Promise<number> {
  // Schemathesis sends thousands of requests a minute: the rate limit (429, documented) would answer most of them.
  const stack = await startStack({ env: { RATE_LIMIT_PER_MINUTE: '1000000' }, readyWithinMs: 600_000 });
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
      const child = spawn(SCHEMATHESIS, args, { stdio: 'inherit', cwd: REPO_ROOT });
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
