/**
 * A 50,000-article knowledge import, interrupted, leaves nothing half-done, in Chromium, through the options
 * page's real import path (Options › Knowledge, "Replace the knowledge base"):
 *
 * - The import is written by the options page itself, in one IndexedDB transaction (KnowledgeStore.importRecords);
 *   the service worker only reads the knowledge base. So the worker stopped (CDP ServiceWorker.stopAllWorkers)
 *   in the middle of the import does not interrupt it: it lands whole, and the restarted worker answers from the
 *   new knowledge base only — never a mix, never a partial count.
 * - What does interrupt it is the writer going away: the options page closed while it saves (with the worker
 *   stopped at the same moment). Then nothing of the import is visible: the worker counts the previous
 *   knowledge base's articles and still suggests from it, the options page lists it unchanged, and the same
 *   import retried succeeds whole.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoEnvironment, sendFromPage, startDemoEnvironment } from './support/env.ts';

const ARTICLES = 50_000;
const OLD_QUESTION = 'Please cancel my Trail Club membership';
const OLD_ANSWER = 'nw-cancel-membership';
/** A word only the imported articles use. */
const NEW_WORD = 'zephyrinequartz';
// Generous limits: 50,000 articles are read, written and indexed twice on a busy machine (nothing here is timed).

let env: DemoEnvironment;
let probe: Page;
let file: Buffer;

beforeAll(async () => {
  env = await startDemoEnvironment();
  probe = await env.browser.context.newPage();
  await probe.goto(env.extensionUrl('src/popup/index.html'));
  const lines: string[] = [];
  for (let i = 0; i < ARTICLES; i++) {
    lines.push(
      JSON.stringify({
        id: `bulk-${i}`,
        title: `Bulk answer ${i} about ${NEW_WORD} ${i % 97}`,
        tags: [`batch-${i % 50}`],
        body: `Hello {{customer.first_name}}, this is bulk answer number ${i} about ${NEW_WORD}. Kind regards.`,
      }),
    );
  }
  file = Buffer.from(`${lines.join('\n')}\n`);
});

afterAll(async () => {
  await env?.close();
});

interface Suggested {
  ok: boolean;
  value?: { total: number; suggestions: Array<{ articleId: string }> };
  error?: string;
}

/** What the worker suggests for a message (starting the worker when it was stopped). */
async function suggest(message: string): Promise<{ total: number; first: string | undefined }> {
  for (let attempt = 0; ; attempt++) {
    const reply = (await sendFromPage(probe, {
      channel: 'deskmate',
      type: 'knowledge.suggest',
      payload: { clientId: 'northwind', message },
    }).catch((error: Error) => ({ ok: false, error: error.message }))) as Suggested;
    if (reply.ok && reply.value)
      return { total: reply.value.total, first: reply.value.suggestions[0]?.articleId };
    // The worker is restarting: ask again.
    if (attempt > 100) throw new Error(`the worker did not answer: ${reply.error}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopWorker(): Promise<void> {
  const cdp = await env.browser.context.newCDPSession(probe);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

async function knowledgePage(): Promise<Page> {
  const options = await env.browser.context.newPage();
  await options.goto(env.extensionUrl('src/options/index.html#knowledge'));
  await options.getByLabel('Client').selectOption('northwind');
  return options;
}

const listed = async (options: Page) => Number(await options.getByTestId('kb-count').textContent());

/** Starts the import of the 50,000 articles, replacing the knowledge base; resolves once it is saving. */
async function startImport(options: Page): Promise<void> {
  await options.getByLabel('Replace the knowledge base').check();
  await options.getByTestId('kb-import-file').setInputFiles({
    name: 'bulk.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: file,
  });
  await options.getByText(`Saving ${ARTICLES} articles`).waitFor({ timeout: 60_000 });
}

describe('a 50,000-article import interrupted', () => {
  it('the options page closed while saving (and the worker stopped): nothing partial, the old base intact, a retry succeeds', async () => {
    // The demo's own knowledge base (seeded at install): the previous one.
    await expect.poll(async () => (await suggest(OLD_QUESTION)).first, { timeout: 30_000 }).toBe(OLD_ANSWER);
    const before = await suggest(OLD_QUESTION);
    const options = await knowledgePage();
    await expect.poll(() => listed(options), { timeout: 15_000 }).toBe(before.total);

    await startImport(options);
    // The writer goes away mid-import, and the worker with it.
    await Promise.all([options.close(), stopWorker()]);

    const after = await suggest(OLD_QUESTION);
    expect(after).toEqual(before);
    expect((await suggest(`question about ${NEW_WORD}`)).first ?? 'none').not.toMatch(/^bulk-/);
    const reopened = await knowledgePage();
    await expect.poll(() => listed(reopened), { timeout: 15_000 }).toBe(before.total);
    await reopened.getByLabel('Filter articles').fill('cancel');
    await reopened.locator(`[data-article="${OLD_ANSWER}"]`).waitFor();

    // The same import, retried, lands whole.
    await startImport(reopened);
    await reopened.getByTestId('kb-import-result').waitFor({ timeout: 120_000 });
    expect(await reopened.getByTestId('kb-import-result').textContent()).toContain(
      `Imported ${ARTICLES} articles: ${ARTICLES} new`,
    );
    await expect.poll(() => listed(reopened), { timeout: 30_000 }).toBe(ARTICLES);
    const imported = await suggest(`question about ${NEW_WORD} 42`);
    expect(imported.total).toBe(ARTICLES);
    expect(imported.first).toMatch(/^bulk-/);
    await reopened.close();
  }, 300_000);

  it('the worker stopped mid-import: the import still lands whole, and the restarted worker sees all of it or none', async () => {
    // Back to a small base first (the demo's own kind of knowledge): one article, replacing the bulk.
    const options = await knowledgePage();
    await options.getByLabel('Replace the knowledge base').check();
    await options.getByTestId('kb-import-file').setInputFiles({
      name: 'small.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(
        `${JSON.stringify({ id: OLD_ANSWER, title: 'Cancel a membership', body: 'We cancelled your Trail Club membership.' })}\n`,
      ),
    });
    await options.getByTestId('kb-import-result').waitFor({ timeout: 60_000 });
    const before = await suggest(OLD_QUESTION);
    expect(before).toEqual({ total: 1, first: OLD_ANSWER });

    await startImport(options);
    await stopWorker();
    // While the page saves, the worker (restarted by the question) answers from the old base or, once the
    // transaction committed, the new one: never a count in between.
    const seen = new Set<number>();
    while (!(await options.getByTestId('kb-import-result').isVisible())) {
      seen.add((await suggest(OLD_QUESTION)).total);
      await stopWorker();
    }
    seen.add((await suggest(OLD_QUESTION)).total);
    expect([...seen].every((total) => total === 1 || total === ARTICLES)).toBe(true);
    expect(await options.getByTestId('kb-import-result').textContent()).toContain(
      `Imported ${ARTICLES} articles`,
    );
    const after = await suggest(`question about ${NEW_WORD} 7`);
    expect(after.total).toBe(ARTICLES);
    expect(after.first).toMatch(/^bulk-/);
    expect(await listed(options)).toBe(ARTICLES);
    await options.close();
  }, 300_000);
});
