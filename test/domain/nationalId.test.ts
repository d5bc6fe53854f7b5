import { describe, expect, it } from 'vitest';
import { validateNationalId } from '../../domain/people/nationalId';

/**
 * The classic check-digit computation (k = 11 − Σ mod 11; 11 → 0; 10 → none), written out here
 * apart from the code under test, to build numbers of each kind.
 */
function withCheckDigits(nine: string): string | null {
  const digit = (digits: string, weights: number[]) => {
    const sum = weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);
    const k = 11 - (sum % 11);
    return k === 11 ? 0 : k === 10 ? null : k;
  };
  const k1 = digit(nine, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
  if (k1 === null) return null;
  const k2 = digit(nine + k1, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
  return k2 === null ? null : `${nine}${k1}${k2}`;
}

/** The first individual number from `start` that gives valid check digits under the old rule. */
function numberFor(dateSix: string, start = 100): string {
  for (let individual = start; individual < 1000; individual++) {
    const id = withCheckDigits(dateSix + String(individual).padStart(3, '0'));
    if (id) return id;
  }
  throw new Error(`no number for ${dateSix}`);
}

describe('validateNationalId: scenario 24 (§ 10)', () => {
  it('31129956715 is a valid fødselsnummer', () => {
    expect(validateNationalId('31129956715')).toEqual({ valid: true, kind: 'fnr' });
  });

  it('31129956716 is invalid (second check digit)', () => {
    expect(validateNationalId('31129956716')).toEqual({ valid: false, reason: 'the second check digit is wrong' });
  });

  it('41010199946 is a valid D-number', () => {
    expect(validateNationalId('41010199946')).toEqual({ valid: true, kind: 'dnr' });
  });

  it('31129956723 is valid only under the 2032 rule, and accepted', () => {
    expect(withCheckDigits('311299567')).toBe('31129956715'); // the old rule would want 15
    expect(validateNationalId('31129956723')).toEqual({ valid: true, kind: 'fnr' });
  });
});

describe('validateNationalId: kinds and refusals', () => {
  it('strips spaces', () => {
    expect(validateNationalId(' 311299 567 15 ')).toEqual({ valid: true, kind: 'fnr' });
  });

  it('H-number: month + 40', () => {
    const id = numberFor('014180');
    expect(validateNationalId(id)).toEqual({ valid: true, kind: 'hnr' });
  });

  it('Test-Norge synthetic: month + 80, also on a D-number', () => {
    expect(validateNationalId(numberFor('159285'))).toEqual({ valid: true, kind: 'synthetic' });
    expect(validateNationalId(numberFor('558185'))).toEqual({ valid: true, kind: 'synthetic' });
  });

  it('refuses a D-number that is also an H-number', () => {
    expect(validateNationalId(numberFor('454180'))).toEqual({ valid: false, reason: 'a D-number cannot also be an H-number' });
  });

  it('refuses anything but 11 digits', () => {
    for (const bad of ['', '3112995671', '311299567155', '3112995671a', '31.12.99 56715']) {
      expect(validateNationalId(bad), bad).toEqual({ valid: false, reason: 'must be 11 digits' });
    }
  });

  it('refuses a date that does not exist, whatever the check digits', () => {
    for (const six of ['320199', '310499', '300299', '290201', '001299', '011399', '015399', '019399', '720199']) {
      expect(validateNationalId(numberFor(six)), six).toEqual({ valid: false, reason: 'the date part is not a valid date' });
    }
  });

  it('accepts 29 February in a year that can be a leap year (00 can be 2000)', () => {
    expect(validateNationalId(numberFor('290200'))).toEqual({ valid: true, kind: 'fnr' });
    expect(validateNationalId(numberFor('290204'))).toEqual({ valid: true, kind: 'fnr' });
    expect(validateNationalId(numberFor('690204'))).toEqual({ valid: true, kind: 'dnr' });
  });

  it('refuses a wrong first check digit under both rules', () => {
    // Σ + k1 ≡ 0 for 31129956715; k1 + 4 makes the remainder 4, outside {0,1,2,3}.
    expect(validateNationalId('31129956755')).toEqual({ valid: false, reason: 'the first check digit is wrong' });
  });

  it('never echoes the number in a reason', () => {
    const result = validateNationalId('31129956716');
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.reason).not.toMatch(/\d{6}/);
  });
});
