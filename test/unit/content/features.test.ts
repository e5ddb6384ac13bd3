// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import type { Feature } from '../../../src/content/features/feature.ts';
import { type FeatureEnvironment, FeatureRegistry } from '../../../src/content/features/registry.ts';
import { DomWatcher } from '../../../src/content/runtime/dom-watch.ts';
import type { TabContext } from '../../../src/messaging/protocol.ts';
import { Store } from '../../../src/ui/store.ts';

function environment(client: TabContext['client']): FeatureEnvironment {
  return {
    url: 'https://acme.zendesk.com/agent/tickets/1',
    site: { id: 'test', name: 'Test', matches: [], selectors: { ticketView: [] } },
    tab: new Store({ client } as TabContext),
  } as unknown as FeatureEnvironment;
}

const client = { id: 'acme', name: 'Acme', origin: 'local' as const };

/**
 * The agent's click: context.listen hears only the agent's events, and happy-dom does not mark any event trusted
 * (the browser does, with an unforgeable isTrusted), so the test marks it.
 */
function agentClick(): MouseEvent {
  const click = new MouseEvent('click', { bubbles: true });
  Object.defineProperty(click, 'isTrusted', { value: true });
  return click;
}

describe('the feature registry', () => {
  it('keeps going when a feature throws at start, and reports which one', async () => {
    const failures: string[] = [];
    const healthy = vi.fn();
    const registry = new FeatureRegistry(
      [
        {
          id: 'broken',
          start: () => {
            throw new Error('selector exploded');
          },
        },
        {
          id: 'broken-async',
          start: async () => {
            throw new Error('later');
          },
        },
        { id: 'healthy', start: healthy },
      ],
      (failure) => failures.push(`${failure.feature}: ${failure.message}`),
    );
    const started = await registry.startAll(environment(client), new AbortController().signal);
    expect(healthy).toHaveBeenCalledOnce();
    expect(started.sort()).toEqual(['broken', 'broken-async', 'healthy']);
    expect(failures.sort()).toEqual(['broken-async: later', 'broken: selector exploded']);
  });

  it('isolates errors thrown later in a listener added through context.listen', async () => {
    const failures: string[] = [];
    const feature: Feature = {
      id: 'clicky',
      start: ({ listen }) =>
        listen(document, 'click', () => {
          throw new Error('handler bug');
        }),
    };
    const registry = new FeatureRegistry([feature], (failure) => failures.push(failure.message));
    await registry.startAll(environment(client), new AbortController().signal);
    expect(() => document.body.dispatchEvent(agentClick())).not.toThrow();
    expect(failures).toEqual(['handler bug']);
  });

  it('runs client features only on pages that belong to a client, unless the feature says otherwise', async () => {
    const clientOnly = vi.fn();
    const everywhere = vi.fn();
    const registry = new FeatureRegistry(
      [
        { id: 'client-only', start: clientOnly },
        { id: 'everywhere', appliesTo: () => true, start: everywhere },
      ],
      () => {},
    );
    await registry.startAll(environment(null), new AbortController().signal);
    expect(clientOnly).not.toHaveBeenCalled();
    expect(everywhere).toHaveBeenCalledOnce();
  });

  it('gives each feature a signal that ends its listeners when the page ends', async () => {
    const clicks = vi.fn();
    const page = new AbortController();
    const registry = new FeatureRegistry(
      [{ id: 'f', start: ({ listen }) => listen(document, 'click', clicks) }],
      () => {},
    );
    await registry.startAll(environment(client), page.signal);
    document.body.dispatchEvent(agentClick());
    page.abort();
    document.body.dispatchEvent(agentClick());
    expect(clicks).toHaveBeenCalledOnce();
  });

  it('refuses two features with the same id', () => {
    const feature: Feature = { id: 'same', start: () => {} };
    expect(() => new FeatureRegistry([feature, feature], () => {})).toThrow(/registered twice/);
  });
});

describe('the shared DOM watcher', () => {
  it('resolves a wait when the element appears, and null when the page ends first', async () => {
    const extension = new AbortController();
    const dom = new DomWatcher(document, extension.signal);
    const page = new AbortController();
    const appeared = dom.waitFor(['[data-test-id="composer"]', '.composer'], page.signal);
    const never = dom.waitFor(['#never'], page.signal);
    const composer = document.createElement('div');
    composer.className = 'composer';
    document.body.append(composer);
    await expect(appeared).resolves.toBe(composer);
    page.abort();
    await expect(never).resolves.toBeNull();
    composer.remove();
    extension.abort();
  });
});
