/**
 * Firefox: the Firefox build installs in Firefox ESR and its content script starts on the demo helpdesk (which
 * proves the background script answered it: the content script marks itself ready only after the worker told it
 * which client the tab belongs to); and the data guard, loaded on demand by the content script, masks a card
 * number before the reply leaves (the default policy masks cards).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { startDemoServer } from '../../scripts/serve-demo.ts';
import { ensureBuilt, FIREFOX_DIR } from './support/env.ts';
import { launchFirefox } from './support/firefox.ts';

/** The add-on's moz-extension:// host, pinned here; Firefox draws a random one per install. */
const UUID = '6f1c1a52-1f0e-4d8e-9a57-3c2b7d9e0a41';
let browser: Browser;
let addonId: string;
let demo: StaticServer;

beforeAll(async () => {
  await ensureBuilt();
  demo = await startDemoServer();
  ({ browser, addonId } = await launchFirefox(FIREFOX_DIR, { uuid: UUID }));
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

  it('masks a card number in the reply before it is sent (the guard, loaded on demand)', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.origin}/agent/tickets/1042`);
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { timeout: 30_000 });
    const count = () =>
      page.$$eval('[data-demo="conversation"] [data-demo="message"]', (messages) => messages.length);
    const before = await count();
    await page.click('[data-demo="composer"] .ProseMirror');
    await page.keyboard.type('Your card 4111 1111 1111 1111 is on file.');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-demo="conversation"] [data-demo="message"]').length > n,
      { timeout: 20_000 },
      before,
    );
    expect(await count()).toBe(before + 1);
    const sent = await page.$$eval(
      '[data-demo="conversation"] [data-demo="message"]',
      (messages) => messages.at(-1)?.textContent ?? '',
    );
    expect(sent).toContain('1111');
    expect(sent).not.toContain('4111 1111 1111 1111');
    await page.close();
  });

  it('no file of the add-on answers a page, even one that knows its per-install host', async () => {
    const page = await browser.newPage();
    await page.goto(`${demo.origin}/agent/tickets/1042`);
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { timeout: 30_000 });
    const content = await readdir(join(FIREFOX_DIR, 'content'), { recursive: true });
    const paths = [
      ...content.filter((file) => file.endsWith('.js')).map((file) => `content/${file}`),
      'content/lazy/session.js',
      'manifest.json',
    ];
    expect(paths).toContain('content/deskmate.js');
    const results = await page.evaluate(
      async (host, list) => {
        const seen: Record<string, string> = {};
        for (const path of list) {
          try {
            seen[path] = String((await fetch(`moz-extension://${host}/${path}`)).status);
          } catch (error) {
            seen[path] = (error as Error).name;
          }
        }
        return seen;
      },
      UUID,
      paths,
    );
    expect(Object.entries(results).filter(([, result]) => result === '200')).toEqual([]);
    await page.close();
  });
});
