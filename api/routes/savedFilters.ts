// `GET` and `POST /api/saved-filters`: each person's saved work-queue filters (the office's own
// pages), theirs alone (the token's `sub`). The list is replaced as a whole. A filter holds the
// queue's choices only, never a case or a person.
import { z } from 'zod';
import { CASE_STATUSES } from '../../domain/case/caseTypes';
import { whenPresent } from '../../domain/steps/fields';
import { accessOf } from '../auth/guard';
import { ROUTE_ROLES } from '../auth/roles';
import type { ApiContext } from '../context';
import { ApiError } from '../errors';
import { defineRoute, type Route } from '../route';

/** More than a queue needs; a list is one small row. */
export const MAX_SAVED_FILTERS = 30;

function savedFilterSchema(municipalities: readonly string[]) {
  return z
    .strictObject({
      name: z
        .string({ error: 'Must be the name of the filter.' })
        .trim()
        .min(1, { error: 'Must not be empty.' })
        .max(60, { error: 'Must be at most 60 characters.' }),
      assignee: z.enum(['none', 'me', 'all'], { error: whenPresent('Must be one of none, me, all.') }).meta({ description: "Whose cases: nobody's, mine, or all." }),
      municipality: z
        .enum(municipalities as [string, ...string[]], { error: whenPresent(`Unknown municipality: use one of ${municipalities.join(', ')}.`) })
        .optional(),
      status: z.enum(CASE_STATUSES, { error: whenPresent(`Unknown status: use one of ${CASE_STATUSES.join(', ')}.`) }).optional(),
    })
    .meta({ id: 'SavedFilter' });
}

function savedFiltersSchema(municipalities: readonly string[]) {
  return z
    .strictObject({
      items: z
        .array(savedFilterSchema(municipalities), { error: 'Must be a list of filters.' })
        .max(MAX_SAVED_FILTERS, { error: `At most ${MAX_SAVED_FILTERS} filters.` })
        .superRefine((items, ctx) => {
          items.forEach((item, i) => {
            if (items.findIndex((other) => other.name.trim().toLowerCase() === item.name.trim().toLowerCase()) !== i) {
              ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `Another filter is named ${item.name.trim()}.` });
            }
          });
        }),
    })
    .meta({ id: 'SavedFilters' });
}

export function savedFilterRoutes(ctx: ApiContext): Route[] {
  const municipalities = Object.keys(ctx.policy.municipalities);
  const schema = savedFiltersSchema(municipalities);
  const read = async (owner: string) => {
    const row = (await ctx.db('saved_filters').where({ owner }).first('filters')) as { filters: unknown[] } | undefined;
    return { items: row?.filters ?? [] };
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/saved-filters',
      operationId: 'listSavedFilters',
      summary: "The caller's own saved work-queue filters",
      description: 'Each person sees only their own (the token\'s `sub`).',
      tag: 'Cases',
      roles: ROUTE_ROLES.listCases,
      responses: { 200: { description: 'The filters, in the order saved.', schema } },
      errors: ['unavailable'],
      handler: async ({ res }) => {
        res.json(await read(accessOf(res).principal.sub));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/saved-filters',
      operationId: 'saveFilters',
      summary: "Replace the caller's saved work-queue filters",
      description: `The whole list (at most ${MAX_SAVED_FILTERS}, each name once); an empty list removes them all. A municipality must be one of the token's.`,
      tag: 'Cases',
      roles: ROUTE_ROLES.listCases,
      body: schema,
      responses: { 200: { description: 'The filters as saved.', schema } },
      errors: ['validation_failed', 'unavailable'],
      handler: async ({ body, res }) => {
        const access = accessOf(res);
        const outside = body.items.findIndex((f) => f.municipality !== undefined && !access.principal.municipalities.includes(f.municipality));
        if (outside >= 0) {
          throw ApiError.validation([{ field: `items[${outside}].municipality`, message: `This token does not act in ${body.items[outside]!.municipality}.` }]);
        }
        await ctx
          .db('saved_filters')
          .insert({ owner: access.principal.sub, filters: JSON.stringify(body.items), updated_at: ctx.db.fn.now() })
          .onConflict('owner')
          .merge(['filters', 'updated_at']);
        res.json(await read(access.principal.sub));
      },
    }),
  ];
}
