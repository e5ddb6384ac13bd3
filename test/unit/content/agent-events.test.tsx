// @vitest-environment happy-dom
/**
 * Page-made events never act for the agent (issue #12, finding 4). happy-dom does not model `isTrusted` (its events
 * have none, which Deskmate counts as page-made), so an event that stands for the agent's own input is marked
 * trusted here, as the browser marks it; every other event is what a page's script would dispatch. The same
 * behaviour in real browsers, with the built extension, is in test/e2e/page-events.e2e.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { insertAnswer } from '../../../src/content/answers/insert-answer.ts';
import type { Feature, FeatureContext } from '../../../src/content/features/feature.ts';
import { type FeatureEnvironment, FeatureRegistry } from '../../../src/content/features/registry.ts';
import { isAgentEvent, listenAgent } from '../../../src/content/runtime/agent-events.ts';
import { CommandRegistry } from '../../../src/content/workbench/commands.ts';
import { ContextKeys } from '../../../src/content/workbench/context-keys.ts';
import { KeybindingService } from '../../../src/content/workbench/keybindings.ts';
import { createUiHost, type UiHost } from '../../../src/content/workbench/ui-host.tsx';
import type { TabContext } from '../../../src/messaging/protocol.ts';
import { Store } from '../../../src/ui/store.ts';

/** The agent's own event, as the browser marks it (an own, unforgeable property in real browsers). */
function agent<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}
const key = (init: KeyboardEventInit) =>
  new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init });
const click = () => new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });

const ALT_SHIFT_C = { key: 'C', code: 'KeyC', altKey: true, shiftKey: true };

describe('isAgentEvent', () => {
  it('tells the agent’s events from a script’s, and counts an event without isTrusted as a script’s', () => {
    expect(isAgentEvent(agent(key({ key: 'F1' })))).toBe(true);
    expect(isAgentEvent(key({ key: 'F1' }))).toBe(false);
    const forged = new Event('click');
    // A page's script could not do this in a browser (isTrusted is unforgeable there); a plain object can lie.
    expect(isAgentEvent({ isTrusted: 'yes' } as unknown as Event)).toBe(false);
    expect(isAgentEvent(forged)).toBe(false);
  });

  it('listenAgent hears only the agent’s events', () => {
    const heard = vi.fn();
    const controller = new AbortController();
    listenAgent(document, 'keydown', heard, { signal: controller.signal });
    document.body.dispatchEvent(key({ key: 'Enter' }));
    expect(heard).not.toHaveBeenCalled();
    document.body.dispatchEvent(agent(key({ key: 'Enter' })));
    expect(heard).toHaveBeenCalledOnce();
    controller.abort();
  });
});

describe('keybindings', () => {
  let listening: AbortController;
  afterEach(() => listening.abort());
  function bound() {
    const keys = new ContextKeys();
    const commands = new CommandRegistry(keys, () => {});
    const run = vi.fn();
    commands.register({ id: 'deskmate.client.switch', title: 'Switch client…', run });
    const service = new KeybindingService(commands, keys);
    listening = new AbortController();
    service.listen(window, listening.signal, () => false);
    return { run };
  }

  it('runs no command for a key the page made (Alt+Shift+C would list the other clients)', () => {
    const { run } = bound();
    const made = key(ALT_SHIFT_C);
    document.body.dispatchEvent(made);
    expect(run).not.toHaveBeenCalled();
    // The page keeps its own key untouched, as if Deskmate were not there.
    expect(made.defaultPrevented).toBe(false);
  });

  it('runs the command for the agent’s key, and takes the key', () => {
    const { run } = bound();
    const pressed = agent(key(ALT_SHIFT_C));
    document.body.dispatchEvent(pressed);
    expect(run).toHaveBeenCalledOnce();
    expect(pressed.defaultPrevented).toBe(true);
  });
});

describe('an inserted answer’s tab stops', () => {
  it('move on the agent’s Tab only, never on a Tab the page made', async () => {
    document.body.innerHTML = '<textarea id="reply"></textarea>';
    const reply = document.querySelector<HTMLTextAreaElement>('#reply')!;
    reply.focus();
    const session = new AbortController();
    const text = 'Hello NAME, order ORDER.';
    const inserted = await insertAnswer(
      reply,
      {
        text,
        tabStops: [
          { index: 1, ranges: [{ start: 6, end: 10 }] },
          { index: 2, ranges: [{ start: 18, end: 23 }] },
        ],
        finalCursor: text.length,
      },
      { signal: session.signal },
    );
    expect(inserted.result.ok).toBe(true);
    const selected = () => reply.value.slice(reply.selectionStart, reply.selectionEnd);
    expect(selected()).toBe('NAME');
    const made = key({ key: 'Tab', code: 'Tab' });
    reply.dispatchEvent(made);
    expect(made.defaultPrevented).toBe(false);
    expect(selected()).toBe('NAME');
    reply.dispatchEvent(agent(key({ key: 'Tab', code: 'Tab' })));
    expect(selected()).toBe('ORDER');
    session.abort();
    document.body.innerHTML = '';
  });
});

