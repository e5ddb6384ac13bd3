/**
 * Firefox smoke test: the Firefox build installs in Firefox ESR and its content script starts on the demo
 * helpdesk (which proves the background script answered it: the content script marks itself ready only after
 * the worker told it which client the tab belongs to).
 */
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { startDemoServer } from '../../scripts/serve-demo.ts';
import { ensureBuilt, FIREFOX_DIR } from './support/env.ts';
import { launchFirefox } from './support/firefox.ts';

let browser: Browser;
let addonId: string;
let demo: StaticServer;

beforeAll(async () => {
  await ensureBuilt();
  demo = await startDemoServer();
  ({ browser, addonId } = await launchFirefox(FIREFOX_DIR));
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

describe('Deskmate in Firefox ESR', () => {
  it('installs under its add-on id', () => {
    expect(addonId).toBe('deskmate@deskmate.dev');
  });

  it('mounts its content script on the demo helpdesk and follows SPA navigation', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.origin}/agent/tickets/1042`);
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { timeout: 30_000 });
    // The UI root is a closed shadow root: the page sees the host, never what is inside.
    expect(
      await page.evaluate(() => document.getElementById('deskmate-root')?.shadowRoot ?? null),
    ).toBeNull();
    await page.click('a[data-demo="ticket-link"][data-ticket-id="1044"]');
    await page.waitForFunction(() => location.pathname.endsWith('/1044'));
    expect(await page.$$eval('#deskmate-root', (hosts) => hosts.length)).toBe(1);
    await page.close();
  });
});
