// `npm run bench:sqlite`: the embedded Temporal server's SQLite settings compared in one run. One dev
// server per setting, each with its own file and the bench's trivial worker; the baseline measures
// (bare starts, an Update awaiting one activity) run on each in turn, in rounds, so the shared
// machine's load falls on all alike. Prints a table; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort } from '../scripts/stack/freePort';
import { startTemporalDevServer, type TemporalDevServer } from '../launcher/temporalServer';
import { baselineStarts, baselineSteps, endBaselines, startBaselineWorker, startBaselineWorkflows, type BaselineWorker } from './baseline';
import { figures, type Run } from './measure';

const SETTINGS: Array<{ name: string; pragmas: string[] }> = [
  { name: 'SQLite defaults (rollback journal, synchronous=FULL)', pragmas: [] },
  { name: 'journal_mode=wal (synchronous=FULL)', pragmas: ['journal_mode=wal'] },
  { name: 'journal_mode=wal, synchronous=normal', pragmas: ['journal_mode=wal', 'synchronous=normal'] },
];
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STEPS = Number(process.env.BENCH_STEPS ?? 5);
const STARTS = Number(process.env.BENCH_INTAKE ?? 100);

interface Side {
  name: string;
  server: TemporalDevServer;
  connection: Connection;
  client: Client;
  worker: BaselineWorker;
  starts: Run[];
  updates: Run[];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-sqlite-'));
  const sides: Side[] = [];
  try {
    for (const [i, s] of SETTINGS.entries()) {
      const server = await startTemporalDevServer({
        port: await freePort(),
        dbFile: path.join(dir, `temporal-${i}.sqlite`),
        sqlitePragmas: s.pragmas,
        namespace: 'default',
        logFile: path.join(dir, `temporal-${i}.log`),
        removeDirWhenOrphaned: dir,
      });
      const connection = await Connection.connect({ address: server.address });
      const worker = await startBaselineWorker(server.address, 'default');
      sides.push({ name: s.name, server, connection, client: new Client({ connection }), worker, starts: [], updates: [] });
    }
    const handles = await Promise.all(sides.map((s) => startBaselineWorkflows(s.client, CLIENTS)));
    for (let r = 0; r < ROUNDS; r++) {
      console.log(`round ${r + 1} of ${ROUNDS} (load ${os.loadavg()[0]?.toFixed(2)})`);
      for (const [i, s] of sides.entries()) {
        s.starts.push(await baselineStarts(s.client, CLIENTS, Math.ceil(STARTS / ROUNDS)));
        s.updates.push(await baselineSteps(handles[i]!, Math.ceil(STEPS / ROUNDS)));
      }
    }
    console.log(`\n${CLIENTS} clients; ${os.availableParallelism()} cores; load at the end ${os.loadavg()[0]?.toFixed(2)}\n`);
    console.log('| SQLite setting | bare start | Update awaiting one activity |');
    console.log('| --- | --- | --- |');
    const f = (runs: Run[]) => {
      const x = figures(runs);
      return `${x.throughput.toFixed(1)}/s, p50 ${Math.round(x.p50)} ms, p99 ${Math.round(x.p99)} ms`;
    };
    for (const s of sides) console.log(`| ${s.name} | ${f(s.starts)} | ${f(s.updates)} |`);
    await Promise.all(sides.map((s, i) => endBaselines(s.client, handles[i]!.map((h) => h.workflowId))));
  } finally {
    for (const s of sides) {
      await s.worker.stop().catch(() => undefined);
      await s.connection.close().catch(() => undefined);
      await s.server.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(
  () => undefined,
  (error: unknown) => {
    console.error(`bench:sqlite failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
