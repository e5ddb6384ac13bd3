/**
 * The command palette: a keyboard-only list with a fuzzy filter, as in a code editor. It shows every command
 * available here with its keybinding, and doubles as a quick-pick (choose a client, an answer…) for commands
 * that need the agent to choose. Built as an ARIA combobox + listbox so screen readers announce the active
 * item, and it gives focus back to where the agent was (usually the reply composer) when it closes.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Store, useStore } from '../../ui/store.ts';
import { focusOurs } from './focus.ts';

export interface PickItem<T = unknown> {
  label: string;
  description?: string;
  /** Shown at the right (a keybinding, a shortcut). */
  detail?: string;
  value: T;
}

interface PaletteSession {
  placeholder: string;
  items: readonly PickItem[];
  resolve: (value: unknown) => void;
}

export class PaletteModel {
  readonly session = new Store<PaletteSession | undefined>(undefined);
  private returnFocus: HTMLElement | undefined;

  get isOpen(): boolean {
    return this.session.value !== undefined;
  }

  /** Shows the items and resolves with the chosen value, or undefined when the agent presses Escape. */
  pick<T>(items: readonly PickItem<T>[], placeholder: string): Promise<T | undefined> {
    this.session.value?.resolve(undefined);
    this.returnFocus = deepActiveElement();
    return new Promise<T | undefined>((resolve) => {
      this.session.set({ items, placeholder, resolve: resolve as (value: unknown) => void });
    });
  }

  close(value?: unknown): void {
    const session = this.session.value;
    if (!session) return;
    this.session.set(undefined);
    this.returnFocus?.focus({ preventScroll: true });
    this.returnFocus = undefined;
    session.resolve(value);
  }
}

/** The focused element, looking inside open shadow roots (the page's focus may sit in a web component). */
function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}

export interface Match {
  item: PickItem;
  indexes: readonly number[];
}

type FuzzyFilter = typeof import('./palette-filter.ts')['filter'];
/** The fuzzy filter, once loaded: it is a module of its own, loaded on demand (./palette-filter.ts). */
let fuzzy: FuzzyFilter | undefined;
let loading: Promise<FuzzyFilter> | undefined;
const loadFuzzy = () =>
  (loading ??= import('./palette-filter.ts').then((module) => {
    fuzzy = module.filter;
    return module.filter;
  }));

function filter(items: readonly PickItem[], query: string, fuzzyFilter: FuzzyFilter | undefined): Match[] {
  if (!query.trim()) return items.map((item) => ({ item, indexes: [] }));
  // A query typed in the moment before the filter has loaded gets its results as soon as it has.
  return fuzzyFilter ? fuzzyFilter(items, query) : [];
}

/** Splits `text` into runs of matched and unmatched characters, so the matched ones can be emphasised. */
export function highlightRuns(
  text: string,
  indexes: readonly number[],
): Array<{ text: string; matched: boolean; at: number }> {
  const marked = new Set(indexes);
  const runs: Array<{ text: string; matched: boolean; at: number }> = [];
  for (let index = 0; index < text.length; index++) {
    const matched = marked.has(index);
    const last = runs.at(-1);
    if (last && last.matched === matched) last.text += text[index];
    else runs.push({ text: text[index]!, matched, at: index });
  }
  return runs;
}

function Highlighted({ text, indexes }: { text: string; indexes: readonly number[] }) {
  return (
    <>
      {highlightRuns(text, indexes).map((run) =>
        run.matched ? <mark key={run.at}>{run.text}</mark> : run.text,
      )}
    </>
  );
}

export function Palette({ model }: { model: PaletteModel }) {
  const session = useStore(model.session);
  if (!session) return null;
  return <PaletteDialog model={model} session={session} />;
}

