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

type Env = Record<string, string | undefined>;

export interface LocalNationalServices {
  maskinportenUrl: string;
  krrUrl: string;
  fregUrl: string;
  svarutUrl: string;
  stop(): Promise<void>;
}

const SETTINGS = ['MASKINPORTEN_TOKEN_URL', 'KRR_URL', 'FREG_URL', 'SVARUT_URL'] as const;

export function wantsLocalNationalServices(env: Env): boolean {
  return env.LETTER_TRANSPORT?.trim().toLowerCase() === 'svarut' && SETTINGS.every((name) => !env[name]?.trim());
}

/** Starts the local services and writes their settings into `env` (the worker reads process.env). */
export async function startLocalNationalServices(env: Env, dataDir: string): Promise<LocalNationalServices | null> {
  if (!wantsLocalNationalServices(env)) return null;
  const keys = await generateKeyPair('RS256', { extractable: true });
  const dir = path.join(dataDir, 'local-national-services');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(dir, 'maskinporten-client.pem');
  await writeFile(keyFile, await exportPKCS8(keys.privateKey), { mode: 0o600 });
  const clientId = 'local-kommune';
  const kid = 'local-key';
  const maskinporten = await startLocalMaskinporten({ clients: [{ clientId, kid, publicKey: keys.publicKey, scopes: [...KRR_SCOPES, FREG_SCOPE, SVARUT_SCOPE] }] });
  const started: { close(): Promise<void> }[] = [maskinporten];
  try {
    const krr = await startLocalKrr({ maskinporten });
    started.push(krr);
    const freg = await startLocalFreg({ maskinporten });
    started.push(freg);
    const svarut = await startLocalSvarUt({ maskinporten });
    started.push(svarut);
    Object.assign(env, {
      MASKINPORTEN_TOKEN_URL: maskinporten.tokenUrl,
      MASKINPORTEN_AUDIENCE: maskinporten.issuer,
      MASKINPORTEN_CLIENT_ID: clientId,
      MASKINPORTEN_KEY_FILE: keyFile,
      MASKINPORTEN_KID: kid,
      KRR_URL: krr.url,
      FREG_URL: freg.url,
      SVARUT_URL: svarut.url,
      SVARUT_ACCOUNT_ID: svarut.accountId,
      SVARUT_INTEGRATION_ID: svarut.integrationId,
      SVARUT_INTEGRATION_PASSWORD: svarut.integrationPassword,
      // The local SvarUt moves a forsendelse one status on per look-up: a few seconds apart shows the whole route.
      SVARUT_STATUS_INTERVAL: env.SVARUT_STATUS_INTERVAL ?? '5',
    });
    return {
      maskinportenUrl: maskinporten.url,
      krrUrl: krr.url,
      fregUrl: freg.url,
      svarutUrl: svarut.url,
      async stop() {
        await Promise.allSettled(started.reverse().map((s) => s.close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.close()));
    throw error;
  }
}
