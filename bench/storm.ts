// A storm: many cases whose notice falls due at the same instant. Each case gets a time-limited
// decision ending at T + 30 s, so its expiry notice (30 s before) is due at T for all of them.
// Measured: from T until every notice is in the digital mailbox, and that each case got exactly one.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { STORM_MUNICIPALITY, STORM_NOTICE_BEFORE_MS } from './benchPolicy';
import { request } from './http';
import { percentile, sharedLoop } from './measure';
import { createCase } from './project';

const NOTICE_KIND = 'expiry_notice';
const NOTICE_EVENT = 'expiry_notice_sent';

export interface Storm {
  cases: number;
  /** Cases whose decision was in before T (the others get no separate notice, by design). */
  decidedInTime: number;
  dueAt: string;
  /** From T until the last notice reached the mailbox (file times); null if not all arrived. */
  allSentAfterMs: number | null;
  p50SentAfterMs: number | null;
  noticesInMailbox: number;
  /** Per case, from the API: cases with exactly one notice letter and one event, and any with more. */
  exactlyOnce: number;
  duplicates: number;
  missing: number;
  timedOut: boolean;
}

/** Reads each new mailbox file once; keeps, per case, the file times of its notices (letters of `kind`). */
export class MailboxWatch {
  private readonly seen = new Set<string>();
  readonly notices = new Map<string, number[]>();
  constructor(
    private readonly dir: string,
    private readonly cases: Set<string>,
    private readonly kind: string = NOTICE_KIND,
  ) {}
  scan(): void {
    if (!existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json') || this.seen.has(name)) continue;
      const file = path.join(this.dir, name);
      let letter: { caseId: string; kind: string };
      try {
        letter = JSON.parse(readFileSync(file, 'utf8')) as { caseId: string; kind: string };
      } catch {
        continue; // not complete yet: read again next time
      }
      this.seen.add(name);
      if (letter.kind !== this.kind || !this.cases.has(letter.caseId)) continue;
      const times = this.notices.get(letter.caseId) ?? [];
      times.push(statSync(file).mtimeMs);
      this.notices.set(letter.caseId, times);
    }
  }
  get count(): number {
    let n = 0;
    for (const t of this.notices.values()) n += t.length;
    return n;
  }
}

/**
 * Scans the mailbox from `dueAt` until `expected` notices are in or `deadline` has passed (then true),
 * and once more after a pause long enough for a notice sent twice to show.
 */
export async function watchNotices(watch: MailboxWatch, dueAt: number, expected: number, deadline: number, log?: (line: string) => void): Promise<boolean> {
  while (Date.now() < dueAt) await new Promise((r) => setTimeout(r, 200));
  let timedOut = false;
  let nextLog = Date.now() + 60_000;
  for (;;) {
    watch.scan();
    if (watch.count >= expected) break;
    // A long drain says how far it has come, once a minute.
    if (log && Date.now() >= nextLog) {
      log(`notices: ${watch.count} of ${expected}, ${((Date.now() - dueAt) / 1000).toFixed(0)} s after they fell due`);
      nextLog += 60_000;
    }
    if (Date.now() > deadline) {
      timedOut = true;
      break;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // Anything sent twice would show up in the letters and events by now.
  await new Promise((r) => setTimeout(r, 5_000));
  watch.scan();
  return timedOut;
}

/** Per case, from the API and the mailbox: exactly one notice (letter, event and file), more, or none. */
export async function noticesPerCase(
  base: string,
  clients: number,
  ids: string[],
  watch: MailboxWatch,
  notice: { kind: string; event: string },
): Promise<{ exactlyOnce: number; duplicates: number; missing: number }> {
  const counts = { exactlyOnce: 0, duplicates: 0, missing: 0 };
  await sharedLoop(clients, ids.length, async (i) => {
    const id = ids[i]!;
    const letters = await request<{ items: Array<{ kind: string }> }>(base, 'GET', `/api/cases/${id}/letters`, 200);
    const events = await request<{ items: Array<{ type: string }> }>(base, 'GET', `/api/cases/${id}/events`, 200);
    const l = letters.body.items.filter((x) => x.kind === notice.kind).length;
    const e = events.body.items.filter((x) => x.type === notice.event).length;
    const m = watch.notices.get(id)?.length ?? 0;
    if (l === 1 && e === 1 && m === 1) counts.exactlyOnce++;
    else if (l > 1 || e > 1 || m > 1) counts.duplicates++;
    else counts.missing++;
  });
  return counts;
}

export async function storm(
  base: string,
  dataDir: string,
  clients: number,
  total: number,
  opts: { decideWithinMs: number; timeoutMs?: number },
): Promise<Storm> {
  const ids: string[] = [];
  await sharedLoop(clients, total, async () => ids.push(await createCase(base, STORM_MUNICIPALITY)));
  const dueAt = Date.now() + opts.decideWithinMs;
  const until = new Date(dueAt + STORM_NOTICE_BEFORE_MS).toISOString();
  let decidedInTime = 0;
  await sharedLoop(clients, ids.length, async (i) => {
    await request(base, 'POST', `/api/cases/${ids[i]}/decision`, 200, {
      outcome: 'granted',
      services: [{ code: 'home_nursing', hoursPerWeek: 4, until }],
      justification: 'Søkeren har behov for hjemmesykepleie i en tidsavgrenset periode.',
    }, { 'Idempotency-Key': randomUUID() });
    if (Date.now() < dueAt) decidedInTime++;
  });

  const watch = new MailboxWatch(path.join(dataDir, 'mailbox'), new Set(ids));
  const timedOut = await watchNotices(watch, dueAt, decidedInTime, dueAt + (opts.timeoutMs ?? 600_000));
  const { exactlyOnce, duplicates, missing } = await noticesPerCase(base, clients, ids, watch, { kind: NOTICE_KIND, event: NOTICE_EVENT });

  const after = [...watch.notices.values()].flat().map((t) => t - dueAt);
  const all = after.length >= decidedInTime && after.length > 0;
  return {
    cases: total,
    decidedInTime,
    dueAt: new Date(dueAt).toISOString(),
    allSentAfterMs: all ? Math.max(...after) : null,
    p50SentAfterMs: after.length ? percentile(after, 50) : null,
    noticesInMailbox: watch.count,
    exactlyOnce,
    duplicates,
    missing,
    timedOut,
  };
}
