/**
 * The command registry: the one way to act. The palette, keybindings, status-bar clicks and quick fixes all
 * run commands by id. Ids are unique (a second registration of the same id is a programming error and throws),
 * and a command registered with a signal disappears when the signal aborts (SPA navigation, extension reload).
 */
import { parseWhen, type WhenPredicate } from '../../core/workbench/when.ts';
import { Store } from '../../ui/store.ts';
import type { ContextKeys } from './context-keys.ts';

export interface CommandSpec {
  /** Dotted, namespaced id, e.g. `deskmate.client.switch`. */
  id: string;
  /** What the palette shows, e.g. "Switch client…". */
  title: string;
  /** Groups commands in the palette ("Deskmate: Switch client…"). */
  category?: string;
  /** When-clause deciding whether the command is available now; absent means always. */
  when?: string;
  run(args?: unknown): unknown;
}

interface RegisteredCommand extends CommandSpec {
  enabled: WhenPredicate;
}

export class DuplicateCommandError extends Error {}

export class CommandRegistry {
  private readonly commands = new Map<string, RegisteredCommand>();
  /** Changes whenever a command is added or removed. */
  readonly version = new Store(0);

  constructor(
    private readonly contextKeys: ContextKeys,
    private readonly onError: (id: string, error: unknown) => void,
  ) {}

  register(spec: CommandSpec, signal?: AbortSignal): () => void {
    if (this.commands.has(spec.id))
      throw new DuplicateCommandError(`command "${spec.id}" is already registered`);
    this.commands.set(spec.id, { ...spec, enabled: parseWhen(spec.when ?? '') });
    this.version.update((n) => n + 1);
    const dispose = () => {
      if (this.commands.get(spec.id)?.run === spec.run) {
        this.commands.delete(spec.id);
        this.version.update((n) => n + 1);
      }
    };
    signal?.addEventListener('abort', dispose, { once: true });
    return dispose;
  }

  has(id: string): boolean {
    return this.commands.has(id);
  }

  get(id: string): CommandSpec | undefined {
    return this.commands.get(id);
  }

  isEnabled(id: string): boolean {
    const command = this.commands.get(id);
    return command?.enabled(this.contextKeys.lookup) ?? false;
  }

  /** Commands available now, for the palette. */
  available(): CommandSpec[] {
    return [...this.commands.values()].filter((command) => command.enabled(this.contextKeys.lookup));
  }

  /**
   * Runs a command. Returns false when it does not exist or is not available here; a command that throws is
   * reported, never rethrown into the page's event handlers.
   */
  async execute(id: string, args?: unknown): Promise<boolean> {
    const command = this.commands.get(id);
    if (!command?.enabled(this.contextKeys.lookup)) return false;
    try {
      await command.run(args);
    } catch (error) {
      this.onError(id, error);
    }
    return true;
  }
}
