import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANAGED_SCHEMA_PATH, managedSchemaText } from '../../../scripts/managed-schema.ts';

interface Node {
  type?: string;
  $ref?: string;
  properties?: Record<string, Node>;
  additionalProperties?: Node | boolean;
  items?: Node;
}

/** Every object node that Chrome would hand over empty: no declared properties, no declared map values. */
function strippedObjects(node: Node, path: string): string[] {
  const found: string[] = [];
  if (node.type === 'object' && !node.properties && typeof node.additionalProperties !== 'object')
    found.push(path);
  if ((node.type === undefined) === (node.$ref === undefined))
    found.push(`${path} (needs exactly one of type, $ref)`);
  for (const [key, child] of Object.entries(node.properties ?? {}))
    found.push(...strippedObjects(child, `${path}/${key}`));
  if (typeof node.additionalProperties === 'object')
    found.push(...strippedObjects(node.additionalProperties, `${path}/*`));
  if (node.items) found.push(...strippedObjects(node.items, `${path}/items`));
  return found;
}

describe('public/managed_schema.json (what Chrome keeps of a managed policy)', () => {
  const text = readFileSync(MANAGED_SCHEMA_PATH, 'utf8');
  const schema = JSON.parse(text) as { properties: { settings: Node } };

  it('declares the shape of every structured setting, so Chrome does not hand it over empty', () => {
    // Chrome drops what an object schema does not declare: a bare {"type": "object"} turned IT's redaction
    // policy into {} and Deskmate fell back to its default policy.
    expect(strippedObjects(schema.properties.settings, '/settings')).toEqual([]);
  });

  it('is in step with the published redaction policy, SLA policy and custom site schemas', () => {
    expect(text).toBe(managedSchemaText(text));
  });
});
