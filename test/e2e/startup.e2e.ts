/**
 * How Deskmate starts on a page, in Chromium on the demo helpdesk: the content script every matched page runs is a
 * small loader; the worker runs the main bundle only where Deskmate is on. A reply sent at the loader's very first
 * moment, before the main bundle is there, is held and checked by the data guard like any other; where Deskmate is
 * off, the main bundle never runs and a send goes out as the page meant it to.
 */
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoEnvironment, sendFromPage, startDemoEnvironment, waitForDeskmate } from './support/env.ts';
import { deskmateElements, eventually } from './support/shadow.ts';

const CARD = '4111 1111 1111 1111';

let env: DemoEnvironment;
let extensionPage: Page;

beforeAll(async () => {
  env = await startDemoEnvironment({ privateCopy: true });
  extensionPage = await env.browser.context.newPage();
  await extensionPage.goto(env.extensionUrl('src/options/index.html'));
  const reply = (await sendFromPage(extensionPage, {
    channel: 'deskmate',
    type: 'settings.write',
    payload: {
      layer: 'qaLead',
      clientId: 'northwind',
      key: 'guard.policy',
      value: { version: 1, types: { CREDIT_CARD: { action: 'block', override: 'never' } } },
    },
  })) as { ok: boolean };
  expect(reply.ok).toBe(true);
});
afterAll(async () => {
  await env?.close();
});

async function setEnabled(value: boolean): Promise<void> {
  const reply = (await sendFromPage(extensionPage, {
    channel: 'deskmate',
    type: 'settings.write',
    payload: { layer: 'agent', key: 'enabled', value },
  })) as { ok: boolean };
  expect(reply.ok).toBe(true);
}

const messages = (page: Page) => page.locator('[data-demo="conversation"] [data-demo="message"]');

/** The Deskmate scripts Chromium compiles in the page (the loader, the main bundle, on-demand bundles). */
function scriptsParsed(cdp: CDPSession): string[] {
  const urls: string[] = [];
  cdp.on('Debugger.scriptParsed', ({ url }) => {
    if (url.startsWith('chrome-extension://')) urls.push(new URL(url).pathname);
  });
  return urls;
}

/**
 * Opens the ticket and, the moment Deskmate's content-script world is created in it (the loader runs in that very
 * task), has the page's own script put a card number in the reply and submit it. Returns whether the main bundle had
 * started by then, the messages the conversation had before, and the scripts Deskmate ran in the page.
 */
async function sendAtLoad(ticket: number) {
  const page = await env.browser.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Runtime.enable');
  await cdp.send('Debugger.enable');
  const scripts = scriptsParsed(cdp);
  const loaderRuns = new Promise<void>((resolve) =>
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.auxData?.type === 'isolated' && context.origin.includes(env.browser.extensionId!))
        resolve();
    }),
  );
  await page.goto(`${env.demo.origin}/agent/tickets/${ticket}`, { waitUntil: 'commit' });
  await loaderRuns;
  const sent = await page.evaluate(async (card) => {
    // The demo mounts its editor in an effect: wait for it (in the page, a few milliseconds at most).
    while (!window.demoEditor) await new Promise((resolve) => setTimeout(resolve, 1));
    const before = document.querySelectorAll('[data-demo="conversation"] [data-demo="message"]').length;
    const started = document.getElementById('deskmate-root') !== null;
    const view = window.demoEditor.view;
    view.dispatch(view.state.tr.insertText(`Card ${card} on file.`));
    document.querySelector<HTMLFormElement>('form[data-demo="reply-form"]')!.requestSubmit();
    return { before, started };
  }, CARD);
  return { page, cdp, scripts, ...sent };
}

const dialog = async (page: Page) => (await deskmateElements(page, 'data-testid', 'guard-dialog'))[0];

describe('Deskmate’s start on a page', () => {
  it('holds a reply sent at the loader’s first moment, before the main bundle is there, and the guard blocks it', async () => {
    const { page, cdp, scripts, before, started } = await sendAtLoad(1042);
    // The send really came before Deskmate had started on the page.
    expect(started).toBe(false);
    const shown = await eventually(
      () => dialog(page),
      (found) => Boolean(found),
      'the data guard dialog',
    );
    expect(shown?.attributes['data-verdict']).toBe('block');
    expect(shown?.text).toContain('CREDIT_CARD');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(await messages(page).count()).toBe(before);
    expect(await page.evaluate(() => window.demoEditor?.getText() ?? '')).toContain(CARD);
    // The loader, then the main bundle the worker ran, then the guard's bundle it loaded on demand.
    expect(scripts.slice(0, 2)).toEqual(['/content/deskmate.js', '/content/main.js']);
    expect(scripts).toContain('/content/lazy/guard.js');
    await cdp.detach();
    await page.close();
  });

  it('runs only the loader where Deskmate is off: no UI, no main bundle, and a send is not held back', async () => {
    await setEnabled(false);
    try {
      const { page, cdp, scripts, before } = await sendAtLoad(1043);
      await eventually(
        () => messages(page).count(),
        (count) => count === before + 1,
        'the reply to be sent',
      );
      await page.waitForTimeout(1_000);
      expect(await page.locator('#deskmate-root').count()).toBe(0);
      expect(scripts).toEqual(['/content/deskmate.js']);

      // Turned on again: the loader asks again and the worker runs the main bundle, without a reload.
      await setEnabled(true);
      await waitForDeskmate(page);
      expect(scripts).toEqual(['/content/deskmate.js', '/content/main.js']);
      await cdp.detach();
      await page.close();
    } finally {
      await setEnabled(true);
    }
  });
});
