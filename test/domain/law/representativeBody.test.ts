// The representative's body as the API checks it (fvl § 12, pbrl §§ 3-1 and 4-6): who may be one,
// how they must be reachable, and that a relative, who gets no letters, has no copy to give up.
import { describe, expect, it } from 'vitest';
import { representativeOf, representativeSchema } from '../../../domain/steps/representative';

function problems(body: unknown): Array<{ field: string; message: string }> {
  const parsed = representativeSchema.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
}

const guardian = { role: 'guardian', name: 'Ola Verge' };

describe('a representative must be reachable', () => {
  it('by an address, a phone number or an e-mail address, any one of them', () => {
    expect(problems({ ...guardian, address: 'Storgata 1, 7800 Namsos' })).toEqual([]);
    expect(problems({ ...guardian, phone: '+47 912 34 567' })).toEqual([]);
    expect(problems({ ...guardian, email: 'ola@example.no' })).toEqual([]);
  });

  it('by an e-mail address SMTP can deliver to: a local part of at most 64 characters (RFC 5321)', () => {
    expect(problems({ ...guardian, email: `${'o'.repeat(64)}@example.no` })).toEqual([]);
    expect(problems({ ...guardian, email: `${'o'.repeat(65)}@example.no` })).toEqual([
      { field: 'email', message: 'Must be an e-mail address such as ola.nordmann@example.no.' },
    ]);
    expect(problems({ ...guardian, email: `ola@${'d'.repeat(63)}.${'e'.repeat(63)}.${'f'.repeat(63)}.${'g'.repeat(60)}.no` })).toEqual([
      { field: 'email', message: 'Must be an e-mail address such as ola.nordmann@example.no.' },
    ]);
  });

  it('and with none of them the address is named, with what to give', () => {
    expect(problems(guardian)).toEqual([
      { field: 'address', message: 'Give an address, a phone number or an e-mail address: the representative must be reachable.' },
    ]);
  });
});

describe('a copy to the applicant', () => {
  it('a guardian or a fullmektig may do without it', () => {
    expect(problems({ ...guardian, phone: '+47 912 34 567', copyToApplicant: false })).toEqual([]);
    expect(problems({ role: 'authorised', name: 'Advokat Per Hansen', email: 'per@advokat.example.no', copyToApplicant: true })).toEqual([]);
  });

  it('a relative gets no letters, so saying anything of a copy is refused, naming copyToApplicant', () => {
    for (const copyToApplicant of [true, false]) {
      expect(problems({ role: 'relative', name: 'Per Nordmann', phone: '+47 987 65 432', copyToApplicant })).toEqual([
        { field: 'copyToApplicant', message: 'Only for a guardian or an authorised representative: a relative gets no letters, so there is nothing to copy.' },
      ]);
    }
    expect(problems({ role: 'relative', name: 'Per Nordmann', phone: '+47 987 65 432' })).toEqual([]);
  });

  it('the case keeps a copy for a guardian unless told otherwise, and never for a relative', () => {
    const since = '2027-01-04T10:00:00.000Z';
    const id = '3f1c2b7e-8a4d-4c1e-9b2a-1d2e3f4a5b6c';
    expect(representativeOf({ representativeId: id, role: 'guardian' }, since)).toEqual({ id, role: 'guardian', copyToApplicant: true, since });
    expect(representativeOf({ representativeId: id, role: 'guardian', copyToApplicant: false }, since).copyToApplicant).toBe(false);
    expect(representativeOf({ representativeId: id, role: 'authorised', copyToApplicant: true }, since).copyToApplicant).toBe(true);
    expect(representativeOf({ representativeId: id, role: 'relative', copyToApplicant: true }, since).copyToApplicant).toBe(false);
  });
});
