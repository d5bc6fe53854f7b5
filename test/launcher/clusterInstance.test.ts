// One instance of a deployment as an operator starts it on a host of its own (`npm start` with
// DATABASE_URL and Temporal's client configuration): it reaches Temporal through a profile of a TOML
// file (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE) for the API's client and the worker's connection alike,
// migrates the fresh database, and listens, API and worker metrics, on 127.0.0.1 only unless HOST says
// otherwise.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { instanceEnv, launch, removeInstanceDirs, type InstanceEnv, type Launched } from '../../scripts/stack/launch';

const START_MS = 240_000;
const READY = /^Ready: GET \/api\/health answers 200/;

let env: InstanceEnv;
let database: TestDatabase;
let launched: Launched | undefined;

/** The local addresses listening on TCP `port` on this machine (from /proc/net/tcp and tcp6). */
function listenersOn(port: number): string[] {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[];
    try {
      lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const [, local = '', , state] = line.trim().split(/\s+/);
      const [hex = '', portHex = ''] = local.split(':');
      // 0A: LISTEN.
      if (state !== '0A' || Number.parseInt(portHex, 16) !== port) continue;
      found.push(hex.length === 8 ? ipv4(hex) : ipv6(hex));
    }
  }
  return found.sort();
}

/** /proc's little-endian hex of an IPv4 address. */
function ipv4(hex: string): string {
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join('.');
}

function ipv6(hex: string): string {
  if (hex === '0'.repeat(32)) return '::';
  if (hex === '00000000000000000000000001000000') return '::1';
  return `ipv6:${hex}`;
}

beforeAll(async () => {
  env = await instanceEnv();
  database = await createTestDatabase({ migrate: false });
  const profileFile = path.join(path.dirname(env.DATA_DIR), 'temporal.toml');
  writeFileSync(profileFile, `[profile.cluster]\naddress = "${inject('temporalAddress')}"\nnamespace = "default"\n`);
  // No TEMPORAL_ADDRESS: the profile alone says where Temporal is.
  launched = launch({ ...env, DATABASE_URL: database.url, DATABASE_MIGRATION_URL: database.ownerUrl, TEMPORAL_CONFIG_FILE: profileFile, TEMPORAL_PROFILE: 'cluster' });
  await launched.waitFor(READY, START_MS);
}, START_MS + 30_000);

afterAll(async () => {
  const output = launched?.output();
  const stopped = await launched?.stop();
  if (stopped && stopped.code !== 0) console.error(output?.stderr);
  // The worker made the case-sweep schedule on the shared test server: it is this file's to remove.
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  await new Client({ connection, namespace: 'default' }).schedule.getHandle('case-sweep').delete().catch(() => undefined);
  await connection.close();
  await database?.drop();
  removeInstanceDirs();
}, 120_000);

describe('an instance of a deployment (npm start with DATABASE_URL and a Temporal profile)', () => {
  it("reaches Temporal through the profile, with no embedded server of its own", async () => {
    const { stdout } = launched!.output();
    expect(stdout).toMatch(new RegExp(`Temporal\\s+${inject('temporalAddress').replace(/\./g, '\\.')}, namespace default`));
    expect(stdout).not.toContain('Temporal Web UI');
    const health = await fetch(`http://127.0.0.1:${env.PORT}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok', temporal: 'ok', database: 'ok' });
  });

  it('migrated the fresh database before it started', async () => {
    expect(Number((await database.owner('knex_migrations').count('* as n').first())?.n)).toBeGreaterThan(0);
  });

  it('listens on 127.0.0.1 only, the API and the worker metrics alike', async () => {
    expect(listenersOn(Number(env.PORT))).toEqual(['127.0.0.1']);
    expect(listenersOn(Number(env.WORKER_METRICS_PORT))).toEqual(['127.0.0.1']);
    const metrics = await fetch(`http://127.0.0.1:${env.WORKER_METRICS_PORT}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('temporal_');
  });
});
