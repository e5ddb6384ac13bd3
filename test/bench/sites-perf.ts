/**
 * What Deskmate's content script costs a real-size helpdesk page: the Zendesk fixture with a 200-message
 * conversation, served at https://acme.zendesk.com (test/e2e/support/helpdesk-server.ts), in Chromium. Main-thread
 * time comes from the DevTools protocol's task counters of the page's renderer (Performance.getMetrics
 * TaskDuration and ScriptDuration), compared with the same page in a Chromium without the extension and with
 * Deskmate turned off by its `enabled` setting. Goals: ≤ 30 ms added at page load, ≤ 2 ms per DOM mutation batch.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { buildExtension } from '../../scripts/build.ts';
import { type LaunchedChromium, launchChromium } from '../e2e/support/chromium.ts';
import {
  HELPDESK_BROWSER_ARGS,
  helpdeskServerUnavailable,
  startHelpdeskServer,
} from '../e2e/support/helpdesk-server.ts';
import { type BenchSuite, fmt, summarize, table } from './suite.ts';

const HOST = 'acme.zendesk.com';
const LOADS = 7;
const BURST = 40;
const ISOLATED = 8;

interface Metrics {
  task: number;
  script: number;
}

/**
 * Counts the page's main-thread time from the moment this is called (Performance.enable starts the counters; it
 * must be called before navigating, and the counters follow the page into the helpdesk's renderer).
 */
async function counter(page: Page): Promise<{ read(): Promise<Metrics>; stop(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    async read() {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as {
        metrics: Array<{ name: string; value: number }>;
      };
      const byName = Object.fromEntries(metrics.map((m) => [m.name, m.value]));
      return {
        task: (byName.TaskDuration ?? Number.NaN) * 1000,
        script: (byName.ScriptDuration ?? Number.NaN) * 1000,
      };
    },
    stop: () => cdp.detach().catch(() => {}),
  };
}

async function ready(page: Page, withDeskmate: boolean): Promise<void> {
  await page.waitForFunction(() => (globalThis as { __fixture?: unknown }).__fixture, null, {
    timeout: 30_000,
  });
  if (!withDeskmate) return;
  try {
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { state: 'attached', timeout: 30_000 });
  } catch (error) {
    const state = await page.evaluate(
      () => document.getElementById('deskmate-root')?.dataset.state ?? 'no root',
    );
    throw new Error(`Deskmate did not start on ${page.url()} (root: ${state})`, { cause: error });
  }
}

/** One appended log item: what a new message arriving does to the page (one mutation batch). */
const mutate = (page: Page) =>
  page.evaluate(() => {
    const log = document.querySelector('[data-test-id="omni-log-container"]');
    const item = document.createElement('div');
    item.textContent = 'typing…';
    log?.append(item);
    item.remove();
    log?.append(Object.assign(document.createElement('span'), { className: 'presence' }));
  });

interface Variant {
  label: string;
  browser: LaunchedChromium;
  deskmate: boolean;
}

async function loadCost(variant: Variant, url: string) {
  const tasks: number[] = [];
  const scripts: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const page = await variant.browser.context.newPage();
    const count = await counter(page);
    await page.goto(url);
    await ready(page, variant.deskmate);
    // Let the content script finish its start (ticket, clocks, first facts) and the page go idle.
    await page.waitForTimeout(2_000);
    const m = await count.read();
    await count.stop();
    tasks.push(m.task);
    scripts.push(m.script);
    await page.close();
  }
  return { task: summarize(tasks), script: summarize(scripts) };
}

/**
 * Main-thread time per mutation batch: the same loop run twice on one page, once appending a log node per
 * iteration and once doing nothing, so the extension's background timers and the driver's round trips cancel out.
 */
async function mutationCost(variant: Variant, url: string, count: number, gapMs: number): Promise<Metrics> {
  const page = await variant.browser.context.newPage();
  const counted = await counter(page);
  await page.goto(url);
  await ready(page, variant.deskmate);
  await page.waitForTimeout(2_500);
  const window = async (act: () => Promise<unknown>) => {
    const before = await counted.read();
    for (let i = 0; i < count; i++) {
      await act();
      await page.waitForTimeout(gapMs);
    }
    // Let a debounced read that the last batch scheduled run inside the window.
    await page.waitForTimeout(1_200);
    const after = await counted.read();
    return { task: after.task - before.task, script: after.script - before.script };
  };
  const idle = await window(() => page.evaluate(() => 0));
  const busy = await window(() => mutate(page));
  await counted.stop();
  await page.close();
  return { task: (busy.task - idle.task) / count, script: (busy.script - idle.script) / count };
}

