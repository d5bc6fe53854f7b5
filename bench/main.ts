// `npm run bench`: the project side by side with the platform's own limit on the same Temporal server.
// Starts the launcher's embedded stack (as `npm start` does) on free ports in a temp DATA_DIR, runs a
// trivial workflow of its own beside it, prints each figure beside its baseline and their ratio,
// profiles a step from its history, then the mass intake and the notice storm. Writes everything to
// bench/results.json (gitignored). Asserts nothing; not part of `npm test`.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startStack, type Stack } from '../scripts/stack/startStack';
import { baselineStarts, baselineSteps, endBaselines, startBaselineWorker, startBaselineWorkflows, type BaselineWorker } from './baseline';
import { benchPolicy, STORM_MUNICIPALITY } from './benchPolicy';
import { historyLength, profileSteps, type StepProfile } from './history';
import { massIntake, type MassIntake } from './massIntake';
import { importThroughput, type ImportThroughput } from './importThroughput';
import { figures, type Figures, type Run } from './measure';
import { benchOptions, type BenchOptions } from './options';
import { bareUpdateSteps, createCase, httpIntake, httpSteps, httpStepsWhile } from './project';
import { reEvaluationStorm, type ReEvaluationStorm } from './reEvaluationStorm';
import { compare, comparisonTable, type Comparison } from './report';
import { storm, type Storm } from './storm';
import { request, retried503, useBearerToken } from './http';
import { caseWorkflowId } from '../workflows/messages';
import { caseDataConverter } from '../temporal/dataConverter';

const load = () => os.loadavg()[0] ?? NaN;
/** A caseworker's pause between two steps during the import (and on the idle stack, to compare). */
const CASEWORKER_THINK_MS = 2_000;
const IDLE_STEPS_MS = 30_000;

function machine() {
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAtStart: os.loadavg(),
  };
}

interface Results {
  at: string;
  machine: ReturnType<typeof machine>;
  options: BenchOptions;
  comparisons: Comparison[];
  /** The same steps as bare Updates on the case workflows: what the HTTP layer adds. */
  httpLayer: { http: Figures; bareUpdate: Figures; load: [number, number] };
  profile: { step: StepProfile; baseline: StepProfile };
  massIntake?: MassIntake;
  importThroughput?: ImportThroughput;
  /** A caseworker's step on the idle stack (before the import and the storm). */
  stepsIdle?: Figures;
  /** A caseworker's step on the idle stack and during the import. */
  stepsDuringImport?: { idle: Figures; duringImport: Figures };
  reEvaluationStorm?: ReEvaluationStorm;
  storm?: Storm;
  /** Why the storm stopped, when it did (a request that kept failing). */
  stormFailed?: string;
  /** Requests the API answered 503 and the bench retried with the same Idempotency-Key. */
  retried503: Record<string, number>;
}

/** Splits `total` into `rounds` parts as even as may be (none empty). */
function split(total: number, rounds: number): number[] {
  const r = Math.max(1, Math.min(rounds, total));
  return Array.from({ length: r }, (_, i) => Math.floor(total / r) + (i < total % r ? 1 : 0));
}

async function sideBySide(stack: Stack, client: Client, caseClient: Client, o: BenchOptions, log: (s: string) => void): Promise<Omit<Results, 'at' | 'machine' | 'options' | 'retried503'>> {
  const base = stack.apiUrl;
  // One case and one baseline workflow per client, each with two steps taken: caches, connections and JIT warm.
  const caseIds = await Promise.all(Array.from({ length: o.clients }, () => createCase(base)));
  await httpSteps(base, caseIds, 2);
  const handles = await startBaselineWorkflows(client, o.clients);
  await baselineSteps(handles, 1);
  const skip = await historyLength(client, caseWorkflowId(caseIds[0]!));

  // Each measure in rounds taken in turn with its baseline's: a change of load falls on both alike.
  const http: Run[] = [];
  const bare: Run[] = [];
  const update: Run[] = [];
  const stepLoad: [number, number] = [load(), NaN];
  for (const [i, n] of split(o.steps, o.rounds).entries()) {
    log(`steps, round ${i + 1}: ${o.clients} clients × ${n} home-visit moves over HTTP, as bare Updates, and the baseline Update…`);
    http.push(await httpSteps(base, caseIds, n));
    bare.push(await bareUpdateSteps(caseClient, caseIds, n));
    update.push(await baselineSteps(handles, n));
  }
  stepLoad[1] = load();
  const stepProfile = await profileSteps(client, caseWorkflowId(caseIds[0]!), skip);
  const baselineProfile = await profileSteps(client, handles[0]!.workflowId, 0);
  await endBaselines(client, handles.map((h) => h.workflowId));

  const intake: Run[] = [];
  const starts: Run[] = [];
  const intakeLoad: [number, number] = [load(), NaN];
  for (const [i, n] of split(o.intake, o.rounds).entries()) {
    log(`intake, round ${i + 1}: ${n} × POST /api/cases and ${n} bare workflow starts, ${o.clients} at a time…`);
    intake.push(await httpIntake(base, o.clients, n));
    starts.push(await baselineStarts(client, o.clients, n));
  }
  intakeLoad[1] = load();

  return {
    comparisons: [
      compare('a step over HTTP (`home-visit`, moved again and again)', 'an Update that awaits one activity on a trivial workflow', figures(http), figures(update), stepLoad),
      compare('intake (`POST /api/cases`)', 'a bare workflow start', figures(intake), figures(starts), intakeLoad),
    ],
    httpLayer: { http: figures(http), bareUpdate: figures(bare), load: stepLoad },
    profile: { step: stepProfile, baseline: baselineProfile },
  };
}

