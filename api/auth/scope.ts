// Municipality scope: a token acts only in the municipalities its claim lists. A case elsewhere is
// answered as if it did not exist (404); asking for another municipality by name is 403.
import type { Knex } from 'knex';
import { ApiError } from '../errors';
import type { Access } from './roles';

/** The case's municipality, when the case exists and lies within the token's municipalities; else 404. */
export async function caseInScope(db: Knex, access: Access, caseId: string): Promise<string> {
  const row = (await db('cases').where({ id: caseId }).first('municipality')) as { municipality: string } | undefined;
  if (!row || !access.principal.municipalities.includes(row.municipality)) throw ApiError.caseNotFound(caseId);
  return row.municipality;
}

/** A municipality named in a body or a filter must be one of the token's: else 403 naming the field. */
export function requireMunicipality(access: Access, municipality: string, field: string): void {
  if (!access.principal.municipalities.includes(municipality)) {
    throw new ApiError('forbidden', `This token does not act in the municipality ${municipality} (${field}); it acts in ${access.principal.municipalities.join(', ') || 'none'}.`);
  }
}

/** The municipalities a list or figure covers: the filter (checked), else all of the token's. */
export function municipalitiesInScope(access: Access, filter: string | undefined, field = 'municipality'): string[] {
  if (filter === undefined) return access.principal.municipalities;
  requireMunicipality(access, filter, field);
  return [filter];
}
