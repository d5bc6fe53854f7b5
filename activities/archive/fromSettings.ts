// The archiver as the settings describe it: Fiks IO with the Maskinporten client, the inbox, the archive's account.
import type { Knex } from 'knex';
import { DeliveryConfigError } from '../delivery/config';
import { createMaskinportenClient, readMaskinportenKey } from '../delivery/maskinporten/client';
import { createArchiver, type Archiver, type ArchiverOptions } from './archiver';
import type { FiksArkivSettings } from './config';
import { createFiksIoClient, createHttpInbox } from './fiksIo';

export async function createArchiverFromSettings(settings: FiksArkivSettings, deps: { db: Knex; sender: ArchiverOptions['sender']; onError?: (error: unknown) => void }): Promise<Archiver> {
  let privateKey;
  try {
    privateKey = await readMaskinportenKey(settings.maskinporten.keyFile);
  } catch (error) {
    throw new DeliveryConfigError('MASKINPORTEN_KEY_FILE', `cannot read a private key from ${settings.maskinporten.keyFile}: ${(error as Error).message}`);
  }
  const maskinporten = createMaskinportenClient({ ...settings.maskinporten, privateKey });
  const fiksIo = { url: settings.url, accountId: settings.accountId, integrationId: settings.integrationId, integrationPassword: settings.integrationPassword, maskinporten };
  return createArchiver({
    db: deps.db,
    fiksIo: createFiksIoClient(fiksIo),
    inbox: createHttpInbox({ ...fiksIo, inboxUrl: settings.inboxUrl }),
    archiveAccountId: settings.recipientId,
    system: settings.system,
    sender: deps.sender,
    intervalSeconds: settings.intervalSeconds,
    answerTimeoutSeconds: settings.answerTimeoutSeconds,
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
}