function printProfile(p: Results['profile']): void {
  const row = (name: string, s: StepProfile) =>
    `| ${name} | ${s.steps} | ${s.workflowTasksPerStep.toFixed(2)} | ${s.activitiesPerStep.toFixed(2)} | ${s.childWorkflowsPerStep.toFixed(2)} | ` +
    `${s.workflowTaskQueueMs.toFixed(0)} / ${s.workflowTaskRunMs.toFixed(0)} | ${s.activityQueueMs.toFixed(0)} / ${s.activityRunMs.toFixed(0)} |`;
  console.log('\n| one workflow\'s steps | steps | workflow tasks per step | activities per step | child workflows per step | workflow task: queue / run ms | activity: queue / run ms |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  console.log(row('case (`home-visit`)', p.step));
  console.log(row('baseline (Update + one activity)', p.baseline));
}

function save(file: string, results: Partial<Results>): void {
  results.retried503 = Object.fromEntries(retried503);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

async function main(): Promise<number> {
  const o = benchOptions(process.argv.slice(2), process.env, path.join(__dirname, 'results.json'));
  const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)} load ${load().toFixed(2)}] ${s}`);
  let stack: Stack | undefined;
  let baselineWorker: BaselineWorker | undefined;
  let connection: Connection | undefined;
  let signalled = false;
  const stopAll = async () => {
    await baselineWorker?.stop().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    const code = await stack?.stop();
    stack = undefined;
    return code;
  };
  const onSignal = (sig: NodeJS.Signals) => {
    signalled = true;
    console.error(`${sig}: stopping…`);
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  const results: Partial<Results> = { at: new Date().toISOString(), machine: machine(), options: o };
  try {
    log('starting the embedded stack (Temporal, PostgreSQL, worker, API)…');
    // A benchmark sends thousands of requests a minute with one token on purpose: measured, not limited.
    stack = await startStack({
      policy: benchPolicy,
      env: { RATE_LIMIT_PER_MINUTE: '1000000', ...(o.cachedWorkflows > 0 ? { WORKER_CACHED_WORKFLOWS: String(o.cachedWorkflows) } : {}) },
      readyWithinMs: 300_000,
    });
    // Like any client: a caseworker's and manager's token from `npm run token`.
    useBearerToken(stack.token);
    connection = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection, namespace: 'default' });
    // The case workflows' payloads are encrypted: bare Updates to them go through the stack's own key.
    const caseClient = new Client({ connection, namespace: 'default', dataConverter: caseDataConverter(stack.payloadKeys()) });
    baselineWorker = await startBaselineWorker(stack.temporalAddress, 'default');
    await request(stack.apiUrl, 'GET', '/api/health', 200);

    Object.assign(results, await sideBySide(stack, client, caseClient, o, log));
    const r = results as Results;
    console.log(`\n${o.clients} concurrent clients, ${o.steps} steps each, ${o.intake} applications, in ${o.rounds} rounds; ${r.machine.nproc} cores, ${r.machine.memoryGb} GB, ${r.machine.node}\n`);
    console.log(comparisonTable(r.comparisons));
    const hl = r.httpLayer;
    console.log(
      `\nHTTP layer: a step over HTTP p50 ${hl.http.p50.toFixed(0)} ms, as a bare executeUpdate p50 ${hl.bareUpdate.p50.toFixed(0)} ms ` +
        `(${hl.bareUpdate.throughput.toFixed(1)}/s, p99 ${hl.bareUpdate.p99.toFixed(0)} ms; load ${hl.load.map((x) => x.toFixed(1)).join(' → ')})`,
    );
    printProfile(r.profile);
    if (retried503.size > 0) console.log(`\nretried after 503: ${JSON.stringify(Object.fromEntries(retried503))}`);
    save(o.out, results);

    if (o.storm > 0) {
      const decideWithinMs = Math.max(30_000, (o.storm / r.comparisons[0]!.project.throughput) * 1_500 + 15_000);
      log(`storm: ${o.storm} cases whose expiry notice falls due at one instant, ${(decideWithinMs / 1000).toFixed(0)} s from now…`);
      try {
        results.storm = await storm(stack.apiUrl, stack.dataDir, o.clients, o.storm, { decideWithinMs });
        console.log(JSON.stringify(results.storm, null, 2));
      } catch (error) {
        // Reported, not fatal: the mass intake still runs on the same stack.
        results.stormFailed = error instanceof Error ? error.message : String(error);
        log(`storm failed: ${results.stormFailed}`);
      }
      save(o.out, results);
    }
    if (o.mass > 0) {
      log(`mass intake: ${o.mass} applications, ${o.clients} at a time…`);
      results.massIntake = await massIntake(stack.apiUrl, stack.pid, o.clients, o.mass);
      const m = results.massIntake;
      console.log(
        `mass intake: ${m.cases} cases in ${m.figures.seconds.toFixed(1)} s (${m.figures.throughput.toFixed(1)}/s, p50 ${m.figures.p50.toFixed(0)} ms, p99 ${m.figures.p99.toFixed(0)} ms); ` +
          `worker process RSS ${m.memory.map((s) => `${s.cases}: ${s.rssMb.toFixed(0)} MB`).join(', ')}; at the end ${m.rssAtEndMb?.toFixed(0)} MB (peak ${m.peakMb?.toFixed(0)} MB)`,
      );
      save(o.out, results);
    }
    if (o.import > 0 || o.reEvaluationStorm > 0) {
      const importer = await stack.mintToken({ sub: 'bench-import', roles: ['importer'], municipalities: [STORM_MUNICIPALITY] });
      // A caseworker's step on cases of their own: first on the idle stack, then while the import runs
      // and while the storm drains.
      const stepCases = await Promise.all(Array.from({ length: Math.min(4, o.clients) }, () => createCase(stack!.apiUrl)));
      await httpSteps(stack.apiUrl, stepCases, 2);
      log(`idle: ${stepCases.length} caseworkers each moving a home visit every ${CASEWORKER_THINK_MS / 1000} s, for ${IDLE_STEPS_MS / 1000} s…`);
      const idleUntil = Date.now() + IDLE_STEPS_MS;
      const idleSteps = await httpStepsWhile(stack.apiUrl, stepCases, () => Date.now() < idleUntil, CASEWORKER_THINK_MS);
      results.stepsIdle = figures([idleSteps]);
      if (o.import > 0) {
        log(`import: ${o.import} open cases (a fifth with a re-evaluation overdue) at up to ${o.importRate}/s, ${o.importConcurrency} in flight, ${stepCases.length} caseworkers stepping meanwhile…`);
        let importing = true;
        const during = httpStepsWhile(stack.apiUrl, stepCases, () => importing, CASEWORKER_THINK_MS);
        const m = await importThroughput(stack.apiUrl, stack.pid, importer, o.import, {
          municipality: STORM_MUNICIPALITY,
          rate: o.importRate,
          concurrency: o.importConcurrency,
          dataDir: stack.dataDir,
          metricsUrl: stack.workerMetricsUrl,
          onRequestsDone: () => (importing = false),
        });
        importing = false;
        const duringSteps = await during;
        results.importThroughput = m;
        results.stepsDuringImport = { idle: figures([idleSteps]), duringImport: figures([duringSteps]) };
        const after = (ms: number | null) => (ms === null ? 'not within the wait' : `${(ms / 1000).toFixed(1)} s after the import's last request`);
        console.log(
          `\nimport: ${m.imported} of ${m.cases} cases in ${m.seconds.toFixed(1)} s (${m.casesPerSecond.toFixed(1)}/s; skipped ${m.skipped}, failed ${m.failed}; load ${load().toFixed(1)})\n` +
            `| cases in | seconds | launcher RSS (worker and API), MB | case runs in the worker's cache | import client's heap, MB |\n| --- | --- | --- | --- | --- |\n` +
            m.memory.map((x) => `| ${x.cases} | ${x.seconds.toFixed(0)} | ${x.rssMb.toFixed(0)} | ${x.cachedWorkflows ?? '?'} | ${x.clientHeapMb.toFixed(0)} |`).join('\n') +
            `\nat the end ${m.rssAtEndMb?.toFixed(0)} MB (peak ${m.peakMb?.toFixed(0)} MB); the last of ${m.overdue} overdue cases flagged ${after(m.lastOverdueFlaggedAfterMs)}, ` +
            `its notice in the mailbox ${after(m.lastOverdueNoticeAfterMs)} (${m.overdueNotices} notices)`,
        );
        const sd = results.stepsDuringImport;
        console.log(
          `a caseworker's step (home-visit): idle p50 ${sd.idle.p50.toFixed(0)} ms, p99 ${sd.idle.p99.toFixed(0)} ms (${sd.idle.n} steps); ` +
            `during the import p50 ${sd.duringImport.p50.toFixed(0)} ms, p99 ${sd.duringImport.p99.toFixed(0)} ms (${sd.duringImport.n} steps, ${sd.duringImport.failed} failed after retries): ` +
            `${(sd.duringImport.p50 / sd.idle.p50).toFixed(2)}×, ${(sd.duringImport.p99 / sd.idle.p99).toFixed(2)}×`,
        );
        save(o.out, results);
      }
      if (o.reEvaluationStorm > 0) {
        // Time to import them all at the pace just measured (or a guess), and a margin: then they fall due.
        const rate = results.importThroughput?.casesPerSecond ?? 3;
        const importWithinMs = Math.min(2.5 * 3_600_000, (o.reEvaluationStorm / rate) * 1_500 + 30_000);
        log(`re-evaluation storm: ${o.reEvaluationStorm} imported cases whose re-evaluation falls due in one second, ${(importWithinMs / 1000).toFixed(0)} s from now…`);
        results.reEvaluationStorm = await reEvaluationStorm(stack.apiUrl, stack.dataDir, client, importer, o.reEvaluationStorm, {
          municipality: STORM_MUNICIPALITY,
          rate: o.importRate,
          concurrency: o.importConcurrency,
          clients: o.clients,
          importWithinMs,
          log,
          stepWhile: (going) => httpStepsWhile(stack!.apiUrl, stepCases, going, CASEWORKER_THINK_MS),
        });
        const st = results.reEvaluationStorm;
        const s1 = (ms: number | null) => (ms === null ? 'not all within the wait' : `${(ms / 1000).toFixed(1)} s`);
        console.log(
          `\n| the storm: ${st.cases} due in one second | until the last | p50 | fired |\n| --- | --- | --- | --- |\n` +
            `| re-evaluation notices of imported cases (${st.importedInTime} imported in time) | ${s1(st.project.allAfterMs)} | ${s1(st.project.p50AfterMs)} | ${st.project.fired} |\n` +
            `| bare Temporal timers, one activity each (${st.baseline.startedInTime} started in time) | ${s1(st.baseline.allAfterMs)} | ${s1(st.baseline.p50AfterMs)} | ${st.baseline.fired} |\n` +
            `each notice exactly once: ${st.exactlyOnce} of ${st.cases} (duplicates ${st.duplicates}, missing ${st.missing})`,
        );
        const dd = st.stepsDuringDrain;
        const idle = results.stepsIdle!;
        if (dd) {
          console.log(
            `a caseworker's step (home-visit) on a case of their own: idle p50 ${idle.p50.toFixed(0)} ms, p99 ${idle.p99.toFixed(0)} ms; ` +
              `while the storm drains p50 ${dd.p50.toFixed(0)} ms, p99 ${dd.p99.toFixed(0)} ms (${dd.n} steps, ${dd.failed} failed after retries): ${(dd.p50 / idle.p50).toFixed(2)}×, ${(dd.p99 / idle.p99).toFixed(2)}×`,
          );
        }
        save(o.out, results);
      }
    }
    log(`results in ${o.out}`);
    return 0;
  } catch (error) {
    if (signalled) return 130;
    console.error(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (stack) console.error(`Launcher output (last 2000 characters):\n${stack.output().slice(-2000)}`);
    return 1;
  } finally {
    const code = await stopAll();
    if (code !== undefined && code !== null && code !== 0) console.error(`The launcher exited with ${code}`);
  }
}

void main().then((code) => (process.exitCode = code));
