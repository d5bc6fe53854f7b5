// The representatives' names and contact details (case_representatives, migration 014): personal
// data, kept here only. The case's workflow knows a representative by the row's id and role.
import type { Knex } from 'knex';
import type { RepresentativeRole } from '../domain/people/representative';

export interface StoredRepresentative {
  id: string;
  caseId: string;
  role: RepresentativeRole;
  name: string;
  address?: string;
  phone?: string;
  email?: string;
}

interface Row {
  id: string;
  case_id: string;
  role: RepresentativeRole;
  name: string;
  address: string | null;
  phone: string | null;
  email: string | null;
}

/** Stores one (once per id: a retried request with the same id stores nothing new). */
export async function storeRepresentative(db: Knex | Knex.Transaction, r: StoredRepresentative): Promise<void> {
  await db('case_representatives')
    .insert({ id: r.id, case_id: r.caseId, role: r.role, name: r.name, address: r.address ?? null, phone: r.phone ?? null, email: r.email ?? null })
    .onConflict('id')
    .ignore();
}

/** Removes a row the case never took (its step was refused). */
export async function dropRepresentative(db: Knex, caseId: string, id: string): Promise<void> {
  await db('case_representatives').where({ id, case_id: caseId }).delete();
}

export async function findRepresentative(db: Knex | Knex.Transaction, caseId: string, id: string): Promise<StoredRepresentative | undefined> {
  const row = (await db('case_representatives').where({ id, case_id: caseId }).first('id', 'case_id', 'role', 'name', 'address', 'phone', 'email')) as Row | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    caseId: row.case_id,
    role: row.role,
    name: row.name,
    ...(row.address ? { address: row.address } : {}),
    ...(row.phone ? { phone: row.phone } : {}),
    ...(row.email ? { email: row.email } : {}),
  };
}
