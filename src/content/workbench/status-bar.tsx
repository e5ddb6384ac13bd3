/**
 * The status bar: a thin strip at the bottom of the helpdesk page, like a code editor's. Features contribute
 * items (the client, problem counts, SLA clocks); clicking an item runs its command.
 */
import { Store, useStore } from '../../ui/store.ts';

export type Severity = 'ok' | 'info' | 'warning' | 'error';

export interface StatusItem {
  id: string;
  text: string;
  tooltip?: string;
  /** Command run on click. */
  command?: string;
  alignment?: 'left' | 'right';
  /** Higher comes first within its side. */
  priority?: number;
  severity?: Severity;
  /** A colour swatch before the text (the client's colour). */
  swatch?: string;
  /**
   * Read out by screen readers when it changes (a live region): the data guard's problem count, an SLA target
   * in warning or breached. Only while its severity is not `ok`.
   */
  announce?: boolean;
}

export class StatusBarModel {
  readonly items = new Store<readonly StatusItem[]>([]);
  readonly visible = new Store(true);

  /** Adds or replaces an item; it is removed when the signal aborts. */
  set(item: StatusItem, signal?: AbortSignal): void {
    this.items.update((items) => [...items.filter((existing) => existing.id !== item.id), item]);
    signal?.addEventListener('abort', () => this.remove(item.id), { once: true });
  }

  remove(id: string): void {
    this.items.update((items) => items.filter((item) => item.id !== id));
  }
}

function byPriority(a: StatusItem, b: StatusItem): number {
  return (b.priority ?? 0) - (a.priority ?? 0);
}

export function StatusBar(props: { model: StatusBarModel; run: (command: string) => void }) {
  const items = useStore(props.model.items);
  const visible = useStore(props.model.visible);
  if (!visible) return null;
  const side = (alignment: 'left' | 'right') =>
    items
      .filter((item) => (item.alignment ?? 'left') === alignment)
      .sort(byPriority)
      .map((item) => <StatusEntry key={item.id} item={item} run={props.run} />);
  // One polite live region for what changed and matters, so a screen reader hears "⚠ 1 problem" as it appears.
  const announced = items
    .filter((item) => item.announce && (item.severity ?? 'ok') !== 'ok')
    .sort(byPriority)
    .map((item) => (item.tooltip ? `${item.text}: ${item.tooltip}` : item.text))
    .join('. ');
  return (
    <section class="dm-statusbar" aria-label="Deskmate status bar" data-testid="deskmate-statusbar">
      <div class="dm-statusbar-side">{side('left')}</div>
      <div class="dm-statusbar-side">{side('right')}</div>
      <div class="dm-sr-only" role="status" aria-live="polite" data-testid="status-announcer">
        {announced}
      </div>
    </section>
  );
}

function StatusEntry({ item, run }: { item: StatusItem; run: (command: string) => void }) {
  const content = (
    <>
      {item.swatch && <span class="dm-swatch" style={{ background: item.swatch }} aria-hidden="true" />}
      {item.text}
    </>
  );
  const className = `dm-status-item dm-${item.severity ?? 'ok'}`;
  // A tooltip is not read out (SLA details, the ticket's subject): it is part of the item's accessible name.
  const label = item.tooltip ? `${item.text}. ${item.tooltip}` : undefined;
  if (!item.command) {
    return (
      <span class={className} title={item.tooltip} role="note" aria-label={label} data-status-id={item.id}>
        {content}
      </span>
    );
  }
  const command = item.command;
  return (
    <button
      type="button"
      class={className}
      title={item.tooltip}
      aria-label={label}
      data-status-id={item.id}
      onClick={() => run(command)}
    >
      {content}
    </button>
  );
}
