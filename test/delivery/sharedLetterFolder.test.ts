// Workers on several hosts, each with its own DATA_DIR, deliver into one shared letter folder
// (LETTER_FILES_DIR): the mailbox and print files of every instance land there, and a letter that two
// instances deliver at the same moment (a retried activity picked up by another worker) is one file.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../activities/delivery/channels';
import { createDeliveryChannels, deliveryConfigFromEnv } from '../../activities/delivery/config';
import { renderNotice } from '../../activities/letters/notice';
import { loadSettings } from '../../config/settings';
import { APPLICANT, municipality } from '../letters/fixtures';

const m = municipality('namsos');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'shared-letters-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function letter(): OutgoingMessage {
  return {
    letterId: randomUUID(),
    caseId: randomUUID(),
    createdAt: new Date('2027-03-05T10:00:00.000Z'),
    sender: { municipalityName: m.name, office: m.office },
    recipient: APPLICANT,
    letter: { kind: 'decision', subject: 'Vedtak om hjemmesykepleie – innvilget', body: 'Hei, Kari Nordmann\n\nSøknaden din er innvilget.\n' },
    notice: renderNotice(m, 'sms'),
  };
}

/** An instance's channels, from its settings as the worker builds them (worker/run.ts). */
function instanceChannels(name: string) {
  const settings = loadSettings({ DATA_DIR: path.join(dir, name), LETTER_FILES_DIR: 'shared' }, dir);
  return createDeliveryChannels(deliveryConfigFromEnv({}, settings.letterFilesDir ?? settings.dataDir));
}

describe('LETTER_FILES_DIR', () => {
  it('gathers the letters of every instance in one folder, each letter delivered by both at once written once', async () => {
    const a = instanceChannels('host-a');
    const b = instanceChannels('host-b');
    const letters = Array.from({ length: 10 }, letter);
    for (const channel of ['digital_mailbox', 'print'] as const) {
      const results = await Promise.all(letters.flatMap((l) => [a[channel]!.deliver(l), b[channel]!.deliver(l)]));
      // Of each pair, exactly one wrote the file; the other found it there.
      expect(results.filter((r) => !r.alreadyDelivered)).toHaveLength(letters.length);
      const folder = channel === 'digital_mailbox' ? 'mailbox' : 'print-queue';
      const files = (await readdir(path.join(dir, 'shared', folder))).filter((f) => !f.startsWith('.'));
      expect(files).toHaveLength(letters.length);
      expect(new Set(files.map((f) => f.replace(/\.(json|pdf)$/, '')))).toEqual(new Set(letters.map((l) => l.letterId)));
    }
    // Nothing in either instance's own DATA_DIR.
    await expect(readdir(path.join(dir, 'host-a'))).rejects.toThrow(/ENOENT/);
  });
});
