// Every patch id the workflows use (workflows/VERSIONING.md): the only thing a patch marker holds,
// written in clear by the SDK.
import { KEEP_UNCHANGED_TIMER } from '../../workflows/case';
import { APPEAL_RIGHTS_PATCH, ONE_TRANSACTION_PER_CHANGE, PUBLISH_ONLY_CHANGES } from '../../workflows/caseRecord';
import { NOTICES_AFTER_LETTER_PATCH } from '../../workflows/letterDelivery';

export const WORKFLOW_PATCHES = [NOTICES_AFTER_LETTER_PATCH, ONE_TRANSACTION_PER_CHANGE, PUBLISH_ONLY_CHANGES, KEEP_UNCHANGED_TIMER, APPEAL_RIGHTS_PATCH] as const;

/** What a patch marker's payload may be: one of the patch ids, and nothing else. */
export function isPatchMarker(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value).sort();
  const { id, deprecated } = value as { id?: unknown; deprecated?: unknown };
  return keys.join() === 'deprecated,id' && typeof deprecated === 'boolean' && (WORKFLOW_PATCHES as readonly unknown[]).includes(id);
}
