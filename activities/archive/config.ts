// Fiks Arkiv's settings, read from the environment. Archiving is on when FIKS_ARKIV_URL is set (or
// FIKS_ARKIV=on, which then requires the rest); `npm start` with none of them starts the local Fiks
// Arkiv and sets them (launcher/local/fiksArkiv.ts), unless FIKS_ARKIV=off.
//   FIKS_ARKIV                        on, off, or unset (on when FIKS_ARKIV_URL is set)
//   FIKS_ARKIV_URL                    Fiks IO, e.g. https://api.fiks.test.ks.no (…/fiks-io/api/v1/send is added)
//   FIKS_IO_AMQP_URL                  where the answers are read: Fiks IO's AMQP broker, e.g. amqps://io.fiks.ks.no:5671
//                                     (the account's queue fiksio.konto.<FIKS_ARKIV_ACCOUNT_ID>); when set, used
//   FIKS_ARKIV_INBOX_URL              else the local Fiks Arkiv's HTTP stand-in for that queue
//   FIKS_ARKIV_ACCOUNT_ID             the project's Fiks IO account (avsenderKontoId), a UUID
//   FIKS_ARKIV_RECIPIENT_ID           the archive's Fiks IO account (mottakerKontoId), a UUID
//   FIKS_ARKIV_INTEGRATION_ID         the Fiks integration's id
//   FIKS_ARKIV_INTEGRATION_PASSWORD   the Fiks integration's password
//   FIKS_ARKIV_SYSTEM                 `system` in each arkivmelding (default case-orchestrator)
//   FIKS_ARKIV_INTERVAL               seconds between rounds (default 30)
//   FIKS_ARKIV_ANSWER_TIMEOUT         seconds without a receipt before a message is sent again (default 3600)
// The Maskinporten client (scope ks:fiks) is MASKINPORTEN_* as for SvarUt.
import { DeliveryConfigError } from '../delivery/config';

type Env = Record<string, string | undefined>;

export interface FiksArkivSettings {
  url: string;
  /** At least one of the two is set; the archiver reads the AMQP broker when it is. */
  amqpUrl: string | null;
  inboxUrl: string | null;
  accountId: string;
  recipientId: string;
  integrationId: string;
  integrationPassword: string;
  system: string;
  intervalSeconds: number;
  answerTimeoutSeconds: number;
  maskinporten: { tokenUrl: string; audience: string; clientId: string; keyFile: string; kid: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function required(env: Env, name: string, example: string): string {
  const value = env[name]?.trim();
  if (!value) throw new DeliveryConfigError(name, `is required for Fiks Arkiv (FIKS_ARKIV=off turns archiving off), e.g. ${example}`);
  return value;
}

function url(env: Env, name: string, example: string): string {
  const value = required(env, name, example);
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error();
  } catch {
    throw new DeliveryConfigError(name, `"${value}" is not an http(s) URL; write e.g. ${example}`);
  }
  return value;
}

function uuid(env: Env, name: string, what: string): string {
  const value = required(env, name, what);
  if (!UUID.test(value)) throw new DeliveryConfigError(name, `"${value}" is not a UUID`);
  return value;
}

function seconds(env: Env, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new DeliveryConfigError(name, `"${text}" is not a whole number of seconds`);
  return value;
}

/** Where the answers are read: FIKS_IO_AMQP_URL when set, else FIKS_ARKIV_INBOX_URL. */
function inbox(env: Env): { amqpUrl: string | null; inboxUrl: string | null } {
  const amqp = env.FIKS_IO_AMQP_URL?.trim();
  if (!amqp) return { amqpUrl: null, inboxUrl: url(env, 'FIKS_ARKIV_INBOX_URL', "the local Fiks Arkiv's inbox, or set FIKS_IO_AMQP_URL (amqps://io.fiks.ks.no:5671) instead") };
  let parsed: URL | null = null;
  try {
    parsed = new URL(amqp);
  } catch {
    // reported below
  }
  if (!parsed || (parsed.protocol !== 'amqps:' && parsed.protocol !== 'amqp:') || !parsed.hostname) {
    throw new DeliveryConfigError('FIKS_IO_AMQP_URL', `"${amqp}" is not an amqp(s) URL; write e.g. amqps://io.fiks.ks.no:5671`);
  }
  if (parsed.username || parsed.password) throw new DeliveryConfigError('FIKS_IO_AMQP_URL', 'must not hold a user name or password: they are FIKS_ARKIV_INTEGRATION_ID and FIKS_ARKIV_INTEGRATION_PASSWORD with a Maskinporten token');
  return { amqpUrl: amqp, inboxUrl: env.FIKS_ARKIV_INBOX_URL?.trim() ? url(env, 'FIKS_ARKIV_INBOX_URL', "the local Fiks Arkiv's inbox") : null };
}

/** null: archiving is off. */
export function fiksArkivFromEnv(env: Env): FiksArkivSettings | null {
  const mode = (env.FIKS_ARKIV?.trim() || (env.FIKS_ARKIV_URL?.trim() ? 'on' : 'off')).toLowerCase();
  if (mode === 'off') return null;
  if (mode !== 'on') throw new DeliveryConfigError('FIKS_ARKIV', `"${env.FIKS_ARKIV}" is neither on nor off`);
  const tokenUrl = url(env, 'MASKINPORTEN_TOKEN_URL', 'https://test.maskinporten.no/token');
  return {
    url: url(env, 'FIKS_ARKIV_URL', 'https://api.fiks.test.ks.no'),
    ...inbox(env),
    accountId: uuid(env, 'FIKS_ARKIV_ACCOUNT_ID', "the project's Fiks IO account id"),
    recipientId: uuid(env, 'FIKS_ARKIV_RECIPIENT_ID', "the archive's Fiks IO account id"),
    integrationId: required(env, 'FIKS_ARKIV_INTEGRATION_ID', 'the Fiks integration id'),
    integrationPassword: required(env, 'FIKS_ARKIV_INTEGRATION_PASSWORD', 'the Fiks integration password'),
    system: env.FIKS_ARKIV_SYSTEM?.trim() || 'case-orchestrator',
    intervalSeconds: seconds(env, 'FIKS_ARKIV_INTERVAL', 30),
    answerTimeoutSeconds: seconds(env, 'FIKS_ARKIV_ANSWER_TIMEOUT', 3600),
    maskinporten: {
      tokenUrl,
      audience: env.MASKINPORTEN_AUDIENCE?.trim() || `${new URL(tokenUrl).origin}/`,
      clientId: required(env, 'MASKINPORTEN_CLIENT_ID', 'the client id from Digdir self-service'),
      keyFile: required(env, 'MASKINPORTEN_KEY_FILE', '/run/secrets/maskinporten.pem'),
      kid: required(env, 'MASKINPORTEN_KID', 'the key id registered with the client'),
    },
  };
}
