// A Contact and Reservation Register (KRR) of the project's own: Digdir's Oppslagstjenesten REST
// subset (POST /rest/v1/personer), behind a Maskinporten token with the krr: scopes. What it
// answers is set per national id, so a test or a demo can have a person who is reserved, not
// registered, without a digital mailbox, not to be notified, deleted (deceased), or whose answer
// does not parse.
// Not reproduced: the encryption certificate (sertifikat), language, the 18-month freshness of
// contact details, the per-consumer rate limits, and the older digital_post field name.
import express from 'express';
import { KRR_SCOPES } from '../../activities/delivery/krr/client';
import { listen, type LocalServer } from './listen';
import { maskinportenGuard } from './maskinporten';

export type KrrBehaviour = 'digital' | 'reserved' | 'not_registered' | 'no_mailbox' | 'cannot_notify' | 'deceased' | 'unparseable';

export const KRR_BEHAVIOURS: readonly KrrBehaviour[] = ['digital', 'reserved', 'not_registered', 'no_mailbox', 'cannot_notify', 'deceased', 'unparseable'];

export interface LocalKrr extends LocalServer {
  /** How the register answers for this national id from now on. */
  set(nationalId: string, behaviour: KrrBehaviour): void;
  /** Look-ups answered so far (persons, not requests). */
  readonly lookups: number;
}

function entry(id: string, behaviour: Exclude<KrrBehaviour, 'unparseable'>): Record<string, unknown> {
  const contact = {
    epostadresse: `innbygger-${id.slice(-4)}@example.no`,
    epostadresse_oppdatert: '2026-01-10T10:00:00Z',
    mobiltelefonnummer: `+479${id.slice(-7)}`,
    mobiltelefonnummer_oppdatert: '2026-01-10T10:00:00Z',
  };
  const mailbox = { postkasseadresse: `innbygger#${id.slice(-4)}`, postkasseleverandoeradresse: '984661185' };
  switch (behaviour) {
    case 'digital':
      return { personidentifikator: id, reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_VARSLES', kontaktinformasjon: contact, digitalpost: mailbox, spraak: 'nb' };
    case 'cannot_notify':
      return { personidentifikator: id, reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_IKKE_VARSLES', kontaktinformasjon: {}, digitalpost: mailbox };
    case 'no_mailbox':
      return { personidentifikator: id, reservasjon: 'NEI', status: 'AKTIV', varslingsstatus: 'KAN_VARSLES', kontaktinformasjon: contact };
    case 'reserved':
      return { personidentifikator: id, reservasjon: 'JA', status: 'AKTIV', varslingsstatus: 'KAN_IKKE_VARSLES' };
    case 'not_registered':
      return { personidentifikator: id, status: 'IKKE_REGISTRERT', varslingsstatus: 'KAN_IKKE_VARSLES' };
    case 'deceased':
      return { personidentifikator: id, status: 'SLETTET', varslingsstatus: 'KAN_IKKE_VARSLES' };
  }
}

export async function startLocalKrr(opts: {
  maskinporten: { issuer: string; jwksUrl: string };
  people?: Record<string, KrrBehaviour>;
  /** How a national id nobody configured is answered. Default 'digital', so a demo's letters go digitally. */
  unknown?: KrrBehaviour;
  host?: string;
  port?: number;
}): Promise<LocalKrr> {
  const people = new Map(Object.entries(opts.people ?? {}));
  const unknown = opts.unknown ?? 'digital';
  let lookups = 0;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '1mb' }));
  app.post('/rest/v1/personer', maskinportenGuard(opts.maskinporten)([...KRR_SCOPES]), (req, res) => {
    const ids = (req.body as { personidentifikatorer?: unknown } | undefined)?.personidentifikatorer;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 1000 || !ids.every((id) => typeof id === 'string' && /^\d{11}$/.test(id))) {
      res.status(400).json({ error: 'invalid_request', error_description: 'personidentifikatorer must hold 1 to 1000 national ids of 11 digits' });
      return;
    }
    lookups += ids.length;
    const behaviours = (ids as string[]).map((id) => [id, people.get(id) ?? unknown] as const);
    if (behaviours.some(([, b]) => b === 'unparseable')) {
      // Cut off mid-answer, as a proxy that gave up would leave it.
      res.type('application/json').send('{"personer":[{"personidentifikator":"');
      return;
    }
    res.json({ personer: behaviours.map(([id, b]) => entry(id, b as Exclude<KrrBehaviour, 'unparseable'>)) });
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
