/**
 * Firefox ESR: a 50,000-article knowledge import interrupted leaves nothing half-done (the Chromium twin is
 * import-interrupted.e2e.ts). In Firefox too the options page writes the import in one IndexedDB transaction and
 * the background page only reads, so the interruption that matters is the writer going away: the options tab
 * closed while it saves. WebDriver BiDi has no command to stop an extension's background page (Firefox's
 * "Terminate background script" lives in about:debugging, over the devtools protocol puppeteer no longer speaks).
 * Shortening `extensions.background.idle.timeout` (Firefox then suspends the idle background page by itself)
 * made the pages' own messages fail with "Receiving end does not exist", so the worker-stopped case is in Chromium.
 *
 * The extension's pages are reached as an agent does (the palette's "Open settings"): BiDi may not navigate a tab
 * to a moz-extension: URL, and puppeteer's selector helpers are refused by the page's CSP, so the page is driven
 * with plain DOM calls in it (the file is given to the real file input, whose change handler imports it).
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { startDemoServer } from '../../scripts/serve-demo.ts';
import { ensureBuilt, FIREFOX_DIR } from './support/env.ts';
import { launchFirefox } from './support/firefox.ts';

const EXTENSION_ORIGIN = 'moz-extension://3f0c7a52-9b8e-4d21-a6f4-5e2d1c0b9a87';
const ARTICLES = 50_000;
const OLD_QUESTION = 'Please cancel my Trail Club membership';
const OLD_ANSWER = 'nw-cancel-membership';

let browser: Browser;
let demo: StaticServer;
let helpdesk: Page;

beforeAll(async () => {
  await ensureBuilt();
  demo = await startDemoServer();
  ({ browser } = await launchFirefox(FIREFOX_DIR, { uuid: EXTENSION_ORIGIN.slice(16) }));
  helpdesk = await browser.newPage();
  await helpdesk.goto(`${demo.origin}/agent/tickets/1047`);
  await helpdesk.waitForSelector('#deskmate-root[data-state="ready"]', { timeout: 30_000 });
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens Options › Knowledge for Northwind as an agent does, from the palette. */
async function knowledgePage(): Promise<Page> {
  const before = new Set(await browser.pages());
  await helpdesk.bringToFront();
  await helpdesk.click('[data-demo="composer"] .ProseMirror');
  await helpdesk.keyboard.press('F1');
  await pause(500);
  await helpdesk.keyboard.type('open settings');
  await helpdesk.keyboard.press('Enter');
  for (let attempt = 0; attempt < 150; attempt++) {
    for (const page of await browser.pages()) {
      if (before.has(page)) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (!href.startsWith(EXTENSION_ORIGIN)) continue;
      await page.evaluate(() => {
        location.hash = 'knowledge';
      });
      await until(page, () => Boolean(document.querySelector('[data-testid="kb-import-file"]')));
      await page.evaluate(() => {
        const select = [...document.querySelectorAll('label')]
          .find((label) => label.textContent?.trim().startsWith('Client'))
          ?.querySelector('select');
        if (!select) throw new Error('no client select');
        select.value = 'northwind';
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
      return page;
    }
    await pause(200);
  }
  throw new Error('the options page did not open');
}

/** Polls a condition inside the page (puppeteer's waitFor helpers are refused by a moz-extension CSP). */
async function until(page: Page, condition: () => boolean, tries = 600): Promise<void> {
  for (let attempt = 0; attempt < tries; attempt++) {
    if (await page.evaluate(condition).catch(() => false)) return;
    await pause(200);
  }
  throw new Error(`timed out waiting for ${condition}`);
}

const listed = (page: Page) =>
  page.evaluate(() => Number(document.querySelector('[data-testid="kb-count"]')?.textContent));

/** What the background page suggests (waking it when Firefox suspended it). */
async function suggest(page: Page, message: string): Promise<{ total: number; first: string | undefined }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ask(page, message);
    } catch (error) {
      // The background page was being suspended as the message came ("Receiving end does not exist"): ask again.
      if (attempt > 20) throw error;
      await pause(250);
    }
  }
}

function ask(page: Page, message: string): Promise<{ total: number; first: string | undefined }> {
  return page.evaluate(async (text) => {
    const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
    const reply = (await ext.runtime.sendMessage({
      channel: 'deskmate',
      type: 'knowledge.suggest',
      payload: { clientId: 'northwind', message: text },
    })) as { ok: boolean; value: { total: number; suggestions: Array<{ articleId: string }> } };
    return { total: reply.value.total, first: reply.value.suggestions[0]?.articleId };
  }, message);
}

/** Gives the real file input 50,000 articles with "Replace the knowledge base" checked; resolves once saving. */
async function startImport(page: Page): Promise<void> {
  await page.evaluate(() => {
    const replace = [...document.querySelectorAll('label')]
      .find((label) => label.textContent?.includes('Replace the knowledge base'))
      ?.querySelector('input');
    if (replace && !replace.checked) replace.click();
  });
  // The page re-renders with the box checked before the file comes, as it would between an agent's two clicks.
  await until(page, () =>
    [...document.querySelectorAll('label')].some(
      (label) =>
        label.textContent?.includes('Replace the knowledge base') && label.querySelector('input')?.checked,
    ),
  );
  await pause(300);
  await page.evaluate((count) => {
    const lines: string[] = [];
    for (let i = 0; i < count; i++)
      lines.push(
        JSON.stringify({
          id: `bulk-${i}`,
          title: `Bulk answer ${i} about zephyrinequartz ${i % 97}`,
          body: `Hello, this is bulk answer number ${i} about zephyrinequartz.`,
        }),
      );
    const transfer = new DataTransfer();
    transfer.items.add(new File([`${lines.join('\n')}\n`], 'bulk.jsonl', { type: 'application/x-ndjson' }));
    const input = document.querySelector<HTMLInputElement>('[data-testid="kb-import-file"]')!;
    input.files = transfer.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, ARTICLES);
  await until(page, () => (document.body.textContent ?? '').includes('Saving '));
}

describe('Firefox ESR: a 50,000-article import interrupted', () => {
  it('the options tab closed while saving: nothing partial, the old base intact, a retry succeeds', async () => {
    const options = await knowledgePage();
    await until(options, () => Number(document.querySelector('[data-testid="kb-count"]')?.textContent) > 0);
    const before = await suggest(options, OLD_QUESTION);
    expect(before.first).toBe(OLD_ANSWER);
    expect(await listed(options)).toBe(before.total);

    await startImport(options);
    await options.close();

    const reopened = await knowledgePage();
    await until(reopened, () => Number(document.querySelector('[data-testid="kb-count"]')?.textContent) > 0);
    expect(await listed(reopened)).toBe(before.total);
    expect(await suggest(reopened, OLD_QUESTION)).toEqual(before);

    await startImport(reopened);
    await until(reopened, () => Boolean(document.querySelector('[data-testid="kb-import-result"]')));
    expect(
      await reopened.evaluate(() => document.querySelector('[data-testid="kb-import-result"]')?.textContent),
    ).toContain(`Imported ${ARTICLES} articles: ${ARTICLES} new`);
    await until(reopened, () => document.querySelector('[data-testid="kb-count"]')?.textContent === '50000');
    const after = await suggest(reopened, 'question about zephyrinequartz 42');
    expect(after.total).toBe(ARTICLES);
    expect(after.first).toMatch(/^bulk-/);
    await reopened.close();
  }, 300_000);
});
