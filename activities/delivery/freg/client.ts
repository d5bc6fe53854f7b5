// Folkeregisteret, Skatteetaten's API for public bodies with legal basis (offentlig med hjemmel):
// GET <FREG_URL>/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/<fødselsnummer>?part=…
// with a Maskinporten token (scope folkeregister:deling/offentligmedhjemmel). Of the person only the
// parts a letter needs are asked for: status and death (letters stop), address protection
// (adressebeskyttelse: no address anywhere), and the postal address for print.
// Each fact comes as a list of registrations; the current one has erGjeldende: true.
import { z } from 'zod';
import type { MaskinportenClient } from '../maskinporten/client';
import type { SvarUtAdresse } from '../svarut/client';

export const FREG_SCOPE = 'folkeregister:deling/offentligmedhjemmel';
export const FREG_PARTS = ['status', 'doedsfall', 'adressebeskyttelse', 'postadresse', 'bostedsadresse'] as const;

const current = z.object({ erGjeldende: z.boolean().nullish() });
const poststed = z.object({ poststedsnavn: z.string().nullish(), postnummer: z.string().nullish() }).nullish();
const vegadresse = z
  .object({
    adressenavn: z.string().nullish(),
    adressenummer: z.object({ husnummer: z.string().nullish(), husbokstav: z.string().nullish() }).nullish(),
    poststed,
  })
  .nullish();
const addressSchema = current.extend({
  vegadresse,
  postadresseIFrittFormat: z.object({ adresselinje: z.array(z.string()).nullish(), poststed }).nullish(),
  postboksadresse: z.object({ postboks: z.string().nullish(), postbokseier: z.string().nullish(), poststed }).nullish(),
});
const personSchema = z.object({
  status: z.array(current.extend({ status: z.string() })).nullish(),
  doedsfall: z.array(current.extend({ doedsdato: z.string().nullish() }).passthrough()).nullish(),
  adressebeskyttelse: z.array(current.extend({ graderingsnivaa: z.enum(['ugradert', 'fortrolig', 'strengtFortrolig', 'strengtFortroligUtland']) })).nullish(),
  postadresse: z.array(addressSchema).nullish(),
  bostedsadresse: z.array(addressSchema).nullish(),
});
export type FregPerson = z.infer<typeof personSchema>;

/** Folkeregisteret could not be asked, or its answer cannot be used: the letter waits and is tried again. */
export class FregError extends Error {
  constructor(message: string, readonly httpStatus: number | null) {
    super(message);
    this.name = 'FregError';
  }
}

export interface FregClient {
  lookup(nationalId: string): Promise<FregPerson>;
}

export function fregEndpoint(url: string, nationalId: string): string {
  const base = url.replace(/\/+$/, '');
  const query = FREG_PARTS.map((p) => `part=${p}`).join('&');
  return `${base}/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/${encodeURIComponent(nationalId)}?${query}`;
}

export function createFregClient(opts: { url: string; maskinporten: MaskinportenClient }): FregClient {
  return {
    async lookup(nationalId) {
      let token: string;
      try {
        token = await opts.maskinporten.token([FREG_SCOPE]);
      } catch (error) {
        throw new FregError(`Folkeregisteret: no Maskinporten token: ${(error as Error).message}`, null);
      }
      let response: Response;
      try {
        response = await fetch(fregEndpoint(opts.url, nationalId), { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(8_000) });
      } catch (error) {
        throw new FregError(`Folkeregisteret did not answer at ${opts.url}: ${(error as Error).message}`, null);
      }
      const text = await response.text();
      // The national id is in the path: never in a message.
      if (!response.ok) throw new FregError(`Folkeregisteret answered HTTP ${response.status}${response.status === 404 ? ' (no such person)' : ''}`, response.status);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new FregError(`Folkeregisteret's answer is not JSON (HTTP ${response.status}, ${text.length} bytes)`, response.status);
      }
      const parsed = personSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new FregError(`Folkeregisteret's answer does not parse: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape'}`, response.status);
      }
      return parsed.data;
    },
  };
}

function gjeldende<T extends { erGjeldende?: boolean | null }>(list: T[] | null | undefined): T | undefined {
  return list?.find((x) => x.erGjeldende !== false) ?? undefined;
}

export type PostalAddress = Pick<SvarUtAdresse, 'adresselinje1' | 'adresselinje2' | 'adresselinje3' | 'postnummer' | 'poststed'>;

/** What the register says for a letter to this person. */
export interface FregFacts {
  deceased: boolean;
  /** fortrolig or strengtFortrolig (or abroad): no address in any letter, file or print. */
  protectedAddress: boolean;
  /** The current postal address (else the residential one), for print; never set for a protected address. */
  postal: PostalAddress | null;
}

function toPostal(a: z.infer<typeof addressSchema> | undefined): PostalAddress | null {
  if (!a) return null;
  if (a.vegadresse?.poststed?.postnummer) {
    const v = a.vegadresse;
    const line = [v.adressenavn, [v.adressenummer?.husnummer, v.adressenummer?.husbokstav].filter(Boolean).join('')].filter(Boolean).join(' ');
    return { ...(line ? { adresselinje1: line } : {}), postnummer: v.poststed!.postnummer!, poststed: v.poststed!.poststedsnavn ?? '' };
  }
  const fri = a.postadresseIFrittFormat;
  if (fri?.poststed?.postnummer) {
    const [adresselinje1, adresselinje2, adresselinje3] = fri.adresselinje ?? [];
    return { ...(adresselinje1 ? { adresselinje1 } : {}), ...(adresselinje2 ? { adresselinje2 } : {}), ...(adresselinje3 ? { adresselinje3 } : {}), postnummer: fri.poststed.postnummer, poststed: fri.poststed.poststedsnavn ?? '' };
  }
  const boks = a.postboksadresse;
  if (boks?.poststed?.postnummer && boks.postboks) {
    return { adresselinje1: `Postboks ${boks.postboks}`, ...(boks.postbokseier ? { adresselinje2: boks.postbokseier } : {}), postnummer: boks.poststed.postnummer, poststed: boks.poststed.poststedsnavn ?? '' };
  }
  return null;
}

export function fregFacts(person: FregPerson): FregFacts {
  const status = gjeldende(person.status)?.status;
  const deceased = status === 'doed' || (person.doedsfall?.length ?? 0) > 0;
  const grading = gjeldende(person.adressebeskyttelse)?.graderingsnivaa;
  const protectedAddress = grading !== undefined && grading !== 'ugradert';
  const postal = protectedAddress ? null : (toPostal(gjeldende(person.postadresse)) ?? toPostal(gjeldende(person.bostedsadresse)));
  return { deceased, protectedAddress, postal };
}
