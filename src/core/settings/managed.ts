/**
 * What IT can push through enterprise policy (`storage.managed`, described for Chrome by
 * public/managed_schema.json). Managed data is validated entry by entry: one bad entry is reported and dropped,
 * the rest still applies — the browser already drops values that do not match the schema, and we must never let
 * one typo disable a whole deployment.
 */
import * as v from 'valibot';
import { issueMessage, issuePath } from '../validation.ts';
import { type Client, clientSchema } from './clients.ts';
import type { SettingsLayer } from './layers.ts';

export interface ManagedConfig {
  layer: SettingsLayer;
  clients: Client[];
  /** Problems, each naming the path of the bad entry. */
  errors: string[];
}

export const EMPTY_MANAGED: ManagedConfig = { layer: { values: {} }, clients: [], errors: [] };

export function parseManaged(raw: unknown): ManagedConfig {
  if (raw === undefined || raw === null) return EMPTY_MANAGED;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ...EMPTY_MANAGED, errors: ['managed policy: expected an object'] };
  }
  const record = raw as Record<string, unknown>;
  const errors: string[] = [];

  const values: Record<string, unknown> = {};
  if (record.settings !== undefined) {
    if (typeof record.settings === 'object' && record.settings && !Array.isArray(record.settings)) {
      Object.assign(values, record.settings);
    } else errors.push('/settings: expected an object of setting values');
  }

  const locked: string[] = [];
  if (record.locked !== undefined) {
    if (Array.isArray(record.locked)) {
      record.locked.forEach((key, index) => {
        if (typeof key === 'string') locked.push(key);
        else errors.push(`/locked/${index}: expected a setting key`);
      });
    } else errors.push('/locked: expected an array of setting keys');
  }

  const clients: Client[] = [];
  if (record.clients !== undefined) {
    if (Array.isArray(record.clients)) {
      record.clients.forEach((entry, index) => {
        const result = v.safeParse(clientSchema, entry);
        if (result.success) clients.push(result.output);
        else
          errors.push(
            ...result.issues.map((issue) => `/clients/${index}${issuePath(issue)}: ${issueMessage(issue)}`),
          );
      });
    } else errors.push('/clients: expected an array of clients');
  }

  return { layer: { values, locked }, clients, errors };
}
