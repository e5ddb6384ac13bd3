/**
 * "Nothing is sent anywhere", proved in Firefox ESR: a demo session (a ticket, a card typed and sent masked, the
 * palette, SPA navigation, the side panel, the popup, every options section and the reports page) with every
 * HTTP(S) and WebSocket request Firefox makes going through a logging proxy (every context, the background
 * page included), and the helpdesk tab's requests also seen through WebDriver BiDi. Nothing goes anywhere but the helpdesk page's own origin and the extension's own files.
 *
 * The logs are first shown to see what they must see: a request made on purpose from the background page and
 * from an extension page, at the end.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { startDemoServer } from '../../scripts/serve-demo.ts';
import { ensureBuilt, FIREFOX_DIR } from './support/env.ts';
import { launchFirefox } from './support/firefox.ts';
import { type LoggingProxy, startLoggingProxy } from './support/logging-proxy.ts';
import { foreignRequests, OPTIONS_SECTIONS } from './support/no-network.ts';
import type { LoggedRequest } from './support/request-log.ts';

const ADDON_ID = 'deskmate@deskmate.dev';
/** Fixed, so the test knows the extension's origin (Firefox picks a random one per profile otherwise). */
const EXTENSION_UUID = '6b1d2f5e-4c1a-4e0b-9d51-0a9e7d3c2b11';
const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;
const CARD = '4111 1111 1111 1111';
/**
 * Where the probes go: reserved names that resolve nowhere, one per context. Hosts, not paths, tell them apart:
 * Firefox upgrades an extension's http: requests to https: (its MV3 CSP), and a proxy sees only the host of those.
 */
const PROBE_HOST = 'deskmate-probe.invalid';
/**
 * Firefox's own traffic, which a proxy sees without saying who made it: puppeteer's profile points Firefox's
 * services (health report, blocklist, add-on discovery…) at the reserved host dummy.test, and Firefox ESR still
 * polls Remote Settings (certificate revocation lists, blocklists) at firefox.settings.services.mozilla.com, with
 * or without any add-on installed. These are the browser's requests, not the extension's; nothing else is let
 * through, and the tab log (which names its tab) has no such exception.
 */
const FIREFOX_OWN_HOSTS = ['dummy.test', 'firefox.settings.services.mozilla.com'];

let browser: Browser;
let demo: StaticServer;
let proxy: LoggingProxy;
const tabRequests: LoggedRequest[] = [];

beforeAll(async () => {
  await ensureBuilt();
  demo = await startDemoServer();
  proxy = await startLoggingProxy([demo.origin]);
  let addonId: string;
  ({ browser, addonId } = await launchFirefox(FIREFOX_DIR, { uuid: EXTENSION_UUID, prefs: proxy.prefs }));
  expect(addonId).toBe(ADDON_ID);
});

afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await demo?.close();
});

/**
 * BiDi's view of a tab's requests, which names the tab. Firefox's BiDi reports no request of a moz-extension
 * page (nor of the background page): those are covered by the proxy alone, which sees every HTTP(S) request.
 */
function watch(page: Page): Page {
  page.on('request', (request) =>
    tabRequests.push({ url: request.url(), targetType: 'tab', targetUrl: page.url() }),
  );
  return page;
}

const notFirefoxOwn = (requests: readonly LoggedRequest[]) =>
  requests.filter(({ url }) => {
    try {
      return !FIREFOX_OWN_HOSTS.includes(new URL(url).hostname);
    } catch {
      return true;
    }
  });

describe('Firefox ESR: the extension makes no network request of its own', () => {
  it('over a whole demo session, requests go only to the page’s origin and the extension’s files', async () => {
    const page = watch(await browser.newPage());
    await page.goto(`${demo.origin}/agent/tickets/1047`);
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { timeout: 30_000 });
    const count = () =>
      page.$$eval('[data-demo="conversation"] [data-demo="message"]', (found) => found.length);
    const before = await count();
    await page.click('[data-demo="composer"] .ProseMirror');
    await page.keyboard.type(`Your card ${CARD} is on file.`);
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-demo="conversation"] [data-demo="message"]').length > n,
      { timeout: 20_000 },
      before,
    );
    // The palette (opened and closed by keyboard), then SPA navigation to another ticket.
    await page.keyboard.press('F1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.keyboard.press('Escape');
    await page.click('a[data-demo="ticket-link"][data-ticket-id="1044"]');
    await page.waitForFunction(() => location.pathname.endsWith('/1044'));

    // WebDriver BiDi may not navigate a tab to a moz-extension: page; the agent's way in does: the palette's
    // "Open settings" (the worker opens the options page), then each page is reached from within the extension.
    const tabsBefore = new Set(await browser.pages());
    await page.click('[data-demo="composer"] .ProseMirror');
    await page.keyboard.press('F1');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await page.keyboard.type('open settings');
    await page.keyboard.press('Enter');
    // BiDi names an extension tab "about:blank"; it is the new tab whose document is ours.
    let extensionPage: Page | undefined;
    for (let attempt = 0; !extensionPage && attempt < 100; attempt++) {
      for (const candidate of await browser.pages())
        if (
          !tabsBefore.has(candidate) &&
          (await candidate.evaluate(() => location.href).catch(() => '')).startsWith(EXTENSION_ORIGIN)
        )
          extensionPage = watch(candidate);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (!extensionPage) throw new Error('the options page did not open');
    for (const path of [
      ...OPTIONS_SECTIONS.map((section) => `src/options/index.html#${section}`),
      'src/sidepanel/index.html',
      'src/popup/index.html',
      'src/reports/index.html',
    ]) {
      await extensionPage.evaluate((href) => {
        location.href = href;
      }, `${EXTENSION_ORIGIN}/${path}`);
      await extensionPage.waitForFunction(
        (href) => location.href === href && document.readyState === 'complete',
        {
          timeout: 15_000,
        },
        `${EXTENSION_ORIGIN}/${path}`,
      );
      // Rendered: the page's app put something on screen (polled by hand: a moz-extension page's CSP refuses
      // the helper puppeteer's waitForSelector injects).
      for (let attempt = 0; attempt < 150; attempt++) {
        if (await extensionPage.evaluate(() => (document.body?.innerText ?? '').trim().length > 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1000)); // anything sent late is still seen

    const allowed = [demo.origin, EXTENSION_ORIGIN];
    expect(foreignRequests(notFirefoxOwn(proxy.requests), allowed)).toEqual([]);
    expect(foreignRequests(tabRequests, allowed)).toEqual([]);
    // Both logs saw the session: the helpdesk's own requests, and the extension's pages loading its files.
    expect(proxy.requests.some((r) => r.url.startsWith(demo.origin))).toBe(true);
    expect(tabRequests.some((r) => r.url.startsWith(demo.origin))).toBe(true);

    // The proxy sees what the background page and an extension page would send: a request from each.
    await extensionPage.evaluate(async (host) => {
      const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
      const background = (await ext.runtime.getBackgroundPage()) as Window | null;
      await background?.fetch(`http://background.${host}/`).catch(() => undefined);
      await fetch(`http://page.${host}/`).catch(() => undefined);
    }, PROBE_HOST);
    const hosts = () =>
      new Set(
        foreignRequests(notFirefoxOwn(proxy.requests), allowed).map(
          (entry) => new URL(entry.split(' ')[0]!).hostname,
        ),
      );
    await expect.poll(hosts).toEqual(new Set([`background.${PROBE_HOST}`, `page.${PROBE_HOST}`]));
    await page.close();
    await extensionPage!.close();
  });
});
