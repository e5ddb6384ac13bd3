import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANAGED_SCHEMA_PATH, managedSchemaText } from '../../../scripts/managed-schema.ts';
import { customSiteSchemaWith } from '../../../src/core/settings/custom-site.ts';

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

interface ValibotNode {
  type: string;
  wrapped?: ValibotNode;
  entries?: Record<string, ValibotNode>;
  item?: ValibotNode;
}

/** Every field path a valibot schema accepts (`/selectors/composer`, `/requiredOn/items/url`). */
function schemaFields(node: ValibotNode, path: string): string[] {
  if (node.type === 'optional' && node.wrapped) return schemaFields(node.wrapped, path);
  if (node.entries)
    return Object.entries(node.entries).flatMap(([key, child]) => [
      `${path}/${key}`,
      ...schemaFields(child, `${path}/${key}`),
    ]);
  if (node.type === 'array' && node.item) return schemaFields(node.item, `${path}/items`);
  return [];
}

/** The managed schema node at a field path, or undefined when Chrome would not keep that field. */
function declared(node: Node | undefined, path: string): Node | undefined {
  let at = node;
  for (const step of path.split('/').slice(1)) at = step === 'items' ? at?.items : at?.properties?.[step];
  return at;
}

describe('public/managed_schema.json (what Chrome keeps of a managed policy)', () => {
  const text = readFileSync(MANAGED_SCHEMA_PATH, 'utf8');
  const schema = JSON.parse(text) as { properties: { settings: Node } };

  it('declares the shape of every structured setting, so Chrome does not hand it over empty', () => {
    // Chrome drops what an object schema does not declare: a bare {"type": "object"} turned IT's redaction
    // policy into {} and Deskmate fell back to its default policy.
    expect(strippedObjects(schema.properties.settings, '/settings')).toEqual([]);
  });

  it('declares every field of a custom site, at every depth, from the one valibot schema', () => {
    // Chrome hands over only what the schema declares: a field missing here reaches Deskmate dropped, which is
    // how a managed site lost its ticketUrl, messageRole and required. Derived, so the two cannot drift.
    const site = declared(schema.properties.settings, '/sites.custom/items');
    const fields = schemaFields(customSiteSchemaWith() as unknown as ValibotNode, '');
    expect(fields).toEqual(
      expect.arrayContaining(['/ticketUrl', '/messageRole/on', '/required', '/requiredOn/items/url']),
    );
    expect(fields.filter((field) => !declared(site, field))).toEqual([]);
  });

  it('is in step with the published redaction policy, SLA policy and custom site schemas', () => {
    expect(text).toBe(managedSchemaText(text));
  });
});
