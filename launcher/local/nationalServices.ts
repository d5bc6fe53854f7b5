// `LETTER_TRANSPORT=svarut npm start` with none of the national services configured: the project's
// own Maskinporten, KRR, Folkeregisteret and SvarUt are started on this machine and the worker is pointed at them,
// so the whole path (token, KRR look-up, forsendelse, status) runs on a laptop. A municipality that
// sets MASKINPORTEN_TOKEN_URL, KRR_URL or SVARUT_URL gets no local server: what is missing of its
// settings is then reported by name (activities/delivery/transport.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import { FREG_SCOPE } from '../../activities/delivery/freg/client';
import { KRR_SCOPES } from '../../activities/delivery/krr/client';
import { SVARUT_SCOPE } from '../../activities/delivery/svarut/client';
import { startLocalFreg } from './freg';
import { startLocalKrr } from './krr';
import { startLocalMaskinporten } from './maskinporten';
import { startLocalSvarUt } from './svarut';
import { FIKS_SCOPE } from '../../activities/archive/fiksIo';
import { startLocalFiksArkiv } from './fiksArkiv';

type Env = Record<string, string | undefined>;

export interface LocalNationalServices {
  maskinportenUrl: string;
  /** Null when the letters go by files (LETTER_TRANSPORT=files) or to the municipality's own services. */
  krrUrl: string | null;
  fregUrl: string | null;
  svarutUrl: string | null;
  /** The local Fiks IO and Fiks Arkiv; null with FIKS_ARKIV=off or FIKS_ARKIV_URL set. */
  fiksArkivUrl: string | null;
  stop(): Promise<void>;
}

const SETTINGS = ['MASKINPORTEN_TOKEN_URL', 'KRR_URL', 'FREG_URL', 'SVARUT_URL'] as const;

export function wantsLocalNationalServices(env: Env): boolean {
  return env.LETTER_TRANSPORT?.trim().toLowerCase() === 'svarut' && SETTINGS.every((name) => !env[name]?.trim());
}

/**
 * `npm start` archives through a local Fiks Arkiv unless told otherwise: FIKS_ARKIV=off, a Fiks
 * Arkiv of the municipality's own (FIKS_ARKIV_URL), a Maskinporten of its own (whose tokens the
 * local archive could not check) with no local SvarUt beside it, or a database of its own
 * (DATABASE_URL): instances sharing one database must share one archive too, or an entry one
 * instance sent and another sends again would land in two archives.
 */
export function wantsLocalFiksArkiv(env: Env): boolean {
  const mode = env.FIKS_ARKIV?.trim().toLowerCase();
  if (mode === 'off' || env.FIKS_ARKIV_URL?.trim() || env.DATABASE_URL?.trim()) return false;
  return wantsLocalNationalServices(env) || !env.MASKINPORTEN_TOKEN_URL?.trim();
}

/** Starts the local services and writes their settings into `env` (the worker reads process.env). */
export async function startLocalNationalServices(env: Env, dataDir: string): Promise<LocalNationalServices | null> {
  const letters = wantsLocalNationalServices(env);
  const archive = wantsLocalFiksArkiv(env);
  if (!letters && !archive) return null;
  const keys = await generateKeyPair('RS256', { extractable: true });
  const dir = path.join(dataDir, 'local-national-services');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(dir, 'maskinporten-client.pem');
  await writeFile(keyFile, await exportPKCS8(keys.privateKey), { mode: 0o600 });
  const clientId = 'local-kommune';
  const kid = 'local-key';
  const maskinporten = await startLocalMaskinporten({ clients: [{ clientId, kid, publicKey: keys.publicKey, scopes: [...KRR_SCOPES, FREG_SCOPE, SVARUT_SCOPE, FIKS_SCOPE] }] });
  const started: { close(): Promise<void> }[] = [maskinporten];
  try {
    Object.assign(env, {
      MASKINPORTEN_TOKEN_URL: maskinporten.tokenUrl,
      MASKINPORTEN_AUDIENCE: maskinporten.issuer,
      MASKINPORTEN_CLIENT_ID: clientId,
      MASKINPORTEN_KEY_FILE: keyFile,
      MASKINPORTEN_KID: kid,
    });
    let urls: Pick<LocalNationalServices, 'krrUrl' | 'fregUrl' | 'svarutUrl' | 'fiksArkivUrl'> = { krrUrl: null, fregUrl: null, svarutUrl: null, fiksArkivUrl: null };
    if (letters) {
      const krr = await startLocalKrr({ maskinporten });
      started.push(krr);
      const freg = await startLocalFreg({ maskinporten });
      started.push(freg);
      const svarut = await startLocalSvarUt({ maskinporten });
      started.push(svarut);
      Object.assign(env, {
        KRR_URL: krr.url,
        FREG_URL: freg.url,
        SVARUT_URL: svarut.url,
        SVARUT_ACCOUNT_ID: svarut.accountId,
        SVARUT_INTEGRATION_ID: svarut.integrationId,
        SVARUT_INTEGRATION_PASSWORD: svarut.integrationPassword,
        // The local SvarUt moves a forsendelse one status on per look-up: a few seconds apart shows the whole route.
        SVARUT_STATUS_INTERVAL: env.SVARUT_STATUS_INTERVAL ?? '5',
      });
      urls = { ...urls, krrUrl: krr.url, fregUrl: freg.url, svarutUrl: svarut.url };
    }
    if (archive) {
      const arkiv = await startLocalFiksArkiv({ maskinporten });
      started.push(arkiv);
      Object.assign(env, {
        FIKS_ARKIV_URL: arkiv.url,
        FIKS_ARKIV_INBOX_URL: arkiv.inboxUrl,
        // The answers over AMQP, as from the real Fiks IO (the HTTP inbox stays for a worker told FIKS_IO_AMQP_URL=).
        FIKS_IO_AMQP_URL: arkiv.amqpUrl,
        FIKS_ARKIV_ACCOUNT_ID: arkiv.accountId,
        FIKS_ARKIV_RECIPIENT_ID: arkiv.archiveAccountId,
        FIKS_ARKIV_INTEGRATION_ID: arkiv.integrationId,
        FIKS_ARKIV_INTEGRATION_PASSWORD: arkiv.integrationPassword,
        // The local archive answers at once: a few seconds apart shows the receipt soon, and a message
        // unanswered for a minute (the archive restarted with the launcher, empty) is sent again.
        FIKS_ARKIV_INTERVAL: env.FIKS_ARKIV_INTERVAL ?? '5',
        FIKS_ARKIV_ANSWER_TIMEOUT: env.FIKS_ARKIV_ANSWER_TIMEOUT ?? '60',
      });
      urls = { ...urls, fiksArkivUrl: arkiv.url };
    }
    return {
      maskinportenUrl: maskinporten.url,
      ...urls,
      async stop() {
        await Promise.allSettled(started.reverse().map((s) => s.close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.close()));
    throw error;
  }
}
