// Once per `vitest run`: one embedded PostgreSQL and one in-memory Temporal dev server (with its Web
// UI and the contract's search attributes), on free ports in a temp directory; both torn down at the end.
// Tests reach them with inject('pgAdminUrl'), inject('pgAppUrl'), inject('temporalAddress') and inject('temporalUiUrl').
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../launcher/postgres';
import { startTemporalDevServer, type TemporalDevServer } from '../../launcher/temporalServer';
import { freePort } from '../../scripts/stack/freePort';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the shared server's maintenance database: create and drop test databases there. */
    pgAdminUrl: string;
    /** postgres://… of the "cases" database as the application's role (no superuser): test databases swap the name. */
    pgAppUrl: string;
    /** host:port of the shared Temporal dev server (namespace "default"). */
    temporalAddress: string;
    /** http://localhost:… of its Web UI. */
    temporalUiUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'case-orchestrator-test-'));
  // Left private (0700, as mkdtemp makes it): PostgreSQL must cope with that, as it must under a home folder.
  let postgres = undefined as EmbeddedPostgres | undefined;
  let temporal = undefined as TemporalDevServer | undefined;
  const teardown = async () => {
    await Promise.allSettled([postgres?.stop(), temporal?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [pgPort, temporalPort, uiPort] = await distinctFreePorts(3);
    const [pg, t] = await Promise.allSettled([
      startEmbeddedPostgres({
        dir: path.join(dir, 'postgres'),
        port: pgPort,
        database: 'cases',
        passwordFile: path.join(dir, 'pg-password'),
        appPasswordFile: path.join(dir, 'pg-app-password'),
        logFile: path.join(dir, 'postgres.log'),
        durable: false,
        removeDirWhenOrphaned: dir,
      }),
      startTemporalDevServer({
        port: temporalPort,
        uiPort,
        namespace: 'default',
        logFile: path.join(dir, 'temporal.log'),
        removeDirWhenOrphaned: dir,
      }),
    ]);
    // Keep whichever started, so the teardown stops it even when the other failed.
    if (pg.status === 'fulfilled') postgres = pg.value;
    if (t.status === 'fulfilled') temporal = t.value;
    if (pg.status === 'rejected') throw pg.reason;
    if (t.status === 'rejected') throw t.reason;
  } catch (error) {
    // Promise.all may have left one of the two running: stop whichever did start.
    await teardown();
    throw new Error(`test servers did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!postgres || !temporal) throw new Error('unreachable');
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('pgAppUrl', postgres.appUrl);
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalUiUrl', temporal.uiUrl ?? '');
  return teardown;
}

async function distinctFreePorts(count: 3): Promise<[number, number, number]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  const [a = 0, b = 0, c = 0] = ports;
  return [a, b, c];
}