/** Functions of src/content/sites (names survive the build: it does not minify). */
const SITE_FUNCTIONS = new Set([
  'readText',
  'textOf',
  'readTicketId',
  'readTime',
  'messageElements',
  'roleOf',
  'readMessages',
  'readEmail',
  'readTicketFacts',
  'readTicket',
  'queryDeep',
  'queryAllDeep',
  'firstMatch',
  'firstDeep',
  'safeQuery',
  'safeQueryAll',
  'inside',
  'missingRequired',
  'get at',
  'at',
]);

type Profile = {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string } }>;
  samples: number[];
  timeDeltas: number[];
};

/** Self time (ms) of the JavaScript in Deskmate's scripts in a CPU profile, and of the site code (src/content/sites). */
function attribute(profile: Profile): { deskmate: number; sites: number } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  let deskmate = 0;
  let sites = 0;
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id)?.callFrame;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    if (!frame?.url.startsWith('chrome-extension://')) return;
    deskmate += ms;
    if (SITE_FUNCTIONS.has(frame.functionName)) sites += ms;
  });
  return { deskmate, sites };
}

/**
 * Where Deskmate's JavaScript time goes (a CPU profile of the page's renderer, 0.1 ms sampling): during the page
 * load (until 2 s after ready), and per batch during a burst of mutation batches.
 */
