// The OpenAPI document is built from the routes the app serves: every Express route is in it, and
// everything in it is a route; every reference resolves; the contract's names are all there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { createApp } from '../../api/app';
import { PAGES_OWN_PATHS } from '../../api/pages/pages';
import { createTemporalClient } from '../../temporal/client';
import { loadPolicy } from '../../config/policy';
import { createDb } from '../../db/knex';
import { CASE_STEPS, stepRoute } from '../../domain/case/caseRules';
import { freePort } from '../../scripts/stack/freePort';
import { client, type Call } from './support/http';
import { testIssuer } from './support/tokenIssuer';
import { listen } from './support/apiStack';
import { testPayloadKeys } from '../support/payloadKeys';

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
    expect(params).toEqual(['status', 'municipality', 'overdue', 'limit', 'assignee', 'sort', 'cursor', 'X-Access-Reason']);
    const limit = doc.paths['/api/cases'].get.parameters.find((p: any) => p.name === 'limit');
    // An empty value (`?limit=`) is declared: it means the default.
    expect(limit.schema.anyOf).toEqual([{ type: 'string', const: '' }, expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100 })]);
    expect(Object.keys(doc.paths['/api/cases/{id}/letters/{letterId}.pdf'].get.responses['200'].content)).toEqual(['application/pdf']);
  });
});
