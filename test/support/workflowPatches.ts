// Every patch id the workflows use (workflows/VERSIONING.md): the only thing a patch marker holds,
// written in clear by the SDK.
import { PATCH_IDS } from '../../workflows/patches';

export const WORKFLOW_PATCHES = PATCH_IDS;

/** What a patch marker's payload may be: one of the patch ids, and nothing else. */
export function isPatchMarker(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value).sort();
  const { id, deprecated } = value as { id?: unknown; deprecated?: unknown };
  return keys.join() === 'deprecated,id' && typeof deprecated === 'boolean' && (WORKFLOW_PATCHES as readonly unknown[]).includes(id);
}
