// KS Fiks IO: messages between Fiks IO accounts (kontoer). Sending is HTTP: POST
// <url>/fiks-io/api/v1/send, multipart with the part "metadata" (JSON: avsenderKontoId,
// mottakerKontoId, meldingType, ttl in ms, svarPaMelding, headere) and the part "data" (the payload,
// an ASiC-E zip), behind a Maskinporten token (scope ks:fiks) and the Fiks integration's
// IntegrasjonId/IntegrasjonPassord; Fiks IO answers 202 with the message as sent (SendtMeldingApiModel).
// Receiving is AMQP 0-9-1 in the real Fiks IO (a queue per account, each message acknowledged once
// handled). This project reads its account through the FiksIoInbox interface: over AMQP
// (createAmqpInbox in ./fiksIoAmqp.ts, FIKS_IO_AMQP_URL), or from the local Fiks Arkiv's HTTP
// stand-in for that queue (createHttpInbox below, FIKS_ARKIV_INBOX_URL), with the same semantics: a
// message stays until acknowledged, and comes again until it is.
// Not done: the payload's encryption for the receiving account (CMS with its public key from the
// Fiks IO catalogue) and signing, the catalogue look-up, dokumentlager for large payloads.
import { randomUUID } from 'node:crypto';
import type { MaskinportenClient } from '../delivery/maskinporten/client';

export const FIKS_SCOPE = 'ks:fiks';

export interface SendtMelding {
  meldingId: string;
  meldingType: string;
  avsenderKontoId: string;
  mottakerKontoId: string;
  ttl: number;
  svarPaMelding?: string | null;
  headere?: Record<string, string>;
}

export interface MottattMelding extends SendtMelding {
  /** The payload (a zip), or empty for a message without one. */
  data: Buffer;
}

/** A call Fiks IO refused or did not answer. `retryable`: trying again later can help. */
export class FiksIoError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'FiksIoError';
  }
}

export interface FiksIoOptions {
  /** e.g. https://api.fiks.ks.no (test: https://api.fiks.test.ks.no); /fiks-io/api/v1/send is added. */
  url: string;
  accountId: string;
  integrationId: string;
  integrationPassword: string;
  maskinporten: MaskinportenClient;
  /** The local stand-in's HTTP inbox (in place of the AMQP queue). */
  inboxUrl?: string;
}

export interface FiksIoClient {
  readonly accountId: string;
  send(message: { mottakerKontoId: string; meldingType: string; ttlMs: number; svarPaMelding?: string; headere?: Record<string, string> }, data: Buffer): Promise<SendtMelding>;
}

export interface FiksIoInbox {
  /** Messages to the account not yet acknowledged, oldest first. */
  receive(max: number): Promise<MottattMelding[]>;
  acknowledge(meldingId: string): Promise<void>;
  /** Lets go of the account (an AMQP connection); messages not acknowledged come again. */
  close?(): Promise<void>;
}

function retryableStatus(status: number): boolean {
  return status !== 400 && status !== 404 && status !== 413 && status !== 415 && status !== 422;
}

export async function fiksToken(opts: Pick<FiksIoOptions, 'maskinporten'>, what: string): Promise<string> {
  try {
    return await opts.maskinporten.token([FIKS_SCOPE]);
  } catch (error) {
    throw new FiksIoError(`Fiks IO ${what}: no Maskinporten token: ${(error as Error).message}`, null, true);
  }
}

async function authorised(opts: FiksIoOptions, what: string): Promise<Record<string, string>> {
  const token = await fiksToken(opts, what);
  return { authorization: `Bearer ${token}`, IntegrasjonId: opts.integrationId, IntegrasjonPassord: opts.integrationPassword };
}

async function call(opts: FiksIoOptions, what: string, url: string, init: RequestInit, expected: number[]): Promise<string> {
  const headers = { ...(init.headers as Record<string, string> | undefined), ...(await authorised(opts, what)), accept: 'application/json' };
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new FiksIoError(`Fiks IO ${what}: no answer from ${new URL(url).origin}: ${(error as Error).message}`, null, true);
  }
  const text = await response.text();
  if (!expected.includes(response.status)) {
    const hint = response.status === 401 ? ' (check FIKS_ARKIV_INTEGRATION_ID and FIKS_ARKIV_INTEGRATION_PASSWORD)' : response.status === 403 ? ' (check that the integration has access to FIKS_ARKIV_ACCOUNT_ID)' : '';
    throw new FiksIoError(`Fiks IO ${what}: HTTP ${response.status}${text ? ` (${text.slice(0, 300)})` : ''}${hint}`, response.status, retryableStatus(response.status));
  }
  return text;
}

function parseMelding(value: unknown): SendtMelding {
  const m = value as Partial<SendtMelding>;
  if (typeof m?.meldingId !== 'string' || typeof m.meldingType !== 'string' || typeof m.avsenderKontoId !== 'string' || typeof m.mottakerKontoId !== 'string') {
    throw new FiksIoError(`Fiks IO: a message does not parse (${JSON.stringify(value).slice(0, 200)})`, 200, true);
  }
  return { ...m, ttl: typeof m.ttl === 'number' ? m.ttl : 0 } as SendtMelding;
}

export function createFiksIoClient(opts: FiksIoOptions): FiksIoClient {
  const sendUrl = `${opts.url.replace(/\/+$/, '')}/fiks-io/api/v1/send`;
  return {
    accountId: opts.accountId,
    async send(message, data) {
      const metadata = {
        avsenderKontoId: opts.accountId,
        mottakerKontoId: message.mottakerKontoId,
        meldingType: message.meldingType,
        ttl: message.ttlMs,
        ...(message.svarPaMelding ? { svarPaMelding: message.svarPaMelding } : {}),
        headere: message.headere ?? {},
      };
      const form = new FormData();
      form.append('metadata', new Blob([JSON.stringify(metadata)], { type: 'application/json' }));
      form.append('data', new Blob([new Uint8Array(data)], { type: 'application/octet-stream' }), randomUUID());
      const text = await call(opts, 'send', sendUrl, { method: 'POST', body: form }, [202]);
      try {
        return parseMelding(JSON.parse(text));
      } catch (error) {
        if (error instanceof FiksIoError) throw error;
        throw new FiksIoError('Fiks IO send: the answer is not JSON', 202, true);
      }
    },
  };
}

/** The local Fiks Arkiv's inbox over HTTP: GET lists unacknowledged messages, DELETE acknowledges one. */
export function createHttpInbox(opts: FiksIoOptions & { inboxUrl: string }): FiksIoInbox {
  const base = `${opts.inboxUrl.replace(/\/+$/, '')}/kontoer/${encodeURIComponent(opts.accountId)}/meldinger`;
  return {
    async receive(max) {
      const text = await call(opts, 'receive', `${base}?maks=${max}`, { method: 'GET' }, [200]);
      let body: { meldinger?: unknown };
      try {
        body = JSON.parse(text) as { meldinger?: unknown };
      } catch {
        throw new FiksIoError('Fiks IO receive: the answer is not JSON', 200, true);
      }
      if (!Array.isArray(body.meldinger)) throw new FiksIoError('Fiks IO receive: the answer has no meldinger', 200, true);
      return body.meldinger.map((m: unknown) => ({ ...parseMelding(m), data: Buffer.from(typeof (m as { data?: unknown }).data === 'string' ? (m as { data: string }).data : '', 'base64') }));
    },
    async acknowledge(meldingId) {
      await call(opts, 'acknowledge', `${base}/${encodeURIComponent(meldingId)}`, { method: 'DELETE' }, [204, 404]);
    },
  };
}
