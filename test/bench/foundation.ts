/**
 * The foundation's costs: what each bundle weighs (the content script ships into every helpdesk page) and how
 * long a round trip to the worker takes in Chromium (every feature's requests pay it).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildExtension } from '../../scripts/build.ts';
import { buildDemo, startDemoServer } from '../../scripts/serve-demo.ts';
import { launchChromium } from '../e2e/support/chromium.ts';
import { type BenchSuite, fmt, summarize, table } from './suite.ts';

async function bundleSizes(dir: string): Promise<Array<[string, number, number]>> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    content_scripts: Array<{ js: string[] }>;
  };
  // The content script is one classic script plus the bundles the worker runs on demand (content/lazy/).
  const lazy = (await readdir(join(dir, 'content', 'lazy'))).map((file) => `content/lazy/${file}`);
  const contentFiles = [...new Set(manifest.content_scripts.flatMap((s) => s.js)), ...lazy];
  const size = async (files: string[]) => {
    const buffers = await Promise.all(files.map((file) => readFile(join(dir, file))));
    return [
      buffers.reduce((n, b) => n + b.length, 0),
      buffers.reduce((n, b) => n + gzipSync(b).length, 0),
    ] as const;
  };
  const assets = (await readdir(join(dir, 'assets'))).map((file) => `assets/${file}`);
  const [contentRaw, contentGzip] = await size(contentFiles);
  const [allRaw, allGzip] = await size(assets);
  return [
    ['content script (script + on-demand modules)', contentRaw, contentGzip],
    ['all scripts (worker, pages, content)', allRaw, allGzip],
  ];
}

export const foundationSuite: BenchSuite = {
  id: 'foundation',
  title: 'Foundation: bundle sizes and worker round trips',
  async run() {
    // Sizes are the store build's (what ships); the round trips run in the demo build (the demo helpdesk's
    // adapter and clients), made for the port the demo server got.
    const sizes = await bundleSizes(await buildExtension('chrome'));
    await buildDemo();
    const demo = await startDemoServer(0);
    const dir = await buildExtension('chrome', { port: Number(new URL(demo.origin).port) });

    const browser = await launchChromium({ extensionDir: dir });
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
    // Round trips from an extension page: context.forTab resolves settings for a tab; tickets.recent reads Dexie.
    const measure = async (type: string, payload: unknown, n: number) =>
      summarize(
        await page.evaluate(
          async ({ type, payload, n }) => {
            const times: number[] = [];
            for (let i = 0; i < n + 20; i++) {
              const start = performance.now();
              await chrome.runtime.sendMessage({ channel: 'deskmate', type, payload });
              if (i >= 20) times.push(performance.now() - start);
            }
            return times;
          },
          { type, payload, n },
        ),
      );
    const tab = await browser.context.newPage();
    await tab.goto(`${demo.origin}/agent/tickets/1042`);
    await tab.waitForSelector('#deskmate-root[data-state="ready"]', { state: 'attached' });
    const settingsTrip = await measure('settings.describe', {}, 300);
    const dbTrip = await measure('tickets.recent', { clientId: 'northwind' }, 300);
    await browser.close();
    await demo.close();

    return [
      table(
        ['bundle (Chrome build, unminified)', 'bytes', 'gzip bytes'],
        sizes.map(([name, raw, gzip]) => [name, raw, gzip]),
      ),
      '',
      table(
        ['worker round trip from an extension page (Chromium)', 'p50 ms', 'p95 ms', 'max ms', 'n'],
        [
          [
            'settings.describe (all layers resolved)',
            fmt(settingsTrip.p50),
            fmt(settingsTrip.p95),
            fmt(settingsTrip.max),
            settingsTrip.n,
          ],
          [
            'tickets.recent (IndexedDB read via Dexie)',
            fmt(dbTrip.p50),
            fmt(dbTrip.p95),
            fmt(dbTrip.max),
            dbTrip.n,
          ],
        ],
      ),
    ].join('\n');
  },
};
