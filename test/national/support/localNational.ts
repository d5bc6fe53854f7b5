// The national tests' shared set-up, written once: the municipality registered in the project's own
// Maskinporten with its key on disk, and the settings that point the project at the local services.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import type { LocalFiksArkiv } from '../../../launcher/local/fiksArkiv';
import { startLocalMaskinporten, type LocalMaskinporten, type LocalMaskinportenClient } from '../../../launcher/local/maskinporten';
import type { LocalSvarUt } from '../../../launcher/local/svarut';

export const CLIENT_ID = 'namsos-kommune';

type PublicKey = LocalMaskinportenClient['publicKey'];

/** MASKINPORTEN_TOKEN_URL, _CLIENT_ID, _KEY_FILE and _KID of the registered client. */
export type MaskinportenEnv = Record<`MASKINPORTEN_${'TOKEN_URL' | 'CLIENT_ID' | 'KEY_FILE' | 'KID'}`, string>;

export interface MaskinportenWithClient {
  maskinporten: LocalMaskinporten;
  /** A new temporary folder holding the client's key; the test removes it. */
  dir: string;
  keyFile: string;
  publicKey: PublicKey;
  maskinportenEnv: MaskinportenEnv;
}

/** A new RS256 key pair, its private key written to `dir`/`fileName` (PKCS#8, readable by the owner only). */
export async function writeClientKey(dir: string, fileName: string): Promise<{ publicKey: PublicKey; keyFile: string }> {
  const keys = await generateKeyPair('RS256', { extractable: true });
  const keyFile = path.join(dir, fileName);
  await writeFile(keyFile, await exportPKCS8(keys.privateKey), { mode: 0o600 });
  return { publicKey: keys.publicKey, keyFile };
}

/** The local Maskinporten with the municipality registered under `kid` for `scopes`, its key in a new folder named after `dirPrefix`. */
export async function startMaskinportenWithClient(opts: { dirPrefix: string; kid: string; scopes: string[] }): Promise<MaskinportenWithClient> {
  const [maskinporten, dir] = await Promise.all([startLocalMaskinporten(), mkdtemp(path.join(os.tmpdir(), opts.dirPrefix))]);
  try {
    const { publicKey, keyFile } = await writeClientKey(dir, 'maskinporten.pem');
    maskinporten.addClient({ clientId: CLIENT_ID, kid: opts.kid, publicKey, scopes: opts.scopes });
    const maskinportenEnv = { MASKINPORTEN_TOKEN_URL: maskinporten.tokenUrl, MASKINPORTEN_CLIENT_ID: CLIENT_ID, MASKINPORTEN_KEY_FILE: keyFile, MASKINPORTEN_KID: opts.kid };
    return { maskinporten, dir, keyFile, publicKey, maskinportenEnv };
  } catch (error) {
    // The test never sees these to close them.
    await Promise.allSettled([maskinporten.close(), rm(dir, { recursive: true, force: true })]);
    throw error;
  }
}

/** SVARUT_URL and the local SvarUt's account and integration. */
export function svarutEnv(svarut: LocalSvarUt) {
  return {
    SVARUT_URL: svarut.url,
    SVARUT_ACCOUNT_ID: svarut.accountId,
    SVARUT_INTEGRATION_ID: svarut.integrationId,
    SVARUT_INTEGRATION_PASSWORD: svarut.integrationPassword,
  };
}

/** FIKS_ARKIV_URL and the local Fiks IO's accounts and integration; the test says how the answers come (FIKS_ARKIV_INBOX_URL or FIKS_IO_AMQP_URL). */
export function fiksArkivEnv(arkiv: LocalFiksArkiv) {
  return {
    FIKS_ARKIV_URL: arkiv.url,
    FIKS_ARKIV_ACCOUNT_ID: arkiv.accountId,
    FIKS_ARKIV_RECIPIENT_ID: arkiv.archiveAccountId,
    FIKS_ARKIV_INTEGRATION_ID: arkiv.integrationId,
    FIKS_ARKIV_INTEGRATION_PASSWORD: arkiv.integrationPassword,
  };
}
