// `npm run setup-cluster`: prepares a Temporal cluster (or a Temporal Cloud namespace) for this
// project, once per deployment and again after each release; every step is idempotent, so a second run
// changes nothing:
//   1. the namespace (TEMPORAL_NAMESPACE), made with its retention (NAMESPACE_RETENTION_DAYS, default
//      30) if missing, its retention brought to the setting if it differs;
//   2. the case workflow's search attributes (CaseStatus, Municipality, …);
//   3. the case-sweep schedule, made, or updated when this release's spec differs.
// It reaches Temporal as the API and the worker do: TEMPORAL_ADDRESS or a profile (TEMPORAL_CONFIG_FILE,
// TEMPORAL_PROFILE), TEMPORAL_API_KEY, TEMPORAL_TLS_*.
import { resolveTemporalConnection } from '../config/temporalConnection';
import { Client, Connection, isGrpcServiceError } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { loadSettings, SettingsError } from '../config/settings';
import type { TemporalConnectionOptions } from '../config/temporalConnection';
import { CASE_TASK_QUEUE } from '../workflows/messages';
import { ensureCaseSweepSchedule, type ScheduleChange } from '../worker/caseSweepSchedule';
import { registerSearchAttributes } from '../temporal/searchAttributes';
import { oneLine } from './waiting';

export const DEFAULT_RETENTION_DAYS = 30;
const DAY_SECONDS = 86_400;
// A namespace just made is known to every frontend within seconds (its cache refreshes); until then it answers NOT_FOUND.
const NEW_NAMESPACE_WAIT_MS = 60_000;

export interface ClusterSetupOptions {
  address: string;
  namespace: string;
  connection?: TemporalConnectionOptions;
  retentionDays: number;
  taskQueue?: string;
  /** The case sweep's interval; this release's when left out. */
  sweepEvery?: string;
  log?: (line: string) => void;
}

export interface ClusterSetupResult {
  namespace: 'created' | 'retention updated' | 'unchanged';
  searchAttributesAdded: string[];
  schedule: ScheduleChange;
}

/** NAMESPACE_RETENTION_DAYS: whole days, at least 1 (Temporal's own minimum). */
export function retentionDaysSetting(env: Record<string, string | undefined>): number {
  const text = env.NAMESPACE_RETENTION_DAYS?.trim();
  if (!text) return DEFAULT_RETENTION_DAYS;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 36_500) {
    throw new SettingsError('NAMESPACE_RETENTION_DAYS', `"${text}" is not a number of days (1 or more)`);
  }
  return Number(text);
}

// gRPC status codes (grpc/status.h).
const GRPC_NOT_FOUND = 5;
const GRPC_ALREADY_EXISTS = 6;
const isNotFound = (error: unknown) => isGrpcServiceError(error) && (error.code as number) === GRPC_NOT_FOUND;

async function ensureNamespace(connection: Connection, namespace: string, retentionDays: number): Promise<ClusterSetupResult['namespace']> {
  const retention = msToTs(`${retentionDays} days`);
  let described;
  try {
    described = await connection.workflowService.describeNamespace({ namespace });
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: retention });
    } catch (registerError) {
      // Another setup-cluster made it meanwhile: then it is there.
      if (!(isGrpcServiceError(registerError) && (registerError.code as number) === GRPC_ALREADY_EXISTS)) throw registerError;
    }
    return 'created';
  }
  const current = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  if (current === retentionDays * DAY_SECONDS) return 'unchanged';
  await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: retention } });
  return 'retention updated';
}

/** Retries `step` while the namespace just made is not yet known to the frontend. */
async function onceNamespaceKnown<T>(step: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + NEW_NAMESPACE_WAIT_MS;
  for (;;) {
    try {
      return await step();
    } catch (error) {
      if (!isNotFound(error) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export async function setupCluster(opts: ClusterSetupOptions): Promise<ClusterSetupResult> {
  const log = opts.log ?? (() => undefined);
  const { options, tokens } = await resolveTemporalConnection(opts.connection);
  tokens?.stop(); // one token is enough for a command that ends in a minute
  const connection = await Connection.connect({ ...options, ...(tokens ? { apiKey: tokens.current() } : {}), address: opts.address });
  try {
    const namespace = await ensureNamespace(connection, opts.namespace, opts.retentionDays);
    log(`Namespace ${opts.namespace}: ${namespace === 'unchanged' ? `exists, retention ${opts.retentionDays} days` : `${namespace} (retention ${opts.retentionDays} days)`}`);
    const searchAttributesAdded = await onceNamespaceKnown(() => registerSearchAttributes(connection, opts.namespace));
    log(`Search attributes: ${searchAttributesAdded.length ? `added ${searchAttributesAdded.join(', ')}` : 'all there'}`);
    // The schedule holds no payloads (its workflow takes no arguments): no payload keys needed here.
    const client = new Client({ connection, namespace: opts.namespace });
    const schedule = await onceNamespaceKnown(() => ensureCaseSweepSchedule(client, opts.taskQueue ?? CASE_TASK_QUEUE, ...(opts.sweepEvery ? [opts.sweepEvery] : [])));
    log(`Schedule case-sweep: ${schedule}`);
    return { namespace, searchAttributesAdded, schedule };
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const settings = loadSettings();
  if (!settings.temporalAddress) {
    throw new SettingsError('TEMPORAL_ADDRESS', "must be set (or a profile's address, TEMPORAL_CONFIG_FILE and TEMPORAL_PROFILE): the cluster's frontend, e.g. temporal.kommune.no:7233");
  }
  await setupCluster({
    address: settings.temporalAddress,
    namespace: settings.temporalNamespace,
    connection: settings.temporalConnection,
    retentionDays: retentionDaysSetting(process.env),
    log: (line) => console.log(line),
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`Cannot set up the cluster: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  });
}
