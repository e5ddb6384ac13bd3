/**
 * Chrome keeps of a managed (enterprise policy) value only what public/managed_schema.json declares: an object
 * schema without `properties` reaches `storage.managed` as `{}`, so a redaction policy pushed by IT arrived
 * empty and Deskmate fell back to its default policy. Chrome also silently drops a value that fails the schema,
 * which would hide IT's mistake and forget the value rather than report it.
 *
 * So the managed schema of a structured setting is derived from the setting's published JSON Schema, keeping
 * its shape only (types, properties, map values, array items) in the subset Chrome accepts (every node has
 * exactly one `type`), and none of the checks (enum, pattern, ranges, required): Deskmate validates the value
 * itself, reports each problem with its path, and keeps the last valid value in force (layers.ts).
 */

export interface JsonSchemaNode {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: boolean | JsonSchemaNode;
  items?: JsonSchemaNode;
  title?: string;
  description?: string;
  [keyword: string]: unknown;
}

export interface ChromeSchemaNode {
  type: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  title?: string;
  description?: string;
  properties?: Record<string, ChromeSchemaNode>;
  additionalProperties?: ChromeSchemaNode;
  items?: ChromeSchemaNode;
}

function typeOf(node: JsonSchemaNode, path: string): ChromeSchemaNode['type'] {
  const declared = Array.isArray(node.type) ? node.type.filter((t) => t !== 'null') : [node.type];
  const sample = node.const !== undefined ? node.const : node.enum?.[0];
  const type =
    declared.length === 1 && declared[0] ? declared[0] : sample !== undefined ? typeof sample : undefined;
  if (type === 'object' || type === 'array' || type === 'string' || type === 'number' || type === 'integer')
    return type;
  if (type === 'boolean') return 'boolean';
  throw new Error(`${path || '/'}: no single JSON type Chrome can declare`);
}

export function toChromePolicySchema(node: JsonSchemaNode, path = ''): ChromeSchemaNode {
  const type = typeOf(node, path);
  const out: ChromeSchemaNode = { type };
  if (node.title) out.title = node.title;
  if (node.description) out.description = node.description;
  if (type === 'object') {
    if (node.properties)
      out.properties = Object.fromEntries(
        Object.entries(node.properties).map(([key, child]) => [
          key,
          toChromePolicySchema(child, `${path}/${key}`),
        ]),
      );
    if (typeof node.additionalProperties === 'object')
      out.additionalProperties = toChromePolicySchema(node.additionalProperties, `${path}/*`);
  }
  if (type === 'array' && node.items) out.items = toChromePolicySchema(node.items, `${path}/items`);
  return out;
}
