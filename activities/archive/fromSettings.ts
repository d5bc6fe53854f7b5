// The archiver as the settings describe it: Fiks IO with the Maskinporten client, the inbox (AMQP or
// the local HTTP stand-in), the archive's account.
import type { Knex } from 'knex';
import { DeliveryConfigError } from '../delivery/config';
import { createMaskinportenClient, readMaskinportenKey } from '../delivery/maskinporten/client';
import { createArchiver, type Archiver, type ArchiverOptions } from './archiver';
import type { FiksArkivSettings } from './config';
import { createFiksIoClient, createHttpInbox, type FiksIoInbox } from './fiksIo';
import { createAmqpInbox } from './fiksIoAmqp';

export async function createArchiverFromSettings(settings: FiksArkivSettings, deps: { db: Knex; sender: ArchiverOptions['sender']; onError?: (error: unknown) => void }): Promise<Archiver> {
  let privateKey;
  try {
    privateKey = await readMaskinportenKey(settings.maskinporten.keyFile);
  } catch (error) {
    throw new DeliveryConfigError('MASKINPORTEN_KEY_FILE', `cannot read a private key from ${settings.maskinporten.keyFile}: ${(error as Error).message}`);
  }
  const maskinporten = createMaskinportenClient({ ...settings.maskinporten, privateKey });
  const fiksIo = { url: settings.url, accountId: settings.accountId, integrationId: settings.integrationId, integrationPassword: settings.integrationPassword, maskinporten };
  const inbox: FiksIoInbox = settings.amqpUrl ? createAmqpInbox({ ...fiksIo, amqpUrl: settings.amqpUrl }) : createHttpInbox({ ...fiksIo, inboxUrl: settings.inboxUrl! });
  return createArchiver({
    db: deps.db,
    fiksIo: createFiksIoClient(fiksIo),
    inbox,
    archiveAccountId: settings.recipientId,
    system: settings.system,
    sender: deps.sender,
    intervalSeconds: settings.intervalSeconds,
    answerTimeoutSeconds: settings.answerTimeoutSeconds,
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
}
