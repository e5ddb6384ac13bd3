/**
 * "Everything runs on the agent's machine; nothing is sent anywhere", proved: a whole demo session (open tickets,
 * suggestions, insert an answer, type a card, send, the palette, the side panel, the popup, every options
 * section, the reports page) with every request of every target logged, in Chromium (the DevTools protocol on
 * all targets, the extension's service worker included) and in Firefox ESR. Nothing goes anywhere but the
 * helpdesk page's own origin and the extension's own files.
 *
 * Each log is first shown to see what it must see (a request made from the worker and from an extension page on
 * purpose, at the end), so a logger that saw nothing could not pass.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { startDemoServer } from '../../scripts/serve-demo.ts';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, ensureBuilt, waitForDeskmate } from './support/env.ts';
import { foreignRequests, OPTIONS_SECTIONS } from './support/no-network.ts';
import { logChromiumRequests, type RequestLog } from './support/request-log.ts';
import { clickDeskmate, deskmateElements, deskmateText, eventually } from './support/shadow.ts';

const CARD = '4111 1111 1111 1111';
/** Where the probes go: a reserved name that resolves nowhere (a banned port like 9 would stop Firefox early). */
const PROBE = 'http://deskmate-probe.invalid/probe';

describe('Chromium: the extension makes no network request of its own', () => {
  let browser: LaunchedChromium;
  let demo: StaticServer;
  let log: RequestLog;
  let extensionOrigin: string;

  beforeAll(async () => {
    await ensureBuilt();
    demo = await startDemoServer();
    browser = await launchChromium({ extensionDir: CHROME_DIR, args: ['--remote-debugging-port=0'] });
    extensionOrigin = `chrome-extension://${browser.extensionId}`;
    log = await logChromiumRequests(browser.userDataDir);
    // The worker started before the log did: stop it, so its next start (woken by the first message) is seen
    // from its first line.
    const popup = await browser.context.newPage();
    await popup.goto(`${extensionOrigin}/src/popup/index.html`);
    const cdp = await browser.context.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await popup.close();
  });

  afterAll(async () => {
    await log?.close();
    await browser?.close();
    await demo?.close();
  });

  const openTicket = async (id: number): Promise<Page> => {
    const page = await browser.context.newPage();
    await page.goto(`${demo.origin}/agent/tickets/${id}`);
    await waitForDeskmate(page);
    return page;
  };
  const editorText = (page: Page) =>
    page.evaluate(() => (window as unknown as { demoEditor: { getText(): string } }).demoEditor.getText());
  const messages = (page: Page) =>
    page.evaluate(() => document.querySelectorAll('[data-demo="conversation"] [data-demo="message"]').length);

  it('over a whole demo session, requests go only to the page’s origin and the extension’s files', async () => {
    // A ticket: suggestions, one inserted, a card typed, the reply sent (the guard masks the card).
    const page = await openTicket(1047);
    const items = await eventually(
      () => deskmateElements(page, 'data-answer'),
      (found) => found.length > 0,
      'suggested answers',
    );
    await page.locator('[data-demo="composer"] .ProseMirror').click();
    await clickDeskmate(page, items[0]!);
    await eventually(
      () => editorText(page),
      (text) => text.includes('Reset links are valid for one hour'),
      'the inserted answer',
    );
    await page.locator('[data-demo="composer"] .ProseMirror').click();
    await page.keyboard.press('End');
    await page.keyboard.type(` Your card ${CARD} is on file.`);
    const before = await messages(page);
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => messages(page), { timeout: 20_000 }).toBe(before + 1);
    const sent = await page.evaluate(
      () =>
        document.querySelectorAll('[data-demo="conversation"] [data-demo="message"]')[0]?.parentElement
          ?.lastElementChild?.textContent ?? '',
    );
    expect(sent).not.toContain(CARD);

    // The palette, then SPA navigation to another ticket.
    await page.keyboard.press('F1');
    await eventually(
      () => deskmateText(page, 'deskmate-palette'),
      (text) => text.includes('Switch client'),
      'the palette',
    );
    await page.keyboard.type('insert answer');
    await page.keyboard.press('Escape');
    await page.click('a[data-demo="ticket-link"][data-ticket-id="1044"]');
    await page.waitForFunction(() => location.pathname.endsWith('/1044'));
    await eventually(
      () => deskmateText(page, 'deskmate-statusbar'),
      (text) => text.includes('1044'),
      'the status bar on the next ticket',
    );

    // The side panel (its page, following the active tab), the popup, every options section, the reports.
    const panel = await browser.context.newPage();
    await panel.goto(`${extensionOrigin}/src/sidepanel/index.html`);
    await page.bringToFront();
    await panel.getByTestId('sidepanel-client').waitFor();
    for (const view of ['Suggestions', 'Problems', 'Timers', 'Tickets']) {
      const tab = panel.getByRole('tab', { name: view });
      if (await tab.count()) await tab.click();
    }
    const popup = await browser.context.newPage();
    await popup.goto(`${extensionOrigin}/src/popup/index.html`);
    await popup.waitForLoadState('load');
    const options = await browser.context.newPage();
    for (const section of OPTIONS_SECTIONS) {
      await options.goto(`${extensionOrigin}/src/options/index.html#${section}`);
      await options.locator('h2').first().waitFor();
    }
    await options.goto(`${extensionOrigin}/src/reports/index.html`);
    await options.waitForLoadState('load');
    await page.waitForTimeout(1000); // anything sent late (a timer, an idle callback) is still seen

    const allowed = [demo.origin, extensionOrigin];
    expect(foreignRequests(log.requests, allowed)).toEqual([]);
    // What was covered: the helpdesk page, the extension's pages and its service worker.
    const types = new Set(log.targets.map((target) => target.targetType));
    expect(types).toContain('page');
    expect(types).toContain('service_worker');
    expect(log.requests.some((r) => r.url.startsWith(demo.origin))).toBe(true);
    expect(log.requests.some((r) => r.url.startsWith(`${extensionOrigin}/`))).toBe(true);

    // The log sees what the worker and an extension page would send: a request made on purpose from each.
    const worker = browser.context.serviceWorkers().find((w) => w.url().startsWith(extensionOrigin));
    expect(worker).toBeDefined();
    await worker!.evaluate((url) => fetch(`${url}/worker`).catch(() => undefined), PROBE);
    await options.evaluate((url) => fetch(`${url}/page`).catch(() => undefined), PROBE);
    // (A worker is watched through every page that attached to it too: a request may be logged more than once.)
    await expect
      .poll(() => new Set(foreignRequests(log.requests, allowed)))
      .toEqual(
        new Set([
          `${PROBE}/worker (from service_worker ${extensionOrigin}/service-worker-loader.js)`,
          `${PROBE}/page (from page ${extensionOrigin}/src/reports/index.html)`,
        ]),
      );
    for (const opened of [page, panel, popup, options]) await opened.close();
  });
});
