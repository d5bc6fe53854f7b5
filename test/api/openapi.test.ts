// The OpenAPI document is built from the routes the app serves: every Express route is in it, and
// everything in it is a route; every reference resolves; the contract's names are all there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createApp } from '../../api/app';
import { PAGES_OWN_PATHS } from '../../api/pages/pages';
import { createTemporalClient } from '../../temporal/client';
import { loadPolicy } from '../../config/policy';
import { createDb } from '../../db/knex';
import { CASE_STEPS, stepRoute, type CaseStep } from '../../domain/case/caseRules';
import { STEP_ALLOWED_FROM } from '../../domain/decider';
import { STEP_LEADS_TO } from '../../domain/case/stepLeadsTo';
import { freePort } from '../../scripts/stack/freePort';
import { client, type Call } from './support/http';
import { testIssuer } from './support/tokenIssuer';
import { listen } from './support/apiStack';
import { testPayloadKeys } from '../support/payloadKeys';
import fc from 'fast-check';
import { accessReason } from '../../api/auth/guard';
import { caseRoutes } from '../../api/routes/cases';
import { newCaseSchema, NEW_CASE_EXAMPLE } from '../../api/schemas/newCase';
import { DATE_BOUNDS_PATTERN, INSTANT_BOUNDS_PATTERN, withinDateBounds } from '../../domain/calendar/dateBounds';

type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };

/** `GET /api/cases/:id` for every route Express would match, from the app's router stack. */
function expressRoutes(app: ReturnType<typeof createApp>): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) if (on) found.push(`${method.toUpperCase()} ${layer.route.path}`);
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return found.sort();
}

