// Applications as a caseworker's system sends them. National ids are synthetic test numbers with valid check digits.
import { randomUUID } from 'node:crypto';

/**
 * A fødselsnummer (or D-number, day + 40) for `ddmmyy` with valid check digits, from the first
 * individual number at or after `iii` that has them. Synthetic: not a real person.
 */
export function nationalId(ddmmyy: string, iii: string): string {
  const k1w = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const k2w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  for (let individual = Number(iii); individual < 1000; individual++) {
    const digits = [...`${ddmmyy}${String(individual).padStart(3, '0')}`].map(Number);
    const k1 = (11 - (k1w.reduce((s, w, i) => s + w * (digits[i] ?? 0), 0) % 11)) % 11;
    if (k1 === 10) continue;
    digits.push(k1);
    const k2 = (11 - (k2w.reduce((s, w, i) => s + w * (digits[i] ?? 0), 0) % 11)) % 11;
    if (k2 === 10) continue;
    digits.push(k2);
    return digits.join('');
  }
  throw new Error(`no valid national id for ${ddmmyy}`);
}

export const VALID_FNR = nationalId('010101', '500');
export const VALID_DNR = nationalId('410101', '500');

export function application(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    municipality: 'namsos',
    applicant: {
      nationalId: VALID_FNR,
      name: 'Kari Nordmann',
      phone: '+47 912 34 567',
      email: 'kari.nordmann@example.no',
      address: 'Storgata 1, 7800 Namsos',
    },
    services: ['home_nursing'],
    channel: 'digital',
    consent: { givenBy: 'applicant', name: 'Kari Nordmann', givenAt: new Date().toISOString().slice(0, 10) },
    description: `Trenger hjelp med medisiner (${randomUUID().slice(0, 8)}).`,
    ...overrides,
  };
}
