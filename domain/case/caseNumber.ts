// The municipality's readable case number (saksnummer): `<year>/<sequence>`, e.g. `2026/0042`.
// One a person can read over the phone; the UUID stays the API's id.

export function formatCaseNumber(year: number, sequence: number): string {
  return `${year}/${String(sequence).padStart(4, '0')}`;
}
