// A Folkeregisteret of the project's own: the subset of Skatteetaten's API for public bodies with
// legal basis the project reads (GET /folkeregisteret/offentlig-med-hjemmel/api/v1/personer/<id>
// with part=…), behind a Maskinporten token with folkeregister:deling/offentligmedhjemmel. What it
// answers is set per national id: an ordinary resident with a street address, one who has died, one
// with a confidential (fortrolig) or strictly confidential (strengtFortrolig) address, a person not
// found (404), or an answer cut off mid-way.
// Not reproduced: the other parts (navn, sivilstand, relasjoner …), history (erGjeldende false),
// matrikkeladresse and foreign addresses, the event feed (hendelsesliste), bulk look-ups, rate limits.
import express from 'express';
import { FREG_SCOPE } from '../../activities/delivery/freg/client';
import { listen, type LocalServer } from './listen';
import { maskinportenGuard } from './maskinporten';

export type FregBehaviour = 'resident' | 'deceased' | 'fortrolig' | 'strengtFortrolig' | 'not_found' | 'unparseable';

export const FREG_BEHAVIOURS: readonly FregBehaviour[] = ['resident', 'deceased', 'fortrolig', 'strengtFortrolig', 'not_found', 'unparseable'];

export interface LocalFreg extends LocalServer {
  set(nationalId: string, behaviour: FregBehaviour): void;
  /** Look-ups answered so far. */
  readonly lookups: number;
}

/** The street address every resident of the local register lives at. */
export const LOCAL_FREG_ADDRESS = { adressenavn: 'Fregveien', husnummer: '7', postnummer: '7800', poststedsnavn: 'NAMSOS' } as const;

function person(id: string, behaviour: Exclude<FregBehaviour, 'not_found' | 'unparseable'>): Record<string, unknown> {
  const address = [
    {
      erGjeldende: true,
      vegadresse: {
        adressenavn: LOCAL_FREG_ADDRESS.adressenavn,
        adressenummer: { husnummer: LOCAL_FREG_ADDRESS.husnummer },
        poststed: { poststedsnavn: LOCAL_FREG_ADDRESS.poststedsnavn, postnummer: LOCAL_FREG_ADDRESS.postnummer },
      },
    },
  ];
  const base = { identifikasjonsnummer: [{ foedselsEllerDNummer: id, identifikatortype: 'foedselsnummer', erGjeldende: true }] };
  switch (behaviour) {
    case 'resident':
      return { ...base, status: [{ status: 'bosatt', erGjeldende: true }], adressebeskyttelse: [], bostedsadresse: address, postadresse: [] };
    case 'deceased':
      return { ...base, status: [{ status: 'doed', erGjeldende: true }], doedsfall: [{ doedsdato: '2026-11-20' }], bostedsadresse: [] };
    case 'fortrolig':
    case 'strengtFortrolig':
      // Skatteetaten leaves a strictly confidential address out; a confidential one is given to a body with legal basis.
      return {
        ...base,
        status: [{ status: 'bosatt', erGjeldende: true }],
        adressebeskyttelse: [{ graderingsnivaa: behaviour, erGjeldende: true }],
        bostedsadresse: behaviour === 'fortrolig' ? address : [],
      };
  }
}

export async function startLocalFreg(opts: {
  maskinporten: { issuer: string; jwksUrl: string };
  people?: Record<string, FregBehaviour>;
  /** How a national id nobody configured is answered. Default 'resident'. */
  unknown?: FregBehaviour;
  host?: string;
  port?: number;
}): Promise<LocalFreg> {
  const people = new Map(Object.entries(opts.people ?? {}));
  const unknown = opts.unknown ?? 'resident';
  let lookups = 0;
  const app = express();
  app.disable('x-powered-by');
  app.get('/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/:id', maskinportenGuard(opts.maskinporten)([FREG_SCOPE]), (req, res) => {
    const id = String(req.params.id);
    if (!/^\d{11}$/.test(id)) {
      res.status(400).json({ kode: 'FREG-001', melding: 'Ugyldig folkeregisteridentifikator' });
      return;
    }
    lookups += 1;
    const behaviour = people.get(id) ?? unknown;
    if (behaviour === 'not_found') {
      res.status(404).json({ kode: 'FREG-004', melding: 'Fant ikke person' });
      return;
    }
    if (behaviour === 'unparseable') {
      res.type('application/json').send('{"status":[{"status":');
      return;
    }
    res.json(person(id, behaviour));
  });
  const server = await listen(app, opts);
  return {
    ...server,
    set(nationalId, behaviour) {
      people.set(nationalId, behaviour);
    },
    get lookups() {
      return lookups;
    },
  };
}
