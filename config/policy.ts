// Loads the policy file from disk (Node side only; the domain parser itself does no I/O).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyError, parsePolicyText } from '../domain/policy/policy';
import type { Policy } from '../domain/policy/policyTypes';

/** The built-in policy, next to this module. */
export const DEFAULT_POLICY_FILE = join(__dirname, 'default-policy.json');

/**
 * Reads and checks a policy file, or the built-in one when `file` is undefined. Throws a
 * PolicyError naming the file (and the municipality and key) when it cannot be read or is wrong.
 */
export function loadPolicy(file?: string): Policy {
  const path = file ?? DEFAULT_POLICY_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PolicyError(path, `cannot be read: ${reason}`);
  }
  return parsePolicyText(text, path);
}
