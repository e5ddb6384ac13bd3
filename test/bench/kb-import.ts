/**
 * Answers in Chromium with the built extension: importing a 50,000-article knowledge base in the options page
 * (choose the file → parsed by the core's streaming importer with a progress bar → one IndexedDB transaction),
 * and the first suggestion after a cold service-worker start with 20,000 articles (the worker reloads the
 * persisted index snapshot instead of rebuilding it). The worker is stopped with CDP's
 * `ServiceWorker.stopAllWorkers`, as Chrome does when it is idle.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildExtension } from '../../scripts/build.ts';
import { DEFAULT_DEMO_PORT } from '../../scripts/serve-demo.ts';
import { launchChromium } from '../e2e/support/chromium.ts';
import { type BenchSuite, fmt, summarize, table } from './suite.ts';

const TOPICS = [
  ['refund', 'money back', 'return', 'payment method', 'bank'],
  ['order', 'shipping', 'tracking', 'carrier', 'parcel', 'delivery'],
  ['password', 'login', 'account', 'locked', 'reset link'],
  ['subscription', 'membership', 'cancel', 'renewal', 'plan'],
  ['damaged', 'broken', 'replacement', 'warranty', 'defect'],
  ['address', 'change', 'move', 'redirect', 'apartment'],
  ['invoice', 'receipt', 'tax', 'billing', 'company'],
  ['discount', 'coupon', 'promo code', 'sale', 'price'],
  ['size', 'exchange', 'fit', 'boots', 'jacket'],
  ['stock', 'availability', 'pre-order', 'restock', 'waitlist'],
] as const;
const PRODUCTS = [
  'tent',
  'backpack',
  'sleeping bag',
  'jacket',
  'boots',
  'stove',
  'headlamp',
  'poles',
  'kayak',
  'bike',
];

/** A deterministic synthetic knowledge base: realistic lengths, templates with variables and tab stops. */
export function syntheticArticles(count: number): string {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const topic = pick(TOPICS);
    const product = pick(PRODUCTS);
    const a = pick(topic);
    const b = pick(topic);
    const title = `${a[0]!.toUpperCase()}${a.slice(1)}: ${b} for the ${product} (${i})`;
    const body =
      `Hi {{customer.first_name}},\n\nThanks for contacting us about your ${product}. ` +
      `About the ${a}: ${pick(topic)} usually takes ${1 + (i % 9)} business days, and the ${b} is handled by our ` +
      `${pick(topic)} team. Reply to ticket #{{ticket.id}} with \${1:the details} and we will sort out the ${pick(topic)} ` +
      `straight away. If the ${product} needs a ${pick(topic)}, we cover it.\n\nBest regards,\n{{agent.name}}`;
    lines.push(
      JSON.stringify({
        id: `a${i}`,
        title,
        body,
        tags: [a, b, product],
        shortcut: `kb${i}`,
        locale: 'en',
      }),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function importInOptions(page: Page, clientId: string, file: string): Promise<number> {
  await page.getByLabel('Client').selectOption(clientId);
  const started = Date.now();
  await page.getByTestId('kb-import-file').setInputFiles(file);
  await page.getByTestId('kb-import-result').waitFor({ timeout: 300_000 });
  return Date.now() - started;
}

/** Sends one request from an extension page and times it there (round trip through the worker). */
async function timedRequest(page: Page, message: unknown): Promise<{ ms: number; reply: unknown }> {
  return page.evaluate(async (m) => {
    const start = performance.now();
    const reply = await chrome.runtime.sendMessage(m);
    return { ms: performance.now() - start, reply };
  }, message);
}

async function snapshotRevision(page: Page, clientId: string): Promise<number | undefined> {
  return page.evaluate(
    (id) =>
      new Promise<number | undefined>((resolve) => {
        const open = indexedDB.open('deskmate');
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('kbSnapshots').objectStore('kbSnapshots').get(id);
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { revision?: number } | undefined)?.revision);
          };
          get.onerror = () => resolve(undefined);
        };
        open.onerror = () => resolve(undefined);
      }),
    clientId,
  );
}

async function revisionOf(page: Page, clientId: string): Promise<number | undefined> {
  return page.evaluate(
    (id) =>
      new Promise<number | undefined>((resolve) => {
        const open = indexedDB.open('deskmate');
        open.onsuccess = () => {
          const get = open.result.transaction('kbRevisions').objectStore('kbRevisions').get(id);
          get.onsuccess = () => {
            open.result.close();
            resolve((get.result as { revision?: number } | undefined)?.revision);
          };
        };
      }),
    clientId,
  );
}

/** Waits until the worker has persisted the index snapshot of the client's current revision; returns the ms. */
async function waitForSnapshot(page: Page, clientId: string): Promise<number> {
  const started = Date.now();
  const current = await revisionOf(page, clientId);
  while ((await snapshotRevision(page, clientId)) !== current) {
    if (Date.now() - started > 300_000) throw new Error(`no index snapshot for ${clientId}`);
    await page.waitForTimeout(200);
  }
  return Date.now() - started;
}

