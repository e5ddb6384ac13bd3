// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommandRegistry, DuplicateCommandError } from '../../../src/content/workbench/commands.ts';
import { ContextKeys } from '../../../src/content/workbench/context-keys.ts';
import { highlightRuns, Palette, PaletteModel } from '../../../src/content/workbench/palette.tsx';
import { StatusBar, StatusBarModel } from '../../../src/content/workbench/status-bar.tsx';

describe('the command registry', () => {
  it('rejects a second command with the same id', () => {
    const registry = new CommandRegistry(new ContextKeys(), () => {});
    registry.register({ id: 'a.b', title: 'One', run: () => {} });
    expect(() => registry.register({ id: 'a.b', title: 'Two', run: () => {} })).toThrow(
      DuplicateCommandError,
    );
  });

  it('offers and runs a command only where its when-clause holds', async () => {
    const keys = new ContextKeys();
    const registry = new CommandRegistry(keys, () => {});
    const run = vi.fn();
    registry.register({ id: 'ticket.only', title: 'Ticket only', when: 'ticket', run });
    expect(registry.available().map((c) => c.id)).toEqual([]);
    expect(await registry.execute('ticket.only')).toBe(false);
    keys.set('ticket', true);
    expect(registry.available().map((c) => c.id)).toEqual(['ticket.only']);
    expect(await registry.execute('ticket.only', 42)).toBe(true);
    expect(run).toHaveBeenCalledWith(42);
  });

  it('removes commands and context keys when their signal aborts', () => {
    const keys = new ContextKeys();
    const registry = new CommandRegistry(keys, () => {});
    const page = new AbortController();
    registry.register({ id: 'x', title: 'X', run: () => {} }, page.signal);
    keys.set('ticket', true, page.signal);
    page.abort();
    expect(registry.has('x')).toBe(false);
    expect(keys.lookup('ticket')).toBeUndefined();
    // The id is free again for the next page.
    registry.register({ id: 'x', title: 'X', run: () => {} });
  });

  it('reports a command that throws instead of throwing into the page', async () => {
    const onError = vi.fn();
    const registry = new CommandRegistry(new ContextKeys(), onError);
    registry.register({ id: 'boom', title: 'Boom', run: () => Promise.reject(new Error('kaput')) });
    await expect(registry.execute('boom')).resolves.toBe(true);
    expect(onError).toHaveBeenCalledWith('boom', expect.objectContaining({ message: 'kaput' }));
  });
});

describe('the command palette', () => {
  let container: HTMLElement;
  afterEach(() => {
    render(null, container);
    container.remove();
  });

  function mount(model: PaletteModel) {
    container = document.createElement('div');
    document.body.append(container);
    act(() => render(<Palette model={model} />, container));
  }
  const input = () => container.querySelector('input')!;
  const options = () => [...container.querySelectorAll('[role="option"]')].map((o) => o.textContent);
  const press = (key: string) =>
    act(() => void input().dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true })));
  const type = (text: string) =>
    act(() => {
      input().value = text;
      input().dispatchEvent(new Event('input', { bubbles: true }));
    });

  const items = [
    { label: 'Switch client…', value: 'switch' },
    { label: 'Open side panel', value: 'panel' },
    { label: 'Toggle status bar', value: 'status' },
  ];

  // First of the palette tests: the fuzzy filter is loaded by the first palette that opens, so only here is it not
  // loaded yet when the agent types.
  it('picks the best match for a query typed and sent before the fuzzy filter has loaded', async () => {
    const model = new PaletteModel();
    const picked = model.pick(items, 'Type a command');
    mount(model);
    type('stbar');
    press('Enter');
    await expect(picked).resolves.toBe('status');
    expect(model.isOpen).toBe(false);
  });

  it('is an accessible combobox that filters fuzzily and picks with the keyboard', async () => {
    const model = new PaletteModel();
    const picked = model.pick(items, 'Type a command');
    mount(model);
    expect(container.querySelector('[role="dialog"]')?.getAttribute('aria-modal')).toBe('true');
    expect(input().getAttribute('role')).toBe('combobox');
    expect(document.activeElement).toBe(input());
    expect(options()).toHaveLength(3);

    type('stbar');
    // The fuzzy filter is loaded on demand when the palette opens: its results follow as soon as it has.
    await vi.waitFor(() => expect(options()).toEqual(['Toggle status bar']));
    type('');
    press('ArrowDown');
    press('ArrowDown');
    press('ArrowDown'); // wraps to the first
    press('ArrowDown');
    expect(input().getAttribute('aria-activedescendant')).toBe('dm-palette-option-1');
    expect(container.querySelector('[aria-selected="true"]')?.textContent).toBe('Open side panel');
    press('Enter');
    await expect(picked).resolves.toBe('panel');
    expect(model.isOpen).toBe(false);
  });

  it('resolves undefined on Escape and gives focus back', async () => {
    const composer = document.createElement('textarea');
    document.body.append(composer);
    composer.focus();
    const model = new PaletteModel();
    const picked = model.pick(items, 'Type a command');
    mount(model);
    expect(document.activeElement).toBe(input());
    press('Escape');
    await expect(picked).resolves.toBeUndefined();
    expect(document.activeElement).toBe(composer);
    composer.remove();
  });

  it('says so when nothing matches', () => {
    const model = new PaletteModel();
    void model.pick(items, 'Type a command');
    mount(model);
    type('zzzz');
    expect(options()).toEqual(['No matching results']);
  });

  it('highlights the matched characters in runs', () => {
    expect(highlightRuns('status', [0, 1, 4])).toEqual([
      { text: 'st', matched: true, at: 0 },
      { text: 'at', matched: false, at: 2 },
      { text: 'u', matched: true, at: 4 },
      { text: 's', matched: false, at: 5 },
    ]);
  });
});

describe('the status bar', () => {
  it('orders items by side and priority, runs an item command on click, and drops items with their signal', () => {
    const model = new StatusBarModel();
    const run = vi.fn();
    const container = document.createElement('div');
    document.body.append(container);
    act(() => render(<StatusBar model={model} run={run} />, container));
    const page = new AbortController();
    act(() => {
      model.set({ id: 'ticket', text: '#1042', priority: 90 }, page.signal);
      model.set({ id: 'client', text: 'Acme', priority: 100, command: 'deskmate.client.switch' });
      model.set({ id: 'sla', text: '1h 20m', alignment: 'right', severity: 'warning' });
    });
    const sides = [...container.querySelectorAll('.dm-statusbar-side')].map((side) => side.textContent);
    expect(sides).toEqual(['Acme#1042', '1h 20m']);
    act(() => (container.querySelector('[data-status-id="client"]') as HTMLButtonElement).click());
    expect(run).toHaveBeenCalledWith('deskmate.client.switch');
    act(() => page.abort());
    expect(container.textContent).toBe('Acme1h 20m');
    act(() => model.visible.set(false));
    expect(container.textContent).toBe('');
    render(null, container);
    container.remove();
  });
});
