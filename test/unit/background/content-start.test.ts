/**
 * `content.start`: the content script's loader asks whether Deskmate runs on its page; the worker runs the main
 * bundle in the asking frame first, then answers with the tab's context — or answers "not started" and runs nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import { contextHandlers } from '../../../src/background/handlers/context.ts';
import { createRouter, type Handlers } from '../../../src/background/router.ts';
import type { Services } from '../../../src/background/services.ts';
import { defaultValues } from '../../../src/core/settings/definitions.ts';
import { MAIN_BUNDLE_FILE } from '../../../src/messaging/lazy.ts';
import type { TabContext } from '../../../src/messaging/protocol.ts';

const options = { extensionId: 'ours', extensionOrigin: 'chrome-extension://ours/', onError: () => {} };
const url = 'https://acme.zendesk.com/agent/tickets/1';
const contentSender = { id: 'ours', url, tab: { id: 7, url }, frameId: 2 };
const pageSender = { id: 'ours', url: 'chrome-extension://ours/src/options/index.html' };
const client = { id: 'acme', name: 'Acme', origin: 'agent' } as unknown as TabContext['client'];

function setup(context: Partial<TabContext>) {
  const order: string[] = [];
  const injectIntoFrame = vi.fn(async () => {
    order.push('inject');
  });
  const contextFor = vi.fn(async (tabId: number | null, pageUrl: string | null) => ({
    tabId,
    url: pageUrl,
    client: null,
    clientSource: 'none' as const,
    settings: defaultValues(),
    origins: {} as TabContext['origins'],
    ...context,
  }));
  const services = { injectIntoFrame, settings: { contextFor } } as unknown as Services;
  const route = createRouter(contextHandlers(services) as unknown as Handlers, options);
  const start = async (sender: object = contentSender) => {
    const reply = await route({ channel: 'deskmate', type: 'content.start', payload: {} }, sender);
    order.push('answer');
    return reply;
  };
  return { start, injectIntoFrame, contextFor, order };
}

describe('content.start: the loader asks whether Deskmate runs on its page', () => {
  it('runs the main bundle in the asking frame, then answers with the context for the sender’s tab', async () => {
    const { start, injectIntoFrame, contextFor, order } = setup({ client });
    const reply = await start();
    expect(contextFor).toHaveBeenCalledWith(7, url);
    expect(injectIntoFrame).toHaveBeenCalledExactlyOnceWith({ tabId: 7, frameId: 2 }, MAIN_BUNDLE_FILE);
    expect(reply).toMatchObject({ ok: true, value: { started: true, context: { tabId: 7, client } } });
    // The bundle is there (and waiting) before the loader has the answer to hand it.
    expect(order).toEqual(['inject', 'answer']);
  });

  it('runs nothing when Deskmate is turned off', async () => {
    const { start, injectIntoFrame } = setup({ client, settings: { ...defaultValues(), enabled: false } });
    expect(await start()).toEqual({ ok: true, value: { started: false } });
    expect(injectIntoFrame).not.toHaveBeenCalled();
  });

  it('still runs on a paste site when turned off: the paste guard is the client’s policy', async () => {
    const { start, injectIntoFrame } = setup({
      settings: { ...defaultValues(), enabled: false },
      pasteGuard: { client: client!, policy: { version: 1, types: {} } as never },
    });
    expect(await start()).toMatchObject({ ok: true, value: { started: true } });
    expect(injectIntoFrame).toHaveBeenCalledOnce();
  });

  it('is refused from a Deskmate page, and says so when the bundle cannot be run', async () => {
    const refused = setup({ client });
    expect(await refused.start(pageSender)).toMatchObject({ ok: false });
    expect(refused.injectIntoFrame).not.toHaveBeenCalled();

    const failing = setup({ client });
    failing.injectIntoFrame.mockRejectedValueOnce(new Error('Frame with ID 2 was removed.'));
    expect(await failing.start()).toEqual({
      ok: false,
      error: 'content.start: Frame with ID 2 was removed.',
    });
  });
});
