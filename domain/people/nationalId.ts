// Norwegian national identity numbers: fødselsnummer, D-nummer, H-nummer and Test-Norge synthetic
// numbers. ddmmyy + 3 individsiffer + kontrollsiffer k1 k2.
// Reasons never echo the number: they end up in API error messages and logs.

export type NationalIdKind = 'fnr' | 'dnr' | 'hnr' | 'synthetic';

export type NationalIdValidation = { valid: true; kind: NationalIdKind } | { valid: false; reason: string };

const K1_WEIGHTS = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const K2_WEIGHTS = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function weightedSum(digits: number[], weights: number[]): number {
  return weights.reduce((sum, weight, i) => sum + weight * (digits[i] ?? 0), 0);
}

/**
 * The date part exists in some century. After 2032 the century cannot be read from the number,
 * so 29 February is accepted for every yy divisible by 4 (00 can be 2000).
 */
function isPossibleBirthDate(day: number, month: number, yy: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const lengths = [31, yy % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}

export function validateNationalId(value: string): NationalIdValidation {
  // Stryker disable next-line Regex: with the g flag, removing each white-space character or each run of them is the same
  const id = typeof value === 'string' ? value.replace(/\s+/g, '') : '';
  if (!/^\d{11}$/.test(id)) return { valid: false, reason: 'must be 11 digits' };
  const digits = [...id].map(Number);

  let day = Number(id.slice(0, 2));
  let month = Number(id.slice(2, 4));
  const yy = Number(id.slice(4, 6));
  const dNumber = day > 40; // D-nummer: first digit + 4
  if (dNumber) day -= 40;
  let kind: NationalIdKind = dNumber ? 'dnr' : 'fnr';
  if (month > 80) {
    month -= 80; // Test-Norge synthetic: month + 80 (a synthetic D-number too)
    kind = 'synthetic';
  } else if (month > 40) {
    if (dNumber) return { valid: false, reason: 'a D-number cannot also be an H-number' };
    month -= 40; // H-nummer (helsesektoren): month + 40
    kind = 'hnr';
  }
  if (!isPossibleBirthDate(day, month, yy)) return { valid: false, reason: 'the date part is not a valid date' };

  const k1 = digits[9] ?? 0;
  const k2 = digits[10] ?? 0;
  // Before 2032: (Σ + k1) mod 11 = 0. From 1 Jan 2032 (Skatteetaten): 0, 1, 2 or 3. Both are accepted now.
  const k1Remainder = (weightedSum(digits, K1_WEIGHTS) + k1) % 11;
  if (k1Remainder > 3) return { valid: false, reason: 'the first check digit is wrong' };
  // k2 is unchanged by the 2032 rule: over the first ten digits, k1 included.
  if ((weightedSum(digits, K2_WEIGHTS) + k2) % 11 !== 0) return { valid: false, reason: 'the second check digit is wrong' };
  return { valid: true, kind };
}
