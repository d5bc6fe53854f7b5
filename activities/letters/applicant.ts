// The applicant as stored in cases.applicant (jsonb): what letters and channels may use of it.
export interface StoredApplicant {
  nationalId?: string;
  name: string;
  phone?: string;
  email?: string;
  address?: string;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Reads the jsonb column (an object, or its text if a driver returns it so). */
export function readApplicant(value: unknown): StoredApplicant {
  const raw = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown> | null;
  if (!raw || typeof raw !== 'object') return { name: '' };
  const applicant: StoredApplicant = { name: optionalText(raw.name) ?? '' };
  const nationalId = optionalText(raw.nationalId);
  const phone = optionalText(raw.phone);
  const email = optionalText(raw.email);
  const address = optionalText(raw.address);
  if (nationalId) applicant.nationalId = nationalId;
  if (phone) applicant.phone = phone;
  if (email) applicant.email = email;
  if (address) applicant.address = address;
  return applicant;
}
