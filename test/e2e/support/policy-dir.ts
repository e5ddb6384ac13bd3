/**
 * Chromium's managed policy directory on Linux: a JSON file there is read as enterprise policy by every Chromium on
 * the machine while it runs (tests that write one run alone and remove it when done).
 */
import { accessSync, constants, mkdirSync } from 'node:fs';

export const POLICY_DIR = '/etc/chromium/policies/managed';

/** Whether this user may write policy files (root may; others skip the managed-policy tests, saying why). */
export function canWritePolicies(): boolean {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
