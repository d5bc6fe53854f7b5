// The API's Prometheus metrics (prom-client), one registry per app so tests can build many apps:
// - http_request_duration_seconds {method, route, status}: route is the Express pattern
//   (`/api/cases/:id`), never the path with its id; a request no route matched is `unmatched`;
// - case_steps_total {step, result}: result `applied`, or the error code the step was refused with;
// - case_registrations_total {municipality, result}: `new`, or `replayed` (same Idempotency-Key);
// - from PostgreSQL, read at most once per FIGURES_CACHE_MS whoever scrapes: cases_open and
//   cases_overdue {municipality, status}, letters_delivered_total {channel, status} (delivered,
//   failed after its last retry, skipped: channel not configured), letter_deliveries_pending and
//   letter_deliveries_failing {channel}, letters_waiting {reason} (maskinporten, krr, folkeregisteret, svarut,
//   channel: the service the last attempt failed at), archive_entries_waiting and archive_entries_failed {kind}
//   (letter, appeal: registry entries Fiks Arkiv has not acknowledged, or refused), and case_figures_up
//   (0 when the database did not answer);
// - Node's process metrics (process_…, nodejs_…).
// Label values are patterns, codes and keys of the policy: never an id, a name or free text.
import type { RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { CASE_STEPS, stepRoute } from '../domain/case/caseRules';
import { DELIVERY_CHANNEL_NAMES } from '../domain/policy/deliveryChannels';
import type { Policy } from '../domain/policy/policyTypes';
import type { Logger } from '../observability/logger';
import { ARCHIVE_KINDS, operationalFigures, WAITING_REASONS, type OperationalFigures } from './readModels/operationalFigures';
import { OPEN_STATUSES } from './readModels/caseStats';
import { routePattern } from './routePattern';

/** How long the figures read from PostgreSQL are reused: scrapes from several Prometheus servers cost one query. */
export const FIGURES_CACHE_MS = 5_000;

const DELIVERY_OUTCOMES = ['delivered', 'failed', 'skipped'] as const;

export interface ApiMetricsOptions {
  db: Knex;
  policy: Policy;
  figuresCacheMs?: number;
  /** Where a failed read of the figures is reported. */
  log?: Pick<Logger, 'warn'>;
}

/** What the error handler leaves for the metrics: the error code the request was answered with. */
export function noteErrorCode(res: Response, code: string): void {
  res.locals.errorCode = code;
}

export class ApiMetrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly steps: Counter<'step' | 'result'>;
  private readonly registrations: Counter<'municipality' | 'result'>;
  // By method and route: the end of a representation is a DELETE.
  private readonly stepByRoute = new Map<string, string>(CASE_STEPS.map((step) => [`${stepRoute(step).method.toUpperCase()} /api/cases/:id/${stepRoute(step).path}`, step]));
  private cached: { at: number; figures: Promise<OperationalFigures | undefined> } | undefined;

  constructor(private readonly opts: ApiMetricsOptions) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.steps = new Counter({
      name: 'case_steps_total',
      help: "Caseworkers' steps, by step and result (applied, or the error code it was refused with).",
      labelNames: ['step', 'result'],
      registers,
    });
    this.registrations = new Counter({
      name: 'case_registrations_total',
      help: 'Applications registered, by municipality and result (new, or replayed for a repeated Idempotency-Key).',
      labelNames: ['municipality', 'result'],
      registers,
    });
    this.figureMetrics(registers);
  }

  /** Times every request; counts the steps among them. Mount before the routes. */
  middleware(): RequestHandler {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const route = routePattern(req) ?? 'unmatched';
        const status = String(res.statusCode);
        this.httpDuration.observe({ method: req.method, route, status }, Number(process.hrtime.bigint() - started) / 1e9);
        const step = this.stepByRoute.get(`${req.method} ${route}`);
        if (step) {
          const code = res.locals.errorCode as string | undefined;
          this.steps.inc({ step, result: res.statusCode < 300 ? 'applied' : (code ?? `http_${status}`) });
        }
      });
      next();
    };
  }

  /** A registration stored (new) or answered again from its Idempotency-Key (replayed). */
  registered(municipality: string, replayed: boolean): void {
    this.registrations.inc({ municipality, result: replayed ? 'replayed' : 'new' });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  /** The figures from PostgreSQL, read once per FIGURES_CACHE_MS; undefined when the database did not answer. */
  private figures(): Promise<OperationalFigures | undefined> {
    const now = Date.now();
    const ttl = this.opts.figuresCacheMs ?? FIGURES_CACHE_MS;
    if (!this.cached || now - this.cached.at >= ttl) {
      this.cached = {
        at: now,
        figures: operationalFigures(this.opts.db).catch((error: unknown) => {
          this.opts.log?.warn({ err: error }, 'metrics: the case figures could not be read from PostgreSQL');
          return undefined;
        }),
      };
    }
    return this.cached.figures;
  }

  private figureMetrics(registers: Registry[]): void {
    const municipalities = Object.keys(this.opts.policy.municipalities);
    // `this` inside collect() is the metric; the figures come from the closure.
    const figures = () => this.figures();
    new Gauge({
      name: 'case_figures_up',
      help: 'Whether the figures below (cases_…, letters_…) could be read from PostgreSQL at the last scrape.',
      registers,
      async collect() {
        this.set((await figures()) ? 1 : 0);
      },
    });
    // Open and overdue cases: every municipality and open status shown, 0 when none, so a series never vanishes.
    const caseGauge = (name: string, help: string, value: (row: OperationalFigures['cases'][number]) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['municipality', 'status'],
        registers,
        async collect() {
          this.reset();
          const read = await figures();
          if (!read) return;
          for (const municipality of municipalities) for (const status of OPEN_STATUSES) this.set({ municipality, status }, 0);
          for (const row of read.cases) this.set({ municipality: row.municipality, status: row.status }, value(row));
        },
      });
    caseGauge('cases_open', 'Open cases (not closed), by municipality and status.', (row) => row.open);
    caseGauge('cases_overdue', 'Open cases where the office is late (contact overdue, or a re-evaluation due), by municipality and status.', (row) => row.overdue);
    // A counter read from the outbox: a delivery row only ever moves on from pending, and rows are kept.
    new Counter({
      name: 'letters_delivered_total',
      help: 'Letter deliveries that ended, by channel and status: delivered, failed (after the last retry), skipped (channel not configured).',
      labelNames: ['channel', 'status'],
      registers,
      async collect() {
        this.reset();
        const read = await figures();
        if (!read) return;
        for (const channel of DELIVERY_CHANNEL_NAMES) for (const status of DELIVERY_OUTCOMES) this.inc({ channel, status }, 0);
        for (const row of read.deliveries) {
          if ((DELIVERY_OUTCOMES as readonly string[]).includes(row.status)) this.inc({ channel: row.channel, status: row.status }, row.count);
        }
      },
    });
    new Gauge({
      name: 'letter_deliveries_pending',
      help: 'Letter deliveries not yet done (being sent, or waiting for a retry), by channel.',
      labelNames: ['channel'],
      registers,
      async collect() {
        this.reset();
        const read = await figures();
        if (!read) return;
        for (const channel of DELIVERY_CHANNEL_NAMES) this.set({ channel }, 0);
        for (const row of read.deliveries) if (row.status === 'pending') this.set({ channel: row.channel }, row.count);
      },
    });
    new Gauge({
      name: 'letter_deliveries_failing',
      help: 'Pending letter deliveries whose last attempt failed (retrying with backoff), by channel: a failing channel shows here first.',
      labelNames: ['channel'],
      registers,
      async collect() {
        this.reset();
        const read = await figures();
        if (!read) return;
        for (const channel of DELIVERY_CHANNEL_NAMES) this.set({ channel }, 0);
        for (const row of read.deliveries) if (row.status === 'pending') this.set({ channel: row.channel }, row.failing);
      },
    });
    new Gauge({
      name: 'letters_waiting',
      help: 'Letter deliveries waiting for a retry, by the service their last attempt failed at: maskinporten (no token), krr, folkeregisteret, svarut, or channel (the mailbox folder, print queue, SMS gateway or mail server).',
      labelNames: ['reason'],
      registers,
      async collect() {
        this.reset();
        const read = await figures();
        if (!read) return;
        for (const reason of WAITING_REASONS) this.set({ reason }, 0);
        for (const row of read.waiting) this.set({ reason: row.reason }, row.count);
      },
    });
    for (const status of ['waiting', 'failed'] as const) {
      new Gauge({
        name: `archive_entries_${status}`,
        help:
          status === 'waiting'
            ? 'Letters and appeals whose registry entry the archive (Fiks Arkiv) has not acknowledged yet, by kind: sent and waiting for its receipt, or to be sent again.'
            : 'Letters and appeals whose registry entry the archive refused (ugyldigforespoersel, ikkefunnet, or Fiks IO answering 4xx), by kind: the operator must look.',
        labelNames: ['kind'],
        registers,
        async collect() {
          this.reset();
          const read = await figures();
          if (!read) return;
          for (const kind of ARCHIVE_KINDS) this.set({ kind }, 0);
          for (const row of read.archive) if (row.status === status) this.set({ kind: row.kind }, row.count);
        },
      });
    }
  }
}