function PaletteDialog({ model, session }: { model: PaletteModel; session: PaletteSession }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const [fuzzyFilter, setFuzzyFilter] = useState(() => fuzzy);
  const matches = useMemo(
    () => filter(session.items, query, fuzzyFilter),
    [session.items, query, fuzzyFilter],
  );

  // Enter pressed on a query typed before the filter had loaded: the choice is made as soon as it has.
  const enterWhenLoaded = useRef(false);

  useEffect(() => {
    if (fuzzyFilter) return;
    // Only an extension reloaded or removed fails to load it, and then this palette is going away too.
    loadFuzzy().then(
      (loaded) => setFuzzyFilter(() => loaded),
      () => {},
    );
  }, [fuzzyFilter]);
  useEffect(() => {
    if (!fuzzyFilter || !enterWhenLoaded.current) return;
    enterWhenLoaded.current = false;
    const chosen = matches[active];
    if (chosen) model.close(chosen.item.value);
  }, [fuzzyFilter, matches, active, model]);

  // Focus before the browser paints: a key pressed as soon as the palette shows must land in it.
  useLayoutEffect(() => focusOurs(input.current), []);
  // Keep the active option in view as the agent moves through a long list.
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  });

  const onKeyDown = (event: KeyboardEvent) => {
    // Keys typed here are ours: the helpdesk's own shortcuts must not fire while the agent types in the palette.
    event.stopPropagation();
    const count = matches.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setActive((index) => (count ? (index + 1) % count : 0));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActive((index) => (count ? (index - 1 + count) % count : 0));
        break;
      case 'PageDown':
        event.preventDefault();
        setActive((index) => Math.min(count - 1, index + 8));
        break;
      case 'PageUp':
        event.preventDefault();
        setActive((index) => Math.max(0, index - 8));
        break;
      case 'Enter': {
        event.preventDefault();
        if (!fuzzyFilter && query.trim()) {
          enterWhenLoaded.current = true;
          break;
        }
        const chosen = matches[active];
        if (chosen) model.close(chosen.item.value);
        break;
      }
      case 'Escape':
        event.preventDefault();
        model.close(undefined);
        break;
      case 'Tab':
        // Focus stays in the palette while it is open (it is modal).
        event.preventDefault();
        break;
    }
  };

  const optionId = (index: number) => `dm-palette-option-${index}`;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop closes the palette on click, like a code editor's
    <div
      class="dm-palette-backdrop"
      onMouseDown={(event) => event.target === event.currentTarget && model.close(undefined)}
    >
      <div
        class="dm-palette"
        role="dialog"
        aria-modal="true"
        aria-label="Deskmate command palette"
        data-testid="deskmate-palette"
      >
        <input
          ref={input}
          class="dm-palette-input"
          type="text"
          role="combobox"
          aria-expanded="true"
          aria-controls="dm-palette-list"
          aria-autocomplete="list"
          aria-activedescendant={matches.length ? optionId(active) : undefined}
          placeholder={session.placeholder}
          value={query}
          onInput={(event) => {
            setQuery((event.target as HTMLInputElement).value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onKeyUp={(event) => event.stopPropagation()}
          onKeyPress={(event) => event.stopPropagation()}
          spellcheck={false}
          autocomplete="off"
        />
        <div ref={list} id="dm-palette-list" class="dm-palette-list" role="listbox" aria-label="Results">
          {matches.map((match, index) => (
            <div
              key={`${match.item.label}\u0000${match.item.description ?? ''}`}
              id={optionId(index)}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              class="dm-palette-option"
              onMouseMove={() => setActive(index)}
              onMouseDown={(event) => {
                event.preventDefault();
                model.close(match.item.value);
              }}
            >
              <span class="dm-palette-label">
                <Highlighted text={match.item.label} indexes={match.indexes} />
              </span>
              {match.item.description && <span class="dm-palette-description">{match.item.description}</span>}
              {match.item.detail && <kbd class="dm-palette-detail">{match.item.detail}</kbd>}
            </div>
          ))}
          {matches.length === 0 && (
            <div
              class="dm-palette-empty"
              role="option"
              tabIndex={-1}
              aria-selected="false"
              aria-disabled="true"
            >
              No matching results
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
