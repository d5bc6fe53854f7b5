// `GET /api/cases/:id/events` and `/letters`: what happened to a case, oldest first.
import { z } from 'zod';
import { LETTER_KINDS } from '../../domain/case/caseTypes';
import { WAITING_REASONS } from '../readModels/operationalFigures';
import { caseIdParam, uuidInAnyCase } from './common';

const at = z.string().meta({ format: 'date-time' });

export const archiveStateSchema = z
  .object({
    status: z.enum(['waiting', 'archived', 'failed']).meta({
      description: 'waiting: not yet acknowledged by the archive (Fiks Arkiv; sent again until it is); archived; failed: the archive refused the entry (the operator must look).',
    }),
    archivedAt: at.nullable().meta({ description: 'When the archive acknowledged the registry entry (journalpost).' }),
    reference: z.string().nullable().meta({ description: "The archive's reference: saksnummer and the journalpost's number in the case, e.g. 2026/17-3." }),
  })
  .meta({ id: 'ArchiveState' });

export const caseEventSchema = z
  .object({
    type: z.string().meta({ description: 'received, contacted, contact_overdue, home_visit_scheduled, decision_issued, appeal_received, closed, …' }),
    at,
    actor: z.string().meta({ description: "The `sub` of the token that took the step, or `system` for what happened on its own." }),
    data: z.record(z.string(), z.unknown()),
    archive: archiveStateSchema.optional().meta({ description: "An appeal's registry entry in the archive (appeal_received only)." }),
  })
  .meta({ id: 'CaseEvent' });

export const caseEventListSchema = z.object({ items: z.array(caseEventSchema) }).meta({ id: 'CaseEventList' });

export const letterSchema = z
  .object({
    id: z.string().meta({ format: 'uuid', description: 'GET /api/cases/{id}/letters/{letterId}.pdf renders it as a PDF.' }),
    recipient: z
      .union([
        z.object({ to: z.literal('applicant'), copyOf: z.string().optional().meta({ format: 'uuid', description: "The applicant's copy of this letter, which went to the representative." }) }),
        z.object({ to: z.literal('representative'), role: z.enum(['guardian', 'authorised']), name: z.string() }),
      ])
      .meta({ id: 'LetterRecipient', description: 'Who the letter went to: the applicant, or their guardian (verge) or authorised representative (fullmektig).' }),
    kind: z.enum(LETTER_KINDS),
    channel: z.string().meta({ description: 'How it reaches the applicant: digital or paper, as the case came in.' }),
    createdAt: at,
    subject: z.string(),
    body: z.string().meta({ description: 'The letter in Norwegian (bokmål), naming the office and how to reach it.' }),
    delivery: z
      .object({
        status: z.enum(['waiting', 'sent', 'delivered', 'read', 'printed', 'failed']).meta({
          description:
            'waiting: not gone out yet, its last attempt failed at a service and it is retried (see waitingReason, waitingSince); sent: handed to SvarUt (or, with LETTER_TRANSPORT=files, written to the mailbox or print folder); delivered: made available in the digital mailbox or handed to print; read; printed; failed (see failedReason).',
        }),
        deliveredAt: at.nullable().meta({ description: 'When the letter reached the applicant: made available digitally, or handed to print.' }),
        failedReason: z.string().nullable(),
        route: z.enum(['digital', 'print']).nullable().meta({ description: 'Where KRR sent it (LETTER_TRANSPORT=svarut); null with the file transport.' }),
        waitingReason: z.enum(WAITING_REASONS).optional().meta({
          description:
            'Only while waiting: the service its last attempt failed at, as /metrics counts letters_waiting: maskinporten (no token), krr or folkeregisteret (no usable answer), svarut (refused or down), channel (the mailbox folder, print queue, SMS gateway or mail server).',
        }),
        waitingSince: at.optional().meta({ description: 'Only while waiting: when its first failed attempt was.' }),
      })
      .nullable()
      .meta({ description: 'How the letter went; null while it is on its way and no attempt has failed yet.' }),
    archive: archiveStateSchema.nullable().meta({ description: 'Its registry entry in the archive (Fiks Arkiv); null until the letter has gone out.' }),
  })
  .meta({ id: 'Letter' });

export const letterListSchema = z.object({ items: z.array(letterSchema) }).meta({ id: 'LetterList' });

export const letterParams = z.object({
  id: caseIdParam,
  letterId: uuidInAnyCase().meta({ description: 'The letter id, from GET /api/cases/{id}/letters.' }),
});
