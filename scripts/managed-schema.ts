/**
 * `npx tsx scripts/managed-schema.ts`: rewrites the structured settings of public/managed_schema.json (the
 * redaction policy, the SLA policy, custom sites) from their published JSON Schemas, in the subset Chrome keeps
 * (see src/core/settings/chrome-policy-schema.ts). test/unit/settings/managed-schema.test.ts keeps it in step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { toJsonSchema } from '@valibot/to-json-schema';
import {
  type ChromeSchemaNode,
  type JsonSchemaNode,
  toChromePolicySchema,
} from '../src/core/settings/chrome-policy-schema.ts';
import { customSiteSchemaWith } from '../src/core/settings/custom-site.ts';

export const MANAGED_SCHEMA_PATH = new URL('../public/managed_schema.json', import.meta.url);

const published = (name: string) =>
  JSON.parse(readFileSync(new URL(`../public/schemas/${name}`, import.meta.url), 'utf8')) as JsonSchemaNode;

/** The managed schema of each structured setting, derived from its published schema. */
export function structuredManagedSettings(): Record<string, ChromeSchemaNode> {
  const customSite = toJsonSchema(customSiteSchemaWith(), {
    target: 'draft-07',
    errorMode: 'ignore',
  }) as JsonSchemaNode;
  return {
    'guard.policy': toChromePolicySchema(published('redaction-policy.schema.json')),
    'sla.policy': toChromePolicySchema(published('sla-policy.schema.json')),
    'sites.custom': { type: 'array', items: toChromePolicySchema(customSite) },
  };
}

/** The managed schema file's text with the structured settings regenerated (descriptions kept). */
export function managedSchemaText(current: string): string {
  const schema = JSON.parse(current) as {
    properties: { settings: { properties: Record<string, { description?: string }> } };
  };
  const settings = schema.properties.settings.properties;
  for (const [key, generated] of Object.entries(structuredManagedSettings())) {
    const { title: _title, description: _description, ...shape } = generated;
    settings[key] = { ...shape, description: settings[key]?.description ?? '' };
  }
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1]?.endsWith('managed-schema.ts')) {
  writeFileSync(MANAGED_SCHEMA_PATH, managedSchemaText(readFileSync(MANAGED_SCHEMA_PATH, 'utf8')));
}
