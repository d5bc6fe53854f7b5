// Who a workflow's payloads belong to, for the payload codec: a case workflow's case, a letter
// delivery's letter's case, read from PostgreSQL (the case row is stored before its workflow starts,
// the letter row before its delivery). A case never changes municipality, so what was found is kept.
import type { Knex } from 'knex';
import type { PayloadOwner, PayloadOwners } from '../codec/encryptionCodec';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** caseWorkflowId and letterDeliveryWorkflowId; the sweep's `case-sweep…` ids match neither. */
const CASE_WORKFLOW = new RegExp(`^case-(${UUID})$`, 'i');
const LETTER_WORKFLOW = new RegExp(`^letter-(${UUID})$`, 'i');

/** Enough for every case a worker or an API touches in a while; the oldest is forgotten first. */
const REMEMBERED = 10_000;

export function databasePayloadOwners(db: Knex): PayloadOwners {
  const known = new Map<string, PayloadOwner>();
  return async (workflowId) => {
    const hit = known.get(workflowId);
    if (hit) return hit;
    const caseId = CASE_WORKFLOW.exec(workflowId)?.[1];
    const letterId = LETTER_WORKFLOW.exec(workflowId)?.[1];
    let row: { id: string; municipality: string } | undefined;
    if (caseId) row = await db('cases').where({ id: caseId.toLowerCase() }).first('id', 'municipality');
    else if (letterId) {
      row = await db('letters')
        .join('cases', 'cases.id', 'letters.case_id')
        .where('letters.id', letterId.toLowerCase())
        .first('cases.id as id', 'cases.municipality as municipality');
    }
    if (!row) return undefined;
    const owner = { caseId: row.id, municipality: row.municipality };
    if (known.size >= REMEMBERED) known.delete(known.keys().next().value!);
    known.set(workflowId, owner);
    return owner;
  };
}
