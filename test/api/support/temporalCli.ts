// The Temporal CLI as an operator runs it against the run's dev server: no SDK, no codec unless given one.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { temporalCliPath } from '../../support/binaries';

const run = promisify(execFile);

export interface CliOptions {
  /** `--codec-endpoint`: the CLI decodes payloads through it. */
  codecEndpoint?: string;
  /** `--codec-auth`: the Authorization header it sends the codec endpoint (`Bearer <token>`). */
  codecAuth?: string;
  /** `--no-json-shorthand-payloads`: payloads as stored (metadata and data in base64), not as JSON. */
  raw?: boolean;
}

export async function temporalCli(args: string[], opts: CliOptions = {}): Promise<unknown> {
  const full = [...args, '--address', inject('temporalAddress'), '--namespace', 'default', '-o', 'json'];
  if (opts.codecEndpoint) full.push('--codec-endpoint', opts.codecEndpoint);
  if (opts.codecAuth) full.push('--codec-auth', opts.codecAuth);
  if (opts.raw) full.push('--no-json-shorthand-payloads');
  const { stdout } = await run(temporalCliPath(), full, { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  return JSON.parse(stdout) as unknown;
}

export interface Execution {
  workflowId: string;
  runId: string;
  type: string;
}

/** Every run (open or closed, continued-as-new ones included) on a task queue. */
export async function executionsOn(taskQueue: string): Promise<Execution[]> {
  const listed = (await temporalCli(['workflow', 'list', '--query', `TaskQueue = "${taskQueue}"`])) as Array<{
    execution: { workflowId: string; runId: string };
    type: { name: string };
  }>;
  return listed.map((e) => ({ workflowId: e.execution.workflowId, runId: e.execution.runId, type: e.type.name }));
}

/** `temporal workflow show -o json` of one run. */
export function showHistory(execution: Execution, opts: CliOptions = {}): Promise<unknown> {
  return temporalCli(['workflow', 'show', '-w', execution.workflowId, '-r', execution.runId], opts);
}
