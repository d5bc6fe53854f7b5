// `LETTER_TRANSPORT=svarut npm start` with nothing else set: the launcher's local Maskinporten, KRR
// and SvarUt, and the settings it hands the worker, work together over real HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFregClient, fregFacts } from '../../activities/delivery/freg/client';
import { createKrrClient } from '../../activities/delivery/krr/client';
import { createMaskinportenClient, readMaskinportenKey } from '../../activities/delivery/maskinporten/client';
import { createSvarUtClient } from '../../activities/delivery/svarut/client';
import { letterTransportFromEnv } from '../../activities/delivery/transport';
import { startLocalNationalServices, wantsLocalFiksArkiv, wantsLocalNationalServices, type LocalNationalServices } from '../../launcher/local/nationalServices';
import { fiksArkivFromEnv } from '../../activities/archive/config';
import { createHttpInbox } from '../../activities/archive/fiksIo';
import { createAmqpInbox } from '../../activities/archive/fiksIoAmqp';

let services: LocalNationalServices | null = null;
let archiveOnly: LocalNationalServices | null = null;
let dir = '';

afterAll(async () => {
  await services?.stop();
  await archiveOnly?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('local national services', () => {
  it('start only for LETTER_TRANSPORT=svarut with none of the real services named', () => {
    expect(wantsLocalNationalServices({})).toBe(false);
    expect(wantsLocalNationalServices({ LETTER_TRANSPORT: 'files' })).toBe(false);
    expect(wantsLocalNationalServices({ LETTER_TRANSPORT: 'svarut' })).toBe(true);
    expect(wantsLocalNationalServices({ LETTER_TRANSPORT: 'svarut', SVARUT_URL: 'https://test.svarut.ks.no' })).toBe(false);
    expect(wantsLocalNationalServices({ LETTER_TRANSPORT: 'svarut', FREG_URL: 'https://folkeregisteret.api.skatteetaten.no' })).toBe(false);
  });

  it('hand the worker complete settings that get a token, a KRR answer and a SvarUt look-up', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'local-national-'));
    const env: Record<string, string | undefined> = { LETTER_TRANSPORT: 'svarut' };
    services = await startLocalNationalServices(env, dir);
    expect(services).not.toBeNull();
    const settings = letterTransportFromEnv(env);
    if (settings.kind !== 'svarut') throw new Error('expected svarut settings');
    const maskinporten = createMaskinportenClient({ ...settings.maskinporten, privateKey: await readMaskinportenKey(settings.maskinporten.keyFile) });
    const people = await createKrrClient({ url: settings.krrUrl, maskinporten }).lookup(['01017012345']);
    expect(people.get('01017012345')).toMatchObject({ status: 'AKTIV', reservasjon: 'NEI' });
    expect(settings.fregUrl).toBe(services!.fregUrl);
    expect(fregFacts(await createFregClient({ url: settings.fregUrl!, maskinporten }).lookup('01017012345'))).toMatchObject({ deceased: false, protectedAddress: false });
    expect(await createSvarUtClient({ ...settings.svarut, maskinporten }).findByEksternReferanse('nothing-yet')).toEqual([]);
    expect(settings.statusIntervalSeconds).toBe(5);
  });

  it('archive through a local Fiks Arkiv under npm start with nothing set, unless FIKS_ARKIV=off or an archive of its own is named', async () => {
    expect(wantsLocalFiksArkiv({})).toBe(true);
    expect(wantsLocalFiksArkiv({ LETTER_TRANSPORT: 'svarut' })).toBe(true);
    expect(wantsLocalFiksArkiv({ FIKS_ARKIV: 'off' })).toBe(false);
    expect(wantsLocalFiksArkiv({ FIKS_ARKIV_URL: 'https://api.fiks.test.ks.no' })).toBe(false);
    // A Maskinporten of the municipality's own: the local archive could not check its tokens.
    expect(wantsLocalFiksArkiv({ MASKINPORTEN_TOKEN_URL: 'https://maskinporten.no/token' })).toBe(false);
    // Instances sharing a database would each have an archive of their own.
    expect(wantsLocalFiksArkiv({ DATABASE_URL: 'postgres://cases@db/cases' })).toBe(false);
    dir ||= await mkdtemp(path.join(os.tmpdir(), 'local-national-'));
    const env: Record<string, string | undefined> = {};
    archiveOnly = await startLocalNationalServices(env, path.join(dir, 'archive'));
    expect(archiveOnly).toMatchObject({ krrUrl: null, svarutUrl: null, fiksArkivUrl: expect.stringMatching(/^http:/) });
    expect(letterTransportFromEnv(env)).toEqual({ kind: 'files' });
    const settings = fiksArkivFromEnv(env)!;
    expect(settings.intervalSeconds).toBe(5);
    const maskinporten = createMaskinportenClient({ ...settings.maskinporten, privateKey: await readMaskinportenKey(settings.maskinporten.keyFile) });
    const inbox = createHttpInbox({ url: settings.url, inboxUrl: settings.inboxUrl!, accountId: settings.accountId, integrationId: settings.integrationId, integrationPassword: settings.integrationPassword, maskinporten });
    expect(await inbox.receive(10)).toEqual([]);
    // The worker reads the answers over AMQP, from the local Fiks IO's broker, as from the real one.
    expect(settings.amqpUrl).toMatch(/^amqp:\/\/127\.0\.0\.1:\d+$/);
    const amqp = createAmqpInbox({ amqpUrl: settings.amqpUrl!, accountId: settings.accountId, integrationId: settings.integrationId, integrationPassword: settings.integrationPassword, maskinporten });
    try {
      expect(await amqp.receive(10)).toEqual([]);
    } finally {
      await amqp.close!();
    }
  });
});
