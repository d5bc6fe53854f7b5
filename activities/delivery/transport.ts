// How letters leave the project, read from the environment (LETTER_TRANSPORT):
//
//   files (default)  the digital mailbox and the print queue are folders under DATA_DIR (config.ts)
//   svarut           through KS Fiks SvarUt after a KRR look-up, with Maskinporten tokens:
//     MASKINPORTEN_TOKEN_URL      e.g. https://test.maskinporten.no/token
//     MASKINPORTEN_AUDIENCE       Maskinporten's issuer (default: the token URL's origin + "/")
//     MASKINPORTEN_CLIENT_ID      the integration's client id in Digdir's self-service
//     MASKINPORTEN_KEY_FILE       its private key: PKCS#8 PEM, or a JWK (JSON)
//     MASKINPORTEN_KID            the key id registered with the client
//     KRR_URL                     e.g. https://krr-ver2.digdir.no (…/rest/v1/personer is added)
//     FREG_URL                    Folkeregisteret (offentlig med hjemmel), e.g. https://folkeregisteret.api.skatteetaten.no;
//                                 left out: no check of death or address protection (warned at start)
//     SVARUT_URL                  e.g. https://test.svarut.ks.no
//     SVARUT_ACCOUNT_ID           the sending account (konto) id, a UUID
//     SVARUT_INTEGRATION_ID       the Fiks integration's id
//     SVARUT_INTEGRATION_PASSWORD the Fiks integration's password
//     SVARUT_STATUS_INTERVAL      seconds between status look-ups (default 60)
// Every missing or malformed setting is reported by name before the worker starts.
import type { Knex } from 'knex';
import type { DeliveryChannels } from './channels';
import { DeliveryConfigError } from './config';
import { createFregClient } from './freg/client';
import { createKrrClient } from './krr/client';
import { createMaskinportenClient, readMaskinportenKey } from './maskinporten/client';
import { createSvarUtClient } from './svarut/client';
import type { ReceiptOptions } from './svarut/receipts';
import type { UnreadToPrintOptions } from './svarut/unreadToPrint';
import { createDeliveryStatusFollower, createSvarUtLetterChannel, gateNoticeByKrr, type DeliveryStatusFollower } from './svarut/transport';

type Env = Record<string, string | undefined>;

export interface SvarUtTransportSettings {
  kind: 'svarut';
  maskinporten: { tokenUrl: string; audience: string; clientId: string; keyFile: string; kid: string };
  krrUrl: string;
  /** Folkeregisteret; null when not configured (then neither death nor address protection is checked). */
  fregUrl: string | null;
  svarut: { url: string; accountId: string; integrationId: string; integrationPassword: string };
  statusIntervalSeconds: number;
}

export type LetterTransportSettings = { kind: 'files' } | SvarUtTransportSettings;

function required(env: Env, name: string, example: string): string {
  const value = env[name]?.trim();
  if (!value) throw new DeliveryConfigError(name, `is required when LETTER_TRANSPORT=svarut, e.g. ${example}`);
  return value;
}

