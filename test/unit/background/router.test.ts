import { describe, expect, it, vi } from 'vitest';
import { navigationHandlers } from '../../../src/background/handlers/navigation.ts';
import { createRouter, type Handlers } from '../../../src/background/router.ts';
import type { Services } from '../../../src/background/services.ts';

const options = { extensionId: 'ours', extensionOrigin: 'chrome-extension://ours/' };
const contentSender = {
  id: 'ours',
  url: 'https://acme.zendesk.com/agent/tickets/1',
  tab: { id: 7, url: 'https://acme.zendesk.com/agent/tickets/1' },
};
const pageSender = { id: 'ours', url: 'chrome-extension://ours/src/options/index.html' };

function setup() {
  const seen = vi.fn(async () => ({ firstSeenAt: 1, visits: 1 }));
  const write = vi.fn(async () => ({ written: true as const }));
  const handlers = { 'ticket.seen': seen, 'settings.write': write } as unknown as Handlers;
  return { route: createRouter(handlers, { ...options, onError: () => {} }), seen, write };
}

describe('the worker message router', () => {
  it('runs the handler for a valid message from an allowed sender, with the sender facts', async () => {
    const { route, seen } = setup();
    const reply = await route(
      { channel: 'deskmate', type: 'ticket.seen', payload: { site: 'zendesk', ticketId: '1' } },
      contentSender,
    );
    expect(reply).toEqual({ ok: true, value: { firstSeenAt: 1, visits: 1 } });
    expect(seen).toHaveBeenCalledWith(
      { site: 'zendesk', ticketId: '1' },
      expect.objectContaining({
        kind: 'content',
        tabId: 7,
        pageUrl: 'https://acme.zendesk.com/agent/tickets/1',
      }),
    );
  });

  it.each([
    [null, 'not a Deskmate message'],
    [{ type: 'ticket.seen' }, 'not a Deskmate message'],
    [{ channel: 'deskmate', type: '__proto__' }, 'unknown message type "__proto__"'],
    [{ channel: 'deskmate', type: 'toString' }, 'unknown message type "toString"'],
  ])('refuses %j: %s', async (message, error) => {
    const { route, seen } = setup();
    expect(await route(message, contentSender)).toEqual({ ok: false, error });
    expect(seen).not.toHaveBeenCalled();
  });

  it('refuses another extension and unknown senders', async () => {
    const { route, seen } = setup();
    const message = { channel: 'deskmate', type: 'ticket.seen', payload: { site: 'z', ticketId: '1' } };
    expect(await route(message, { ...contentSender, id: 'someone-else' })).toEqual({
      ok: false,
      error: 'ticket.seen: refused: the sender is not part of Deskmate',
    });
    expect(await route(message, { id: 'ours' })).toMatchObject({ ok: false });
    expect(seen).not.toHaveBeenCalled();
  });

  it('refuses messages from the wrong kind of sender', async () => {
    const { route, write } = setup();
    const reply = await route(
      { channel: 'deskmate', type: 'ticket.seen', payload: { site: 'z', ticketId: '1' } },
      pageSender,
    );
    expect(reply).toEqual({ ok: false, error: 'ticket.seen: refused: not accepted from a Deskmate page' });
    expect(write).not.toHaveBeenCalled();
  });

  it('names the path of each payload error', async () => {
    const { route, write } = setup();
    const reply = (await route(
      { channel: 'deskmate', type: 'settings.write', payload: { layer: 'root', key: '' } },
      pageSender,
    )) as { ok: false; error: string };
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatch(/^settings.write: invalid payload: /);
    expect(reply.error).toContain('/layer:');
    expect(reply.error).toContain('/key:');
    expect(write).not.toHaveBeenCalled();
  });

  it('reports a failing handler as an error reply instead of throwing', async () => {
    const handlers = {
      'ticket.seen': async () => {
        throw new Error('database closed');
      },
    } as unknown as Handlers;
    const onError = vi.fn();
    const route = createRouter(handlers, { ...options, onError });
    const reply = await route(
      { channel: 'deskmate', type: 'ticket.seen', payload: { site: 'z', ticketId: '1' } },
      contentSender,
    );
    expect(reply).toEqual({ ok: false, error: 'ticket.seen: database closed' });
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('lazy.load: the content script’s on-demand bundles, run by the worker (nothing is web-accessible)', () => {
  function lazySetup() {
    const injectIntoFrame = vi.fn(async () => {});
    const handlers = navigationHandlers({ injectIntoFrame } as unknown as Services) as unknown as Handlers;
    return { route: createRouter(handlers, { ...options, onError: () => {} }), injectIntoFrame };
  }

  it('runs the named bundle in the asking frame of the asking tab only', async () => {
    const { route, injectIntoFrame } = lazySetup();
    const reply = await route(
      { channel: 'deskmate', type: 'lazy.load', payload: { bundle: 'guard' } },
      { ...contentSender, frameId: 3 },
    );
    expect(reply).toEqual({ ok: true, value: { loaded: true } });
    expect(injectIntoFrame).toHaveBeenCalledWith({ tabId: 7, frameId: 3 }, 'content/lazy/guard.js');
  });

  it('refuses a file outside the bundle list, and a sender that is not a content script', async () => {
    const { route, injectIntoFrame } = lazySetup();
    for (const bundle of ['../background/index', 'guard.js', 'session', '__proto__']) {
      const reply = await route(
        { channel: 'deskmate', type: 'lazy.load', payload: { bundle } },
        contentSender,
      );
      expect(reply).toMatchObject({ ok: false });
    }
    expect(
      await route({ channel: 'deskmate', type: 'lazy.load', payload: { bundle: 'guard' } }, pageSender),
    ).toMatchObject({ ok: false });
    expect(injectIntoFrame).not.toHaveBeenCalled();
  });
});