describe('context.listen', () => {
  const environment = {
    url: 'https://acme.zendesk.com/agent/tickets/1',
    site: { id: 'test', name: 'Test', matches: [], selectors: { ticketView: [] } },
    tab: new Store({ client: { id: 'acme', name: 'Acme', origin: 'local' } } as TabContext),
  } as unknown as FeatureEnvironment;

  async function start(use: (listen: FeatureContext['listen']) => void) {
    const feature: Feature = { id: 'listener', start: ({ listen }) => use(listen) };
    const page = new AbortController();
    await new FeatureRegistry([feature], () => {}).startAll(environment, page.signal);
    return () => page.abort();
  }

  it('hears only the agent’s events by default', async () => {
    const heard = vi.fn();
    const stop = await start((listen) => listen(document, 'keydown', heard, { capture: true }));
    document.body.dispatchEvent(key({ key: 'Enter' }));
    document.body.dispatchEvent(click());
    expect(heard).not.toHaveBeenCalled();
    document.body.dispatchEvent(agent(key({ key: 'Enter' })));
    expect(heard).toHaveBeenCalledOnce();
    stop();
  });

  it('hears the page’s events too only when a listener says why', async () => {
    const heard = vi.fn();
    const stop = await start((listen) =>
      listen(document, 'input', heard, { capture: true, pageEvents: 'a rescan after any edit' }),
    );
    document.body.dispatchEvent(new Event('input', { bubbles: true }));
    document.body.dispatchEvent(agent(new Event('input', { bubbles: true })));
    expect(heard).toHaveBeenCalledTimes(2);
    stop();
  });
});

describe('our UI in its closed shadow root', () => {
  let ui: UiHost | undefined;
  afterEach(() => {
    ui?.dispose();
    ui = undefined;
  });

  function mount() {
    ui = createUiHost();
    const clicked = vi.fn();
    const submitted = vi.fn();
    const typed = vi.fn();
    act(() =>
      ui!.render(
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submitted();
          }}
        >
          <input data-testid="field" onKeyDown={typed} />
          <button type="button" data-testid="fix" onClick={clicked}>
            Mask
          </button>
          <button type="submit" data-testid="send">
            Send anyway
          </button>
        </form>,
      ),
    );
    const find = (id: string) => ui!.shadow.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;
    return { clicked, submitted, typed, find };
  }

  it('is out of the page’s reach: no shadowRoot, and events dispatched at the host never reach inside', () => {
    const { clicked, typed } = mount();
    const host = document.getElementById('deskmate-root')!;
    expect(host.shadowRoot).toBeNull();
    host.dispatchEvent(click());
    host.dispatchEvent(key({ key: 'Enter' }));
    // Even the agent's events aimed at the host (a retargeted event seen from the page) are not ours to act on.
    host.dispatchEvent(agent(click()));
    expect(clicked).not.toHaveBeenCalled();
    expect(typed).not.toHaveBeenCalled();
  });

  it('refuses input events a script made inside it, before any handler, and cancels their default', () => {
    const { clicked, submitted, typed, find } = mount();
    const made = click();
    find('fix').dispatchEvent(made);
    expect(clicked).not.toHaveBeenCalled();
    expect(made.defaultPrevented).toBe(true);
    find('field').dispatchEvent(key({ key: 'Enter' }));
    expect(typed).not.toHaveBeenCalled();
    find('send').dispatchEvent(click());
    expect(submitted).not.toHaveBeenCalled();
  });

  it('takes the agent’s own events as before', () => {
    const { clicked, typed, find } = mount();
    find('fix').dispatchEvent(agent(click()));
    expect(clicked).toHaveBeenCalledOnce();
    find('field').dispatchEvent(agent(key({ key: 'Enter' })));
    expect(typed).toHaveBeenCalledOnce();
  });
});

/**
 * So that a future listener cannot forget: every listener in the content script goes through `context.listen`
 * (the agent's events only, unless it says why) or `listenAgent`. The few that must hear the page too add theirs
 * directly, each with its reason here; a new direct `addEventListener` fails this test until it is one of them.
 */
describe('every listener in the content script', () => {
  const ROOT = join(import.meta.dirname, '../../../src/content');
  const DIRECT: Record<string, { count: number; why: string }> = {
    'guard/send-guard.ts': { count: 3, why: 'the page’s own sends are checked like the agent’s' },
    'guard/hold.ts': { count: 1, why: 'the page’s own sends are held like the agent’s' },
    'runtime/early-hold.ts': {
      count: 1,
      why: 'the loader holds the page’s own sends too, like guard/hold.ts',
    },
    'guard/session.ts': {
      count: 2,
      why: 'the dialog’s Escape, which checks isAgentEvent itself; the “Forget” command’s own event, not input',
    },
    'guard/paste-guard.ts': {
      count: 2,
      why: 'checks isAgentEvent itself; the page shown again only asks the worker for the customer memory',
    },
    'guard/guard-view.ts': { count: 3, why: 'a rescan or a new position only, never an action' },
    'features/data-guard.ts': { count: 3, why: 'starting the guard only ever checks more' },
    'runtime/frame-watch.ts': {
      count: 3,
      why: 'looking for frames again (a frame loaded, focus moved); our own probe of a frame document',
    },
    'workbench/ui-host.tsx': { count: 1, why: 'keys typed in our UI stop at its root, whoever made them' },
    'runtime/lifecycle.ts': { count: 3, why: 'navigation, not input' },
    'runtime/agent-events.ts': { count: 2, why: 'the helpers themselves' },
    'features/registry.ts': { count: 1, why: 'context.listen itself, which applies isAgentEvent' },
    'picker/picker.ts': {
      count: 2,
      why: 'the element picker Options › Sites runs in a tab (no content script of its own): checks isTrusted itself',
    },
  };

  function* sources(dir: string): Generator<string> {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* sources(path);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield path;
    }
  }

  it('hears only the agent’s events, or says why it must hear the page’s', () => {
    const found: Record<string, number> = {};
    for (const path of sources(ROOT)) {
      // Abort signals are not input.
      const calls = readFileSync(path, 'utf8').match(/\.addEventListener\((?!\s*'abort')/g) ?? [];
      if (calls.length > 0) found[relative(ROOT, path)] = calls.length;
    }
    const expected = Object.fromEntries(Object.entries(DIRECT).map(([file, { count }]) => [file, count]));
    expect(found).toEqual(expected);
  });
});