function url(env: Env, name: string, example: string): string {
  const value = required(env, name, example);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new DeliveryConfigError(name, `"${value}" is not a URL; write e.g. ${example}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new DeliveryConfigError(name, `must start with https:// (it starts with ${parsed.protocol}//)`);
  return value;
}

export function letterTransportFromEnv(env: Env): LetterTransportSettings {
  const kind = (env.LETTER_TRANSPORT?.trim() || 'files').toLowerCase();
  if (kind === 'files') return { kind: 'files' };
  if (kind !== 'svarut') throw new DeliveryConfigError('LETTER_TRANSPORT', `"${env.LETTER_TRANSPORT}" is neither svarut nor files`);
  const tokenUrl = url(env, 'MASKINPORTEN_TOKEN_URL', 'https://test.maskinporten.no/token');
  const audience = env.MASKINPORTEN_AUDIENCE?.trim() || `${new URL(tokenUrl).origin}/`;
  const accountId = required(env, 'SVARUT_ACCOUNT_ID', 'the konto id from SvarUt, a UUID');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(accountId)) throw new DeliveryConfigError('SVARUT_ACCOUNT_ID', `"${accountId}" is not a UUID`);
  const intervalText = env.SVARUT_STATUS_INTERVAL?.trim();
  const statusIntervalSeconds = intervalText ? Number(intervalText) : 60;
  if (!Number.isInteger(statusIntervalSeconds) || statusIntervalSeconds < 1) throw new DeliveryConfigError('SVARUT_STATUS_INTERVAL', `"${intervalText}" is not a whole number of seconds`);
  return {
    kind: 'svarut',
    maskinporten: {
      tokenUrl,
      audience,
      clientId: required(env, 'MASKINPORTEN_CLIENT_ID', 'the client id from Digdir self-service'),
      keyFile: required(env, 'MASKINPORTEN_KEY_FILE', '/run/secrets/maskinporten.pem'),
      kid: required(env, 'MASKINPORTEN_KID', 'the key id registered with the client'),
    },
    krrUrl: url(env, 'KRR_URL', 'https://krr-ver2.digdir.no'),
    fregUrl: env.FREG_URL?.trim() ? url(env, 'FREG_URL', 'https://folkeregisteret.api.skatteetaten.no') : null,
    svarut: {
      url: url(env, 'SVARUT_URL', 'https://test.svarut.ks.no'),
      accountId,
      integrationId: required(env, 'SVARUT_INTEGRATION_ID', 'the Fiks integration id'),
      integrationPassword: required(env, 'SVARUT_INTEGRATION_PASSWORD', 'the Fiks integration password'),
    },
    statusIntervalSeconds,
  };
}

export interface LetterTransport {
  channels: DeliveryChannels;
  /** Follows SvarUt's status of sent letters; null with the files transport. */
  follower: DeliveryStatusFollower | null;
}

/** The channels letters go out on: the file channels as they are, or the mailbox and print through SvarUt. */
export async function createLetterTransport(
  settings: LetterTransportSettings,
  deps: {
    db: Knex;
    channels: DeliveryChannels;
    receipts?: Omit<ReceiptOptions, 'db'>;
    unreadToPrint?: Omit<UnreadToPrintOptions, 'parsePostal' | 'formatPostal'>;
    onError?: (error: unknown) => void;
  },
): Promise<LetterTransport> {
  if (settings.kind === 'files') return { channels: deps.channels, follower: null };
  let privateKey;
  try {
    privateKey = await readMaskinportenKey(settings.maskinporten.keyFile);
  } catch (error) {
    throw new DeliveryConfigError('MASKINPORTEN_KEY_FILE', `cannot read a private key from ${settings.maskinporten.keyFile}: ${(error as Error).message}`);
  }
  const maskinporten = createMaskinportenClient({ ...settings.maskinporten, privateKey });
  const krr = createKrrClient({ url: settings.krrUrl, maskinporten });
  const svarut = createSvarUtClient({ ...settings.svarut, maskinporten });
  const freg = settings.fregUrl ? createFregClient({ url: settings.fregUrl, maskinporten }) : undefined;
  const transport = { db: deps.db, krr, svarut, ...(freg ? { freg } : {}) };
  const channels: DeliveryChannels = {
    digital_mailbox: createSvarUtLetterChannel(transport, 'digital_mailbox'),
    print: createSvarUtLetterChannel(transport, 'print'),
  };
  if (deps.channels.sms) channels.sms = gateNoticeByKrr(deps.channels.sms, deps.db);
  if (deps.channels.email) channels.email = gateNoticeByKrr(deps.channels.email, deps.db);
  const follower = createDeliveryStatusFollower({
    db: deps.db,
    svarut,
    intervalSeconds: settings.statusIntervalSeconds,
    ...(deps.receipts ? { receipts: deps.receipts } : {}),
    ...(deps.unreadToPrint ? { unreadToPrint: deps.unreadToPrint } : {}),
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
  return { channels, follower };
}
