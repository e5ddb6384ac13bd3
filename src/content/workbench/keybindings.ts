/**
 * Listens for key chords on the page and runs the bound command. It listens in the capture phase on the window,
 * so a binding works wherever focus is (including inside the helpdesk's editor), and it only swallows a key
 * when a command actually ran, so the page keeps every key Deskmate does not use. Only the agent's keys run
 * commands: a key event the page's scripts made (a synthetic Alt+Shift+C) is left alone, as if we were not there.
 */
import type { KeybindingRule } from '../../core/settings/definitions.ts';
import {
  buildKeybindingTable,
  commandForChord,
  type KeybindingTable,
} from '../../core/workbench/keybindings.ts';
import { chordFromEvent } from '../../core/workbench/keys.ts';
import { listenAgent } from '../runtime/agent-events.ts';
import type { CommandRegistry } from './commands.ts';
import type { ContextKeys } from './context-keys.ts';

export const DEFAULT_KEYBINDINGS: readonly KeybindingRule[] = [
  { key: 'f1', command: 'workbench.action.showCommands' },
  { key: 'ctrl+shift+space', command: 'workbench.action.showCommands' },
  { key: 'alt+shift+p', command: 'workbench.action.showCommands' },
  { key: 'alt+shift+c', command: 'deskmate.client.switch' },
  // The code editor's "quick fix" key: the data guard's card for the problem at the caret.
  { key: 'mod+.', command: 'deskmate.guard.showProblem', when: 'composerFocus' },
];

const platform = /mac/i.test(globalThis.navigator?.platform ?? '') ? 'mac' : 'other';

export class KeybindingService {
  private rules: readonly KeybindingRule[] = [];
  private built: KeybindingTable | undefined;

  constructor(
    private readonly commands: CommandRegistry,
    private readonly contextKeys: ContextKeys,
  ) {}

  /** The bindings in force, built when first needed (a key press, the palette) rather than on every page load. */
  get table(): KeybindingTable {
    this.built ??= buildKeybindingTable(DEFAULT_KEYBINDINGS, this.rules, platform);
    return this.built;
  }

  /** Applies the agent's (or IT's) rules over the defaults; returns the rules that could not be used. */
  setUserRules(rules: readonly KeybindingRule[]): string[] {
    if (rules !== this.rules) {
      this.rules = rules;
      this.built = undefined;
    }
    // Rules of their own are checked as they are set, so their problems are reported at once; the defaults are ours.
    return rules.length > 0 ? this.table.problems : [];
  }

  listen(target: Window, signal: AbortSignal, isOwnEvent: (event: KeyboardEvent) => boolean): void {
    listenAgent<KeyboardEvent>(
      target,
      'keydown',
      (event) => {
        if (event.isComposing || event.repeat) return;
        // Keys typed into our own UI (the palette's input) are handled there.
        if (isOwnEvent(event)) return;
        const chord = chordFromEvent(event);
        if (!chord) return;
        const command = commandForChord(this.table, chord, this.contextKeys.lookup);
        if (!command || !this.commands.isEnabled(command)) return;
        event.preventDefault();
        event.stopImmediatePropagation();
        void this.commands.execute(command);
      },
      { capture: true, signal },
    );
  }
}
