/**
 * The workbench: commands, context keys, keybindings, the status bar and the palette, wired together and
 * rendered into our shadow root. One per content-script instance; it lives until the extension reloads.
 */

import { chordForCommand } from '../../core/workbench/keybindings.ts';
import { formatChord } from '../../core/workbench/keys.ts';
import { listenAgent } from '../runtime/agent-events.ts';
import type { FrameWatcher } from '../runtime/frame-watch.ts';
import { CommandRegistry } from './commands.ts';
import { ContextKeys } from './context-keys.ts';
import { KeybindingService } from './keybindings.ts';
import { Palette, PaletteModel, type PickItem } from './palette.tsx';
import { StatusBar, StatusBarModel } from './status-bar.tsx';
import type { UiHost } from './ui-host.tsx';

export class Workbench {
  readonly contextKeys = new ContextKeys();
  readonly commands: CommandRegistry;
  readonly keybindings: KeybindingService;
  readonly statusBar = new StatusBarModel();
  readonly palette = new PaletteModel();

  constructor(
    private readonly ui: UiHost,
    reportError: (source: string, error: unknown) => void,
  ) {
    this.commands = new CommandRegistry(this.contextKeys, (id, error) => reportError(`command ${id}`, error));
    this.keybindings = new KeybindingService(this.commands, this.contextKeys);
    this.palette.session.subscribe((session) => this.contextKeys.set('paletteOpen', session !== undefined));
  }

  /** `frames`: the page's same-origin frames, where keybindings must work too (an editor in an iframe). */
  start(signal: AbortSignal, frames?: FrameWatcher): void {
    const listenKeys = (target: Window, until = signal) => {
      this.keybindings.listen(target, until, (event) => this.ui.contains(event));
      // The agent's Escape always closes the palette, even if focus has not reached it yet (or a page script moved it).
      listenAgent<KeyboardEvent>(
        target,
        'keydown',
        (event) => {
          if (event.key !== 'Escape' || !this.palette.isOpen || this.ui.contains(event)) return;
          event.preventDefault();
          event.stopImmediatePropagation();
          this.palette.close(undefined);
        },
        { capture: true, signal },
      );
    };
    listenKeys(window);
    frames?.each(signal, (_doc, view, attached) => listenKeys(view, attached));
    this.commands.register(
      {
        id: 'workbench.action.showCommands',
        title: 'Show all commands',
        category: 'Deskmate',
        when: '!paletteOpen',
        run: () => this.showCommands(),
      },
      signal,
    );
    this.ui.render(
      <>
        <StatusBar model={this.statusBar} run={(command) => void this.commands.execute(command)} />
        <Palette model={this.palette} />
      </>,
    );
  }

  /** The palette's command mode: every available command, with its keybinding. */
  async showCommands(): Promise<void> {
    const table = this.keybindings.table;
    const items: PickItem<string>[] = this.commands
      .available()
      .filter((command) => command.id !== 'workbench.action.showCommands')
      .map((command) => {
        const chord = chordForCommand(table, command.id);
        return {
          label: command.category ? `${command.category}: ${command.title}` : command.title,
          value: command.id,
          ...(chord ? { detail: formatChord(chord) } : {}),
        };
      })
      .sort((a, b) => a.label.localeCompare(b.label));
    const chosen = await this.palette.pick(items, 'Type a command');
    if (chosen) await this.commands.execute(chosen);
  }
}
