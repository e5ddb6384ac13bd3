/**
 * Firefox tests that drive the worker through the options page: BiDi may not navigate a tab to a moz-extension: URL,
 * so the options page is reached as an agent does (the palette's "Open settings" on the demo helpdesk), and driven
 * with plain calls in it (its CSP refuses puppeteer's helpers).
 */
import type { Browser, Page } from 'puppeteer-core';

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks the background page from the options page, as our pages do. */
export function sendFromOptions(
  options: Page,
  type: string,
  payload: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  return options.evaluate(
    async (message) => {
      const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
      return (await ext.runtime.sendMessage(message)) as { ok: boolean; value?: unknown; error?: string };
    },
    { channel: 'deskmate', type, payload },
  );
}

/** Polls until `read` gives a value `accept` likes (30 s bound for a hang), or fails with the last value. */
export async function until<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
): Promise<T> {
  let last: T | undefined;
  for (let attempt = 0; attempt < 150; attempt++) {
    last = await read().catch(() => last);
    if (last !== undefined && accept(last)) return last;
    await pause(200);
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** Opens the options page as an agent does: the palette's "Open settings" on the demo helpdesk. */
export async function openOptions(
  browser: Browser,
  demoOrigin: string,
  extensionOrigin: string,
): Promise<Page> {
  const helpdesk = await browser.newPage();
  await helpdesk.goto(`${demoOrigin}/agent/tickets/1042`);
  await helpdesk.waitForSelector('#deskmate-root[data-state="ready"]', { timeout: 30_000 });
  const before = new Set(await browser.pages());
  await helpdesk.click('[data-demo="composer"] .ProseMirror');
  await helpdesk.keyboard.press('F1');
  await pause(500);
  await helpdesk.keyboard.type('open settings');
  await helpdesk.keyboard.press('Enter');
  for (let attempt = 0; attempt < 150; attempt++) {
    for (const page of await browser.pages()) {
      if (before.has(page)) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (href.startsWith(extensionOrigin)) return page;
    }
    await pause(200);
  }
  throw new Error('the options page did not open');
}