function documentedRoutes(doc: any): string[] {
  const found: string[] = [];
  for (const [path, operations] of Object.entries<Record<string, unknown>>(doc.paths)) {
    for (const method of Object.keys(operations)) found.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
  }
  return found.sort();
}

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('GET /api/openapi.json', () => {
  let app: ReturnType<typeof createApp>;
  let db: Knex;
  let call: Call;
  let close: () => Promise<void>;
  let doc: any;

  beforeAll(async () => {
    // Nothing here reaches Temporal or the database: the document is built from the routes alone.
    const temporal = createTemporalClient({ address: `127.0.0.1:${await freePort()}`, namespace: 'default', payloadKeys: testPayloadKeys() });
    db = createDb(`postgres://nobody:nothing@127.0.0.1:${await freePort()}/none`);
    app = createApp({ temporal, db, policy: loadPolicy(), auth: (await testIssuer()).auth });
    const http = await listen(app);
    call = client(http.url);
    close = async () => {
      await http.close();
      await temporal.connection.close();
      await db.destroy();
    };
    const res = await call('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    doc = res.body;
  });

  afterAll(async () => {
    await close();
  });

  it('is an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
  });

  it('lists every Express route, and nothing that is not one', () => {
    const all = expressRoutes(app);
    // The office's pages (HTML and their login) are served beside the API, and are not API routes.
    const pages = all.filter((route) => PAGES_OWN_PATHS.includes(route.split(' ')[1]!));
    expect(pages).toContain('GET /login');
    const served = all.filter((route) => !pages.includes(route));
    expect(served.length).toBeGreaterThan(10);
    expect(documentedRoutes(doc)).toEqual(served);
  });

  it("has the contract's paths, a step for each of the contract's steps", () => {
    const routes = documentedRoutes(doc);
    for (const expected of [
      'POST /api/cases',
      'GET /api/cases',
      'GET /api/cases/:id',
      'GET /api/cases/:id/events',
      'GET /api/cases/:id/letters',
      'GET /api/cases/:id/letters/:letterId.pdf',
      'GET /api/services',
      'GET /api/stats',
      'GET /api/health',
      'GET /api/openapi.json',
      ...CASE_STEPS.map((step) => `${stepRoute(step).method.toUpperCase()} /api/cases/:id/${stepRoute(step).path}`),
    ]) {
      expect(routes).toContain(expected);
    }
  });

  it('resolves every $ref to a component, and has unique operation ids', () => {
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    }
    const ids = Object.values<Record<string, { operationId: string }>>(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every path parameter of every path', () => {
    for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const op of Object.values(operations)) {
        const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name).sort();
        expect(declared, path).toEqual(inPath);
      }
    }
  });

  it("documents the contract's error codes with their statuses", () => {
    const step = doc.paths['/api/cases/{id}/decision'].post;
    expect(Object.keys(step.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413', '429', '500', '503']);
    expect(step.responses['409'].description).toContain('invalid_transition');
    expect(step.responses['409'].description).toContain('case_closed');
    const codes = doc.components.schemas.Error.properties.error.properties.code.enum;
    expect(codes).toEqual(expect.arrayContaining(['validation_failed', 'not_found', 'invalid_transition', 'case_closed', 'unavailable', 'payload_too_large', 'internal', 'rate_limited']));
  });

  it('documents 429 rate_limited with Retry-After on every route, and 400 on every route that takes a body or a query', () => {
    for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(operations)) {
        const where = `${method} ${path}`;
        expect(op.responses['429']?.description, where).toContain('rate_limited');
        expect(op.responses['429'].headers['Retry-After'], where).toBeDefined();
        const takesInput = op.requestBody !== undefined || (op.parameters ?? []).some((p: any) => p.in === 'query');
        if (takesInput) expect(op.responses['400']?.description, where).toContain('validation_failed');
      }
    }
  });

  it('describes the application from the same schema that validates it', () => {
    const body = doc.paths['/api/cases'].post.requestBody;
    expect(body.required).toBe(true);
    const schema = body.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['municipality', 'applicant', 'services', 'channel', 'consent']));
    expect(schema.properties.municipality.enum).toEqual(['namsos', 'luroy', 'nordre-land'].filter((m) => schema.properties.municipality.enum.includes(m)));
    expect(schema.properties.municipality.enum).toEqual(expect.arrayContaining(['namsos', 'luroy', 'nordre-land']));
    expect(schema.properties.channel.enum).toEqual(['digital', 'paper']);
    expect(schema.additionalProperties).toBe(false);
    expect(doc.components.schemas.Consent.properties.givenBy.enum).toEqual(['applicant', 'relative', 'guardian']);
    expect(doc.components.schemas.Applicant.required).toEqual(expect.arrayContaining(['nationalId', 'name']));
    const headers = doc.paths['/api/cases'].post.parameters.filter((p: any) => p.in === 'header').map((p: any) => p.name);
    expect(headers).toEqual(['Idempotency-Key', 'X-Access-Reason']);
    expect(doc.paths['/api/cases'].post.responses['201'].headers.Location).toBeDefined();
  });

  it('describes the case view with every field of the contract', () => {
    const view = doc.components.schemas.CaseView;
    expect(Object.keys(view.properties)).toEqual(
      expect.arrayContaining(['id', 'municipality', 'status', 'services', 'receivedAt', 'deadlines', 'flags', 'homeVisit', 'decision', 'appeal', 'appealBody', 'closedReason']),
    );
    expect(doc.components.schemas.CaseStatus.enum).toEqual([
      'received', 'contacted', 'visit_scheduled', 'under_assessment', 'decided', 'under_reconsideration', 'with_appeal_body', 'active', 'closed',
    ]);
  });

  it('lets a step with only optional fields be posted without a body, and requires the others', () => {
    expect(doc.paths['/api/cases/{id}/contact'].post.requestBody.required).toBe(false);
    expect(doc.paths['/api/cases/{id}/withdraw'].post.requestBody.required).toBe(true);
    const stepHeaders = doc.paths['/api/cases/{id}/withdraw'].post.parameters.filter((p: any) => p.in === 'header').map((p: any) => p.name);
    expect(stepHeaders).toEqual(['Idempotency-Key', 'X-Access-Reason']);
  });

  it('documents the list filters and the PDF', () => {
    const params = doc.paths['/api/cases'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(['status', 'municipality', 'overdue', 'limit', 'assignee', 'onHold', 'sort', 'cursor', 'X-Access-Reason']);
    const limit = doc.paths['/api/cases'].get.parameters.find((p: any) => p.name === 'limit');
    // An empty value (`?limit=`) is declared: it means the default.
    expect(limit.schema.anyOf).toEqual([{ type: 'string', const: '' }, expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100 })]);
    expect(Object.keys(doc.paths['/api/cases/{id}/letters/{letterId}.pdf'].get.responses['200'].content)).toEqual(['application/pdf']);
  });

  const CASE_ID = '7d0b6a0e-3f1c-4b7a-9d2e-5c8f1a2b3c4d';
  const operations = () =>
    Object.entries<Record<string, any>>(doc.paths).flatMap(([path, ops]) => Object.entries<any>(ops).map(([method, op]) => ({ path, method, op })));

  it('documents the 400 every guarded route answers for a bad X-Access-Reason, and the API answers it', async () => {
    for (const { path, method, op } of operations()) {
      if (op.security.length === 0) continue;
      expect(op.responses['400']?.description, `${method} ${path}`).toContain('validation_failed');
    }
    // The four reads Schemathesis found answering an undocumented 400: the guard refuses before anything is read.
    for (const path of [`/api/cases/${CASE_ID}`, `/api/cases/${CASE_ID}/events`, `/api/cases/${CASE_ID}/letters`, `/api/cases/${CASE_ID}/letters/${CASE_ID}.pdf`]) {
      const res = await call('GET', path, undefined, { 'X-Access-Reason': 'x'.repeat(201) });
      expect(res.status, path).toBe(400);
      expect(res.body.error.details).toEqual([{ field: 'X-Access-Reason', message: expect.stringContaining('200') }]);
      const documented = doc.paths[path.replace(CASE_ID, '{id}').replace(`${CASE_ID}.pdf`, '{letterId}.pdf')].get;
      expect(Object.keys(documented.responses), path).toContain('400');
    }
  });

  it("says X-Access-Reason's rule as the guard checks it: at most 200 characters, trimmed not empty, no control characters", () => {
    const reason = doc.paths['/api/cases/{id}'].get.parameters.find((p: any) => p.name === 'X-Access-Reason');
    expect(reason.required ?? false).toBe(false);
    expect(reason).toMatchObject({ in: 'header', schema: { type: 'string', maxLength: 200 } });
    const pattern = new RegExp(reason.schema.pattern);
    const accepted = (value: string) => {
      try {
        return accessReason(value) !== null;
      } catch {
        return false;
      }
    };
    // Whatever the document admits, the guard takes (a header carries latin-1).
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 210 }), (value) => {
        if (pattern.test(value) && value.length <= 200) expect(accepted(value), JSON.stringify(value)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    for (const bad of ['', ' ', ' padded', 'tab\tinside', 'x'.repeat(201)]) expect(pattern.test(bad) && bad.length <= 200, JSON.stringify(bad)).toBe(false);
  });

  it('documents 413 on every route that takes a body', () => {
    for (const { path, method, op } of operations()) {
      if (op.requestBody) expect(op.responses['413']?.description, `${method} ${path}`).toContain('payload_too_large');
    }
  });

  it('bounds every date and instant a request may carry, as the validation does', () => {
    const inputs = JSON.stringify([doc.paths, doc.components.schemas]);
    expect(inputs).toContain(JSON.stringify(INSTANT_BOUNDS_PATTERN));
    const instant = new RegExp(INSTANT_BOUNDS_PATTERN);
    const date = new RegExp(DATE_BOUNDS_PATTERN);
    // An instant the pattern admits lies within the bounds in any offset; a date, exactly when it does.
    const twoDigits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const day = fc.tuple(fc.integer({ min: 1990, max: 2210 }), twoDigits(11), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${String(Number(m) + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(day, twoDigits(23), twoDigits(59), fc.constantFrom('+', '-'), twoDigits(23), twoDigits(59), (d, h, min, sign, oh, om) => {
        const value = `${d}T${h}:${min}:00${sign}${oh}:${om}`;
        if (instant.test(value)) expect(withinDateBounds(value), value).toBe(true);
        expect(date.test(d), d).toBe(withinDateBounds(d));
      }),
      { numRuns: 5000 },
    );
    for (const edge of ['2000-01-01T00:00:00+05:00', '2199-12-31T23:30:00Z', '2199-12-30T23:59:00-23:59']) expect(instant.test(edge), edge).toBe(false);
    expect(instant.test('2026-11-20T09:00:00.000Z')).toBe(true);
  });

  it('says what text fields and service lists demand: not blank, no duplicates', () => {
    const consent = doc.components.schemas.Consent;
    expect(consent.properties.name).toMatchObject({ minLength: 1, maxLength: 200, pattern: '\\S' });
    expect(doc.components.schemas.HomeVisitCancelStep.properties.reason.pattern).toBe('\\S');
    const body = doc.paths['/api/cases'].post.requestBody.content['application/json'];
    expect(body.schema.properties.services).toMatchObject({ type: 'array', minItems: 1, uniqueItems: true });
    expect(doc.components.schemas.Applicant.properties.nationalId.pattern).toBe('^\\s*(?:[0-9]\\s*){11}$');
  });

  it('gives a worked POST /api/cases body, one the API takes', () => {
    const body = doc.paths['/api/cases'].post.requestBody.content['application/json'];
    const examples = Object.values<any>(body.examples);
    expect(examples).toHaveLength(1);
    expect(examples[0].value).toEqual(NEW_CASE_EXAMPLE);
    const parsed = newCaseSchema(['namsos', 'luroy', 'nordre-land']).safeParse(examples[0].value);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it("gives every route's body example in a municipality of the policy, valid against the route's own schema", () => {
    const routes = caseRoutes({ policy: { municipalities: { luroy: {} } } } as never);
    const create = routes.find((route) => route.operationId === 'createCase')!;
    expect(create.bodyExample).toMatchObject({ municipality: 'luroy' });
    expect(create.body!.safeParse(create.bodyExample).success).toBe(true);
  });

  it("links a new case (POST /api/cases's 201), and every step's answer, to the operations the case can take next; a case's letters to the PDF", () => {
    const onACase = operations().filter(({ path }) => path.startsWith('/api/cases/{id}') && !path.includes('{letterId}'));
    expect(onACase.length).toBeGreaterThan(CASE_STEPS.length);
    // Each step's route (a POST, or the end of a representation, a DELETE).
    const stepOperation = (step: CaseStep) => doc.paths[`/api/cases/{id}/${stepRoute(step).path}`][stepRoute(step).method];
    const stepIds = new Set(CASE_STEPS.map((step) => stepOperation(step).operationId));
    const targets = (links: Record<string, any>) => Object.values<any>(links).map((l) => l.operationId as string);
    /** The steps allowed from any of `statuses`, by the domain's table. */
    const stepsFrom = (statuses: readonly string[]) => CASE_STEPS.filter((step) => STEP_ALLOWED_FROM[step].some((s) => statuses.includes(s))).map((step) => stepOperation(step).operationId);
    const readers = onACase.map(({ op }) => op.operationId as string).filter((id) => !stepIds.has(id));

    // A new case is `received`: its links go to every operation on a case that is not a step, and to the steps `received` allows.
    const created = doc.paths['/api/cases'].post.responses['201'].links;
    for (const id of Object.keys(created)) expect(created[id], id).toMatchObject({ operationId: id, parameters: { id: '$response.body#/id' } });
    expect(targets(created).sort()).toEqual([...readers, ...stepsFrom(['received'])].sort());
    expect(targets(created)).toContain('issueDecision');
    expect(targets(created)).not.toContain('registerAppeal');

    // After a step, the steps allowed where it leads (test/docs/tables.test.ts holds STEP_LEADS_TO to the decider's walk).
    for (const step of CASE_STEPS) {
      expect(targets(stepOperation(step).responses['200'].links).sort(), step).toEqual([...readers, ...stepsFrom(STEP_LEADS_TO[step])].sort());
      expect(stepOperation(step)['x-allowed-from'], step).toEqual(STEP_ALLOWED_FROM[step]);
    }
    // So a stateful client can go from a decision to its appeal, the reconsideration, the appeal body and the re-evaluation.
    expect(targets(stepOperation('decision').responses['200'].links)).toContain('registerAppeal');
    expect(targets(stepOperation('appeal').responses['200'].links)).toContain('reconsiderDecision');
    expect(targets(stepOperation('reconsideration').responses['200'].links)).toContain('recordAppealBodyDecision');
    expect(targets(stepOperation('appeal-body-decision').responses['200'].links)).toContain('reEvaluate');
    expect(targets(stepOperation('withdraw').responses['200'].links)).not.toContain('contactApplicant');
    // The case as it stands may be in any status: its answer links to every operation on it.
    expect(targets(doc.paths['/api/cases/{id}'].get.responses['200'].links).sort()).toEqual(onACase.map(({ op }) => op.operationId).sort());
    // The id the links take is in every answer: CaseView requires it.
    expect(doc.components.schemas.CaseView.required).toContain('id');
    const pdf = doc.paths['/api/cases/{id}/letters'].get.responses['200'].links.getCaseLetterPdf;
    expect(pdf.parameters).toEqual({ id: '$request.path.id', letterId: '$response.body#/items/0/id' });
    expect(doc.paths['/api/cases/{id}/letters/{letterId}.pdf'].get.operationId).toBe('getCaseLetterPdf');
  });
});