export const kbImportSuite: BenchSuite = {
  id: 'kb-import',
  title: 'Answers in Chromium: importing 50,000 articles, first suggestion after a cold worker start',
  async run() {
    // The demo build: it seeds the demo clients (Northwind, Contoso) the articles are imported for.
    const dir = await buildExtension('chrome', { port: DEFAULT_DEMO_PORT });
    const work = await mkdtemp(join(tmpdir(), 'deskmate-kb-'));
    const big = join(work, 'kb-50000.jsonl');
    const medium = join(work, 'kb-20000.jsonl');
    const bigText = syntheticArticles(50_000);
    await writeFile(big, bigText);
    await writeFile(medium, syntheticArticles(20_000));
    const browser = await launchChromium({ extensionDir: dir });
    try {
      const options = await browser.context.newPage();
      await options.goto(`chrome-extension://${browser.extensionId}/src/options/index.html#knowledge`);
      await options.getByLabel('Client').waitFor();
      await options.waitForTimeout(500);

      const importMs = await importInOptions(options, 'northwind', big);
      const importedText = (await options.getByTestId('kb-import-result').textContent()) ?? '';
      // After an import the options page has the worker build the client's index in the background and
      // persist its snapshot: wait for that before going on, and report how long it took.
      const indexed50 = await waitForSnapshot(options, 'northwind');
      const mediumMs = await importInOptions(options, 'contoso', medium);
      const indexed20 = await waitForSnapshot(options, 'contoso');

      const message = (text: string) => ({
        channel: 'deskmate',
        type: 'knowledge.suggest',
        payload: { clientId: 'contoso', message: text, language: 'en' },
      });
      const warm = [];
      for (let i = 0; i < 20; i++)
        warm.push((await timedRequest(options, message(`the tracking of my parcel ${i} is stuck`))).ms);

      const cold: number[] = [];
      const phases: Record<string, number[]> = {};
      let coldTop = '';
      for (let i = 0; i < 5; i++) {
        const cdp = await browser.context.newCDPSession(options);
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await cdp.detach();
        await options.waitForTimeout(300);
        const first = await timedRequest(options, message('I want to cancel my membership renewal'));
        cold.push(first.ms);
        // Where the restarted worker spent its time (its User Timing measures).
        const worker = browser.context.serviceWorkers().at(-1);
        const measures = (await worker
          ?.evaluate(() =>
            performance
              .getEntriesByType('measure')
              .filter((entry) => entry.name.startsWith('deskmate.kb.'))
              .map((entry) => [entry.name.slice('deskmate.kb.'.length), entry.duration] as [string, number]),
          )
          .catch(() => [])) as Array<[string, number]> | undefined;
        for (const [name, ms] of measures ?? []) {
          phases[name] ??= [];
          phases[name].push(ms);
        }
        coldTop =
          (first.reply as { value?: { suggestions?: Array<{ title: string }> } }).value?.suggestions?.[0]
            ?.title ?? '(none)';
      }
      // Baseline: the same cold start answering a request that reads no knowledge (the worker's own start-up).
      const baseline: number[] = [];
      for (let i = 0; i < 5; i++) {
        const cdp = await browser.context.newCDPSession(options);
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await cdp.detach();
        await options.waitForTimeout(300);
        baseline.push((await timedRequest(options, { channel: 'deskmate', type: 'clients.list' })).ms);
      }
      const baselineSummary = summarize(baseline);
      const coldSummary = summarize(cold);
      const warmSummary = summarize(warm);
      return [
        'Built extension in Chromium (playwright-core, `/usr/bin/chromium`). Synthetic knowledge bases of',
        'realistic article size (about 560 bytes of template text, title, three tags, a shortcut), generated',
        'deterministically by `syntheticArticles` in this file. Import = choosing the file in Options → Knowledge',
        'until the result line shows: streaming parse with progress, validation, then one IndexedDB transaction.',
        'Cold start = `ServiceWorker.stopAllWorkers`, then the first `knowledge.suggest` timed in the extension',
        'page (worker start-up, revision check, snapshot load, ranking, article rows). The machine was shared',
        'with other work (see the load average below): absolute figures are inflated, compare with the baseline.',
        '',
        table(
          ['measure', 'value'],
          [
            [
              `import 50,000 articles (${fmt(bigText.length / 1_048_576, 1)} MB JSONL)`,
              `${fmt(importMs / 1000, 2)} s`,
            ],
            ['import 20,000 articles', `${fmt(mediumMs / 1000, 2)} s`],
            [
              'index built and persisted in the background after the import, 50,000 / 20,000 articles',
              `${fmt(indexed50 / 1000, 1)} s / ${fmt(indexed20 / 1000, 1)} s`,
            ],
            [
              'first suggestion after a cold worker start, 20,000 articles (median of 5)',
              `${fmt(coldSummary.p50, 0)} ms (max ${fmt(coldSummary.max, 0)} ms)`,
            ],
            [
              'baseline: cold worker start answering `clients.list` (median of 5)',
              `${fmt(baselineSummary.p50, 0)} ms`,
            ],
            ['warm suggestion, 20,000 articles (median of 20)', `${fmt(warmSummary.p50, 1)} ms`],
          ],
        ),
        '',
        `Cold start inside the worker (median of 5, ms): ${
          Object.entries(phases)
            .map(([name, times]) => `${name} ${fmt(summarize(times).p50, 0)}`)
            .join(', ') || 'not available'
        }. The rest is the worker starting (its scripts) and messaging.`,
        `Import result line: “${importedText.trim()}”. Top cold-start suggestion: “${coldTop}”.`,
        `Load average (1 min) at the end of the run: ${fmt(loadavg()[0] ?? Number.NaN, 1)} on ${availableParallelism()} cores.`,
      ].join('\n');
    } finally {
      await browser.close();
      await rm(work, { recursive: true, force: true });
    }
  },
};
