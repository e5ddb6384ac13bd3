/**
 * Settings come in four layers, from most to least authoritative:
 *
 *   managed (the client company's IT, through enterprise policy)
 *   > client pack (published by the client company for its agents)
 *   > QA lead (per client, written in the options page)
 *   > agent (personal preferences)
 *
 * A layer may set a value as a *default* or *lock* it. A locked value is final: no layer below can change it,
 * and the UI shows it as locked with who locked it. Unlocked values are defaults: the most personal layer that
 * sets a value wins, so an agent can adjust what IT only suggested. Resolution is pure and total.
 *
 * A value that fails its schema is never used. If the same layer gave a valid value for that key before (its
 * `lastValid` memory), that value stays in force, with a warning naming the layer, key and problem: a typo in
 * IT's redaction policy must not silently hand the agent a weaker default or a lower layer's policy. Only a
 * value never seen valid is dropped, and the next layer down applies. A key the layer no longer sets is
 * forgotten: removing a setting on purpose is not an error.
 */
import { formatErrors, safeKey } from '../validation.ts';
import {
  atSetting,
  findSetting,
  type SettingKey,
  type SettingValues,
  settingDefinitions,
  validateSetting,
} from './definitions.ts';

export const LAYERS = ['managed', 'clientPack', 'qaLead', 'agent'] as const;
export type LayerName = (typeof LAYERS)[number];

export const LAYER_LABELS: Record<LayerName | 'default', string> = {
  managed: 'your IT administrator (managed policy)',
  clientPack: 'the client pack',
  qaLead: 'your QA lead',
  agent: 'you',
  default: 'the default',
};

export interface SettingsLayer {
  values: Record<string, unknown>;
  /** Keys whose value in this layer is final for every layer below. */
  locked?: readonly string[];
}

export type LayerStack = Partial<Record<LayerName, SettingsLayer | undefined>>;

export interface SettingOrigin {
  source: LayerName | 'default';
  /** Set when a layer locked the key: who did. */
  lockedBy?: LayerName;
  /** The source layer's current value is invalid: this is the last valid value it gave. */
  lastValid?: true;
}

/** Per layer, the last valid value it gave for each key: what stays in force when its value turns invalid. */
export type LastValid = Partial<Record<LayerName, Record<string, unknown>>>;

export interface ResolvedSettings {
  values: SettingValues;
  origins: Record<SettingKey, SettingOrigin>;
  /** Problems found while resolving (unknown keys, invalid values): shown in the options page. */
  warnings: string[];
  /**
   * The memory to keep for the next resolution, for each layer in the stack: its valid values, and the held
   * value of each key whose current value is invalid. Layers absent from the stack are left out.
   */
  lastValid: LastValid;
}

export function resolveSettings(stack: LayerStack, lastValid: LastValid = {}): ResolvedSettings {
  const warnings: string[] = [];
  const valid = new Map<LayerName, Map<string, unknown>>();
  const held = new Map<LayerName, Set<string>>();
  const remember: LastValid = {};

  for (const layer of LAYERS) {
    const entries = new Map<string, unknown>();
    const heldKeys = new Set<string>();
    const source = stack[layer];
    for (const [key, value] of Object.entries(source?.values ?? {})) {
      const definition = findSetting(key);
      if (!definition) {
        warnings.push(`${LAYER_LABELS[layer]}: unknown setting "${safeKey(key)}" ignored`);
        continue;
      }
      const result = validateSetting(definition, value);
      if (result.ok) {
        entries.set(key, result.value);
        continue;
      }
      const problem = formatErrors(atSetting(key, result.errors.slice(0, 3)));
      // The remembered value is checked again: a schema that tightened since must not let an old value back in.
      const previous =
        lastValid[layer] && Object.hasOwn(lastValid[layer], key) ? lastValid[layer][key] : undefined;
      const kept = previous === undefined ? undefined : validateSetting(definition, previous);
      if (kept?.ok) {
        entries.set(key, kept.value);
        heldKeys.add(key);
        warnings.push(
          `${LAYER_LABELS[layer]}: "${key}" is invalid (${problem}); its last valid value stays in force`,
        );
      } else {
        warnings.push(`${LAYER_LABELS[layer]}: "${key}" ignored: ${problem}`);
      }
    }
    for (const key of source?.locked ?? []) {
      if (!findSetting(key))
        warnings.push(`${LAYER_LABELS[layer]}: cannot lock unknown setting "${safeKey(key)}"`);
    }
    valid.set(layer, entries);
    held.set(layer, heldKeys);
    if (source) remember[layer] = Object.fromEntries(entries);
  }
  const origin = (key: string, source: LayerName | undefined, lockedBy?: LayerName): SettingOrigin => ({
    source: source ?? 'default',
    ...(lockedBy ? { lockedBy } : {}),
    ...(source && held.get(source)?.has(key) ? { lastValid: true as const } : {}),
  });

  const values: Record<string, unknown> = {};
  const origins: Record<string, SettingOrigin> = {};
  for (const definition of settingDefinitions) {
    const key = definition.key;
    const lockedBy = LAYERS.find((layer) => stack[layer]?.locked?.includes(key));
    if (lockedBy) {
      // The locking layer's own value, or, if it locked without a value, whatever is above it (or the default).
      const above = LAYERS.slice(0, LAYERS.indexOf(lockedBy) + 1).reverse();
      const source = above.find((layer) => valid.get(layer)?.has(key));
      values[key] = source ? valid.get(source)?.get(key) : definition.default;
      origins[key] = origin(key, source, lockedBy);
      continue;
    }
    const source = [...LAYERS].reverse().find((layer) => valid.get(layer)?.has(key));
    values[key] = source ? valid.get(source)?.get(key) : definition.default;
    origins[key] = origin(key, source);
  }
  return {
    values: values as SettingValues,
    origins: origins as Record<SettingKey, SettingOrigin>,
    warnings,
    lastValid: remember,
  };
}

/** Why `layer` may not write `key`, or undefined when it may. */
export function whyNotWritable(
  resolved: ResolvedSettings,
  key: string,
  layer: LayerName,
): string | undefined {
  const definition = findSetting(key);
  if (!definition) return `unknown setting "${safeKey(key)}"`;
  if (layer !== 'managed' && layer !== 'clientPack' && !definition.editableBy.includes(layer)) {
    return `"${definition.title}" is not set by ${LAYER_LABELS[layer]}`;
  }
  const lockedBy = resolved.origins[key as SettingKey]?.lockedBy;
  if (lockedBy && LAYERS.indexOf(lockedBy) < LAYERS.indexOf(layer)) {
    return `"${definition.title}" is locked by ${LAYER_LABELS[lockedBy]}`;
  }
  return undefined;
}
