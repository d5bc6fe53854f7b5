// The office's people that the work-queue tests act as, and the cases they open, set up in one place.
import { expect } from 'vitest';
import type { Role } from '../../../api/auth/roles';
import type { ApiStack } from './apiStack';
import { application } from './applications';
import type { Call } from './http';

export interface OfficeStaff {
  anne: Call;
  bjorn: Call;
  manager: Call;
  luroyCaseworker: Call;
}

/** Two caseworkers and their manager in Namsos, and a caseworker in Lurøy, each with a token of their own. */
export async function officeStaff(stack: ApiStack): Promise<OfficeStaff> {
  const as = async (role: Role, municipality: string, sub: string) => stack.as(await stack.issuer.tokenFor([role], [municipality], sub));
  return {
    anne: await as('caseworker', 'namsos', 'saksbehandler-anne'),
    bjorn: await as('caseworker', 'namsos', 'saksbehandler-bjorn'),
    manager: await as('manager', 'namsos', 'leder-lise'),
    luroyCaseworker: await as('caseworker', 'luroy', 'saksbehandler-luroy'),
  };
}

/** POST /api/cases as `call`, which must answer 201; the new case's id. */
export async function createCase(call: Call, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await call('POST', '/api/cases', application(overrides));
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}
