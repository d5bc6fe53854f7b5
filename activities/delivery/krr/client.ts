// The Contact and Reservation Register (Kontakt- og reservasjonsregisteret, KRR), Digdir's
// Oppslagstjenesten REST: POST <KRR_URL>/rest/v1/personer with { personidentifikatorer: [...] }
// (1 to 1000), a Maskinporten token with the krr: scopes. Each person comes back with reservasjon,
// status, varslingsstatus and, as the scopes allow, kontaktinformasjon and digitalpost.
import { z } from 'zod';
import type { MaskinportenClient } from '../maskinporten/client';

export const KRR_SCOPES = ['krr:global/kontaktinformasjon.read', 'krr:global/digitalpost.read'] as const;

const personSchema = z.object({
  personidentifikator: z.string(),
  reservasjon: z.enum(['JA', 'NEI']).nullish(),
  status: z.enum(['AKTIV', 'SLETTET', 'IKKE_REGISTRERT']),
  varslingsstatus: z.enum(['KAN_VARSLES', 'KAN_IKKE_VARSLES']).nullish(),
  kontaktinformasjon: z
    .object({
      epostadresse: z.string().nullish(),
      epostadresse_oppdatert: z.string().nullish(),
      mobiltelefonnummer: z.string().nullish(),
      mobiltelefonnummer_oppdatert: z.string().nullish(),
    })
    .nullish(),
  // Digdir's new krr: API calls it digitalpost; the older one digital_post.
  digitalpost: z.object({ postkasseadresse: z.string().nullish(), postkasseleverandoeradresse: z.string().nullish() }).nullish(),
  digital_post: z.object({ postkasseadresse: z.string().nullish(), postkasseleverandoeradresse: z.string().nullish() }).nullish(),
  spraak: z.string().nullish(),
});
const answerSchema = z.object({ personer: z.array(personSchema) });

export type KrrPerson = z.infer<typeof personSchema>;

/** KRR could not be asked, or its answer cannot be used: the letter waits and the look-up is tried again. */
export class KrrError extends Error {
  constructor(message: string, readonly httpStatus: number | null) {
    super(message);
    this.name = 'KrrError';
  }
}

export interface KrrClient {
  /** The register's entry for each national id (every id asked about is in the map). */
  lookup(nationalIds: readonly string[]): Promise<Map<string, KrrPerson>>;
}

export function krrEndpoint(url: string): string {
  const base = url.replace(/\/+$/, '');
  return base.endsWith('/rest/v1/personer') ? base : `${base}/rest/v1/personer`;
}

export function createKrrClient(opts: { url: string; maskinporten: MaskinportenClient }): KrrClient {
  const endpoint = krrEndpoint(opts.url);
  return {
    async lookup(nationalIds) {
      if (nationalIds.length < 1 || nationalIds.length > 1000) throw new RangeError(`KRR looks up 1 to 1000 persons at a time, not ${nationalIds.length}`);
      const token = await opts.maskinporten.token(KRR_SCOPES);
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ personidentifikatorer: nationalIds }),
          signal: AbortSignal.timeout(8_000),
        });
      } catch (error) {
        throw new KrrError(`KRR did not answer at ${endpoint}: ${(error as Error).message}`, null);
      }
      const text = await response.text();
      if (!response.ok) {
        throw new KrrError(`KRR answered HTTP ${response.status}${describeError(text)}`, response.status);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new KrrError(`KRR's answer is not JSON (HTTP ${response.status}, ${text.length} bytes)`, response.status);
      }
      const parsed = answerSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new KrrError(`KRR's answer does not parse: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape'}`, response.status);
      }
      const people = new Map(parsed.data.personer.map((p) => [p.personidentifikator, p]));
      const missing = nationalIds.filter((id) => !people.has(id));
      if (missing.length > 0) throw new KrrError(`KRR's answer leaves out ${missing.length} of the ${nationalIds.length} persons asked about`, response.status);
      return people;
    },
  };
}

// The register's error text may name the request; never the national id (it is not echoed).
function describeError(text: string): string {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const message = [body.error, body.error_description ?? body.message].filter((v) => typeof v === 'string').join(': ');
    return message ? ` (${message.replace(/\d{11}/g, '[fnr]').slice(0, 300)})` : '';
  } catch {
    return '';
  }
}

/** Where a letter goes by the register's answer (eForvaltningsforskriften §§ 8–9). */
export interface KrrRouting {
  route: 'digital' | 'print' | 'stop';
  /** May the applicant be told by SMS or e-mail (varslingsstatus KAN_VARSLES)? */
  notify: boolean;
  /** Why, in words an operator reads; no personal data. */
  reason: string;
  /** KRR's contact details, which take precedence over the application's for notices. */
  phone?: string;
  email?: string;
}

export function routeByKrr(person: KrrPerson): KrrRouting {
  const notify = person.varslingsstatus === 'KAN_VARSLES';
  const contact = notify
    ? {
        ...(person.kontaktinformasjon?.mobiltelefonnummer ? { phone: person.kontaktinformasjon.mobiltelefonnummer } : {}),
        ...(person.kontaktinformasjon?.epostadresse ? { email: person.kontaktinformasjon.epostadresse } : {}),
      }
    : {};
  // A person deleted from the register has died or emigrated: no letter goes out until the office has looked.
  if (person.status === 'SLETTET') return { route: 'stop', notify: false, reason: 'KRR: status SLETTET (død eller utvandret)' };
  if (person.status === 'IKKE_REGISTRERT') return { route: 'print', notify: false, reason: 'KRR: ikke registrert' };
  if (person.reservasjon === 'JA') return { route: 'print', notify: false, reason: 'KRR: reservert mot digital post' };
  const mailbox = person.digitalpost?.postkasseadresse ?? person.digital_post?.postkasseadresse;
  if (!mailbox) return { route: 'print', notify, reason: 'KRR: ingen digital postkasse', ...contact };
  return { route: 'digital', notify, reason: notify ? 'KRR: digital postkasse' : 'KRR: digital postkasse, KAN_IKKE_VARSLES', ...contact };
}