async function profileDeskmate(variant: Variant, url: string, count: number) {
  const page = await variant.browser.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(url);
  await ready(page, true);
  await page.waitForTimeout(2_000);
  const load = attribute(((await cdp.send('Profiler.stop')) as { profile: Profile }).profile);
  await page.waitForTimeout(500);
  await cdp.send('Profiler.start');
  for (let i = 0; i < count; i++) {
    await mutate(page);
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(1_200);
  const burst = attribute(((await cdp.send('Profiler.stop')) as { profile: Profile }).profile);
  await cdp.detach().catch(() => {});
  await page.close();
  return { load, batch: { deskmate: burst.deskmate / count, sites: burst.sites / count } };
}

/** The adapter reads themselves, timed in the page (the code the content script runs, bundled for the page). */
async function readCosts(browser: LaunchedChromium, url: string) {
  const bundle = await build({
    stdin: {
      contents: `
        import { zendeskAdapter } from './zendesk.ts';
        import { readMessages, readTicketFacts } from './read.ts';
        import { missingRequired, siteDiagnostics } from './diagnostics.ts';
        const time = (fn, n) => { const t = []; for (let i = 0; i < n; i++) { const s = performance.now(); fn(); t.push(performance.now() - s); } return t; };
        globalThis.__readCosts = () => ({
          facts: time(() => readTicketFacts(zendeskAdapter, document), 50),
          roles: time(() => readMessages(zendeskAdapter, document).filter((m) => m.role === 'customer').length, 50),
          drift: time(() => missingRequired(zendeskAdapter, document), 50),
          diagnostics: time(() => siteDiagnostics(zendeskAdapter, location.href, document, 'bench'), 20),
        });`,
      resolveDir: fileURLToPath(new URL('../../src/content/sites/', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
  });
  const page = await browser.context.newPage();
  await page.goto(url);
  await ready(page, false);
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
  const raw = (await page.evaluate(() =>
    (globalThis as unknown as { __readCosts(): Record<string, number[]> }).__readCosts(),
  )) as Record<'facts' | 'roles' | 'drift' | 'diagnostics', number[]>;
  await page.close();
  return {
    facts: summarize(raw.facts),
    roles: summarize(raw.roles),
    drift: summarize(raw.drift),
    diagnostics: summarize(raw.diagnostics),
  };
}

/** The content script's JavaScript: the loader's module and everything it imports statically, by size. */
async function contentScriptChunks(dir: string): Promise<Array<{ file: string; bytes: number }>> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    content_scripts: Array<{ js: string[] }>;
  };
  const seen = new Map<string, number>();
  const visit = async (file: string) => {
    if (seen.has(file)) return;
    const text = await readFile(join(dir, file), 'utf8');
    seen.set(file, Buffer.byteLength(text));
    const imports = [
      ...text.matchAll(/from\s*"\.\/([^"]+\.js)"/g),
      ...text.matchAll(/getURL\("([^"]+\.js)"\)/g),
    ];
    for (const match of imports)
      await visit(match[1]!.startsWith('assets/') ? match[1]! : `assets/${match[1]}`);
  };
  for (const file of manifest.content_scripts[0]?.js ?? []) await visit(file);
  return [...seen].map(([file, bytes]) => ({ file, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export const sitesPerfSuite: BenchSuite = {
  id: 'sites-perf',
  title: 'Site adapters: content-script cost on a 200-message Zendesk page (Chromium)',
  async run() {
    const unavailable = helpdeskServerUnavailable();
    if (unavailable) return `_Not measured: the helpdesk fixtures cannot be served here (${unavailable})._`;
    // Load a private copy: other runs on this machine rebuild dist/ (new file names) while this one measures.
    const dir = await mkdtemp(join(tmpdir(), 'deskmate-bench-ext-'));
    await cp(await buildExtension('chrome'), dir, { recursive: true });
    const server = await startHelpdeskServer();
    const url = `${server.origin(HOST)}/agent/tickets/73501?messages=200`;
    const plain = await launchChromium({ args: HELPDESK_BROWSER_ARGS });
    const extended = await launchChromium({ extensionDir: dir, args: HELPDESK_BROWSER_ARGS });
    try {
      const options = await extended.context.newPage();
      await options.goto(`chrome-extension://${extended.extensionId}/src/options/index.html`);
      const send = (message: unknown) => options.evaluate((m) => chrome.runtime.sendMessage(m), message);
      await send({
        channel: 'deskmate',
        type: 'clients.save',
        payload: { client: { id: 'acme-zd', name: 'Acme (Zendesk)', matches: [{ host: HOST }] } },
      });
      const setEnabled = (value: boolean) =>
        send({
          channel: 'deskmate',
          type: 'settings.write',
          payload: { layer: 'agent', key: 'enabled', value },
        });

      const without: Variant = { label: 'no extension', browser: plain, deskmate: false };
      const on: Variant = { label: 'Deskmate on', browser: extended, deskmate: true };
      // Turned off, Deskmate may not inject its content script at all: wait only for the page.
      const off: Variant = { label: 'Deskmate installed, turned off', browser: extended, deskmate: false };

      // Warm both browsers (first-load compilation and caches) before measuring.
      await loadCost({ ...without }, url).catch(() => {});
      const loadWithout = await loadCost(without, url);
      const loadOn = await loadCost(on, url);
      await setEnabled(false);
      const loadOff = await loadCost(off, url);
      await setEnabled(true);
      const burstWithout = await mutationCost(without, url, BURST, 40);
      const burstOn = await mutationCost(on, url, BURST, 40);
      // Batches far enough apart that each one triggers the clocks' debounced re-read of all 200 messages.
      const isolatedWithout = await mutationCost(without, url, ISOLATED, 1_400);
      const isolatedOn = await mutationCost(on, url, ISOLATED, 1_400);
      const profiled = await profileDeskmate(on, url, BURST);
      const reads = await readCosts(plain, url);
      const chunks = await contentScriptChunks(dir);
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

      const added = loadOn.task.p50 - loadWithout.task.p50;
      const addedScript = loadOn.script.p50 - loadWithout.script.p50;
      const perBurst = burstOn.task - burstWithout.task;
      const perIsolated = isolatedOn.task - isolatedWithout.task;
      const verdict = (value: number, goal: number) =>
        `${fmt(value, 2)} ms (goal ≤ ${goal} ms: ${value <= goal ? 'met' : 'MISSED'})`;
      return [
        `Zendesk fixture at https://${HOST}/agent/tickets/73501?messages=200 (200 log items), served over HTTPS with`,
        "`--host-resolver-rules`. Main-thread time of the page's renderer from `Performance.getMetrics`",
        '(TaskDuration / ScriptDuration), counted from before navigation. Page load: median of ' +
          `${LOADS} loads, counted until 2 s after the page and Deskmate are ready (everything Deskmate does at start:`,
        'its script, workbench UI, ticket, clocks, data guard, answers). Mutation batches: one new log node per batch,',
        `the same loop run without mutations subtracted; ${BURST} batches 40 ms apart (the clocks' 1 s debounce coalesces`,
        `them) and ${ISOLATED} batches 1.4 s apart (each one triggers the clocks' full re-read of the conversation).`,
        '',
        table(
          ['page load (median)', 'main-thread task ms', 'of which script ms', 'p95 task ms'],
          [
            [
              without.label,
              fmt(loadWithout.task.p50, 1),
              fmt(loadWithout.script.p50, 1),
              fmt(loadWithout.task.p95, 1),
            ],
            [on.label, fmt(loadOn.task.p50, 1), fmt(loadOn.script.p50, 1), fmt(loadOn.task.p95, 1)],
            [off.label, fmt(loadOff.task.p50, 1), fmt(loadOff.script.p50, 1), fmt(loadOff.task.p95, 1)],
          ],
        ),
        '',
        table(
          ['per mutation batch (idle loop subtracted)', 'main-thread task ms', 'of which script ms'],
          [
            [
              `${without.label}, ${BURST} batches 40 ms apart`,
              fmt(burstWithout.task, 3),
              fmt(burstWithout.script, 3),
            ],
            [`${on.label}, ${BURST} batches 40 ms apart`, fmt(burstOn.task, 3), fmt(burstOn.script, 3)],
            [
              `${without.label}, ${ISOLATED} batches 1.4 s apart`,
              fmt(isolatedWithout.task, 3),
              fmt(isolatedWithout.script, 3),
            ],
            [
              `${on.label}, ${ISOLATED} batches 1.4 s apart`,
              fmt(isolatedOn.task, 3),
              fmt(isolatedOn.script, 3),
            ],
          ],
        ),
        '',
        `A CPU profile of one load puts ${fmt(profiled.load.deskmate, 1)} ms of JavaScript in Deskmate's scripts, of which`,
        `${fmt(profiled.load.sites, 2)} ms in the site code (src/content/sites); of the ${BURST} coalesced batches, ` +
          `${fmt(profiled.batch.deskmate, 3)} ms per batch, of which ${fmt(profiled.batch.sites, 3)} ms in the site code`,
        '(the data guard re-reading the messages on each batch). The rest of the added main-thread time is not script:',
        "compiling the content script's modules, the workbench UI's style and layout, and the layout the guard's overlay",
        'causes.',
        '',
        'The adapter reads alone, timed in the page on the same 200 messages (src/content/sites, as bundled):',
        '',
        table(
          ['read', 'mean ms', 'p95 ms'],
          [
            [
              'readTicketFacts (SLA clocks: priority, status, created, 200 roles and times)',
              fmt(reads.facts.mean, 3),
              fmt(reads.facts.p95, 3),
            ],
            [
              'readMessages, roles only (data guard, every batch)',
              fmt(reads.roles.mean, 3),
              fmt(reads.roles.p95, 3),
            ],
            ['missingRequired (drift check)', fmt(reads.drift.mean, 3), fmt(reads.drift.p95, 3)],
            [
              'siteDiagnostics (palette command)',
              fmt(reads.diagnostics.mean, 3),
              fmt(reads.diagnostics.p95, 3),
            ],
          ],
        ),
        '',
        `The content script loads ${kb(chunks.reduce((sum, c) => sum + c.bytes, 0))} of JavaScript on every helpdesk page: ` +
          chunks
            .slice(0, 6)
            .map((c) => `${c.file.replace(/^assets\//, '').replace(/-[\w-]{8}\.js$/, '.js')} ${kb(c.bytes)}`)
            .join(', ') +
          '.',
        '',
        `- Added by Deskmate at page load: ${verdict(added, 30)} of main-thread time (script ${fmt(addedScript, 2)} ms).`,
        `- Added per mutation batch, batches coalesced by the debounce: ${verdict(perBurst, 2)}.`,
        `- Added per mutation batch, each batch re-read in full: ${verdict(perIsolated, 2)}.`,
      ].join('\n');
    } finally {
      await plain.close();
      await extended.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
