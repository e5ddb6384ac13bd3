/**
 * Keybinding tables, VS Code style: defaults contributed with the commands, then the agent's own rules on top.
 * A user rule `{key, command}` adds a binding; `{key, command: '-id'}` removes the default binding of `id` on that
 * key. For a key press, the last matching rule whose when-clause holds wins, so user rules beat defaults.
 */
import type { KeybindingRule } from '../settings/definitions.ts';
import { normalizeChord } from './keys.ts';
import { type ContextLookup, parseWhen, type WhenPredicate } from './when.ts';

export interface ResolvedKeybinding {
  chord: string;
  command: string;
  when?: string;
  source: 'default' | 'user';
  matches: WhenPredicate;
}

export interface KeybindingTable {
  bindings: ResolvedKeybinding[];
  /** Rules that could not be used (bad chord or when-clause), with why. */
  problems: string[];
}

export function buildKeybindingTable(
  defaults: readonly KeybindingRule[],
  user: readonly KeybindingRule[],
  platform: 'mac' | 'other' = 'other',
): KeybindingTable {
  const problems: string[] = [];
  const compile = (rule: KeybindingRule, source: 'default' | 'user'): ResolvedKeybinding | undefined => {
    try {
      return {
        chord: normalizeChord(rule.key, platform),
        command: rule.command,
        ...(rule.when ? { when: rule.when } : {}),
        source,
        matches: parseWhen(rule.when ?? ''),
      };
    } catch (error) {
      problems.push(`${source} keybinding ${rule.key} → ${rule.command}: ${(error as Error).message}`);
      return undefined;
    }
  };

  let bindings = defaults.map((rule) => compile(rule, 'default')).filter((b) => b !== undefined);
  for (const rule of user) {
    if (rule.command.startsWith('-')) {
      const command = rule.command.slice(1);
      let chord: string;
      try {
        chord = normalizeChord(rule.key, platform);
      } catch (error) {
        problems.push(`user keybinding ${rule.key} → ${rule.command}: ${(error as Error).message}`);
        continue;
      }
      bindings = bindings.filter((b) => !(b.command === command && b.chord === chord));
      continue;
    }
    const compiled = compile(rule, 'user');
    if (compiled) bindings.push(compiled);
  }
  return { bindings, problems };
}

/** The command a chord runs in this context, if any (last matching rule wins). */
export function commandForChord(
  table: KeybindingTable,
  chord: string,
  context: ContextLookup,
): string | undefined {
  for (let i = table.bindings.length - 1; i >= 0; i--) {
    const binding = table.bindings[i]!;
    if (binding.chord === chord && binding.matches(context)) return binding.command;
  }
  return undefined;
}

/** The chord shown next to a command in the palette: its last (winning) binding. */
export function chordForCommand(table: KeybindingTable, command: string): string | undefined {
  return table.bindings.findLast((binding) => binding.command === command)?.chord;
}
