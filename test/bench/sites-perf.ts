/**
 * What Deskmate's content script costs a real-size helpdesk page, as a ratio to the page's own main-thread CPU
 * (test/bench/page-cost.ts): the Zendesk fixture with a 200-message conversation, served at https://acme.zendesk.com
 * (test/e2e/support/helpdesk-server.ts) in its `?app` mode, where the page starts as the real app does (React
 * renders the ticket view from data, the composer is a real CKEditor 5: test/fixtures/sites/zendesk/app.ts), and,
 * for reference, the same markup as a static page. Goals: ≤ 10 % with Deskmate on, ≤ 3 % installed but turned off,
 * ≤ 2 ms added per DOM mutation batch even when every feature's check runs.
 *
 * `DESKMATE_BENCH_ROUNDS=n` (default 11) sets the paired rounds of the page-load measurement;
 * `DESKMATE_BENCH_QUICK=1` measures the app-start page load alone (no static page, mutations, profile or reads), for
 * a quick look while working — the section it writes says so. `DESKMATE_BENCH_EXTENSION=<dir>` measures that built
 * extension (e.g. an earlier commit's dist/chrome, for a before/after) instead of building this tree's.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { buildExtension } from '../../scripts/build.ts';
import { freePort } from '../../scripts/serve-demo.ts';
import type { LaunchedChromium } from '../e2e/support/chromium.ts';
import { helpdeskServerUnavailable, startHelpdeskServer } from '../e2e/support/helpdesk-server.ts';
import {
  type Browsers,
  launchBrowsers,
  loadCost,
  loadReport,
  loadVerdicts,
  measureLoads,
  type PageTarget,
  type Spread,
  verdict,
  waitReady,
} from './page-cost.ts';
import { pairedMutationCost } from './page-work.ts';
import { type BenchSuite, fmt, summarize, table } from './suite.ts';

const HOST = 'acme.zendesk.com';
const ROUNDS = Number(process.env.DESKMATE_BENCH_ROUNDS) || 21;
/** Rounds that also follow the page until it has settled (each several times longer). */
const SETTLED_ROUNDS = Math.max(3, Math.round(ROUNDS / 3));
/** The static page, for reference only: fewer rounds. */
const STATIC_ROUNDS = Math.max(3, Math.round(ROUNDS / 2));
const MUTATION_REPEATS = Math.max(2, Math.round(ROUNDS / 5));
const BURST = 40;
const ISOLATED = 12;
/** Until this long after the page is ready, everything Deskmate defers at start has run. */
const SETTLED_MS = 7_000;
const MUTATION_GOAL_MS = 2;
const QUICK = process.env.DESKMATE_BENCH_QUICK === '1';

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

/** The Zendesk fixture at its real address; `app`: started as the real app does (see the file's header). */
function zendeskTarget(origin: string, browserArgs: string[], app: boolean): PageTarget {
  return {
    label: app ? 'Zendesk fixture, app start (React + CKEditor 5)' : 'Zendesk fixture, static page',
    url: `${origin}/agent/tickets/73501?messages=200${app ? '&app' : ''}`,
    browserArgs,
    pageReady: () => (globalThis as { __fixture?: unknown }).__fixture,
    async configure(send) {
      await send({
        channel: 'deskmate',
        type: 'clients.save',
        payload: { client: { id: 'acme-zd', name: 'Acme (Zendesk)', matches: [{ host: HOST }] } },
      });
    },
  };
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
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
};

interface Attribution {
  deskmate: number;
  sites: number;
  /** Self time by Deskmate script file. */
  files: Map<string, number>;
  /** Self time by function (name and file). */
  functions: Map<string, number>;
}

/** Self time (ms) of the JavaScript in Deskmate's scripts in a CPU profile: by file, by function, and in the site code. */
function attribute(profile: Profile): Attribution {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const result: Attribution = { deskmate: 0, sites: 0, files: new Map(), functions: new Map() };
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  profile.samples.forEach((id, index) => {
    const frame = nodes.get(id)?.callFrame;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    if (!frame?.url.startsWith('chrome-extension://')) return;
    const file = new URL(frame.url).pathname.slice(1);
    result.deskmate += ms;
    add(result.files, file, ms);
    add(result.functions, `${frame.functionName || '(top level)'} (${file})`, ms);
    if (SITE_FUNCTIONS.has(frame.functionName)) result.sites += ms;
  });
  return result;
}

const top = (map: Map<string, number>, n: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, ms]) => `${key} ${fmt(ms, 1)} ms`)
    .join('; ');

/**
 * Where Deskmate's JavaScript time goes (a CPU profile of the page's renderer, 0.1 ms sampling): during the page
 * load (until 2 s after ready), and per batch during a burst of mutation batches.
 */
async function profileDeskmate(browser: LaunchedChromium, target: PageTarget, count: number) {
  const page = await browser.context.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(target.url);
  await waitReady(page, target, true);
  await page.waitForTimeout(2_000);
  const load = attribute(((await cdp.send('Profiler.stop')) as { profile: Profile }).profile);
  await page.waitForTimeout(SETTLED_MS);
  await cdp.send('Profiler.start');
  for (let i = 0; i < count; i++) {
    await mutate(page);
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(1_200);
  const burst = attribute(((await cdp.send('Profiler.stop')) as { profile: Profile }).profile);
  await cdp.detach().catch(() => {});
  await page.close();
  return { load, burst };
}

/** The adapter reads themselves, timed in the page (the code the content script runs, bundled for the page). */
async function readCosts(browser: LaunchedChromium, target: PageTarget) {
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
  await page.goto(target.url);
  await waitReady(page, target, false);
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

/**
 * The content script's files: what every page the manifest (or a custom site's registration) matches runs, and
 * every other script under content/ (the main bundle the worker injects once Deskmate is on for the page, when the
 * build has one, and the on-demand bundles).
 */
async function contentScriptFiles(dir: string) {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    content_scripts: Array<{ js: string[] }>;
  };
  const eager = [...new Set(manifest.content_scripts.flatMap((script) => script.js))];
  const size = async (file: string) => ({ file, bytes: (await stat(join(dir, file))).size });
  const all = (await readdir(join(dir, 'content'), { recursive: true }))
    .filter((file) => file.endsWith('.js'))
    .map((file) => `content/${file}`);
  return {
    eager: await Promise.all(eager.map(size)),
    others: await Promise.all(all.filter((file) => !eager.includes(file)).map(size)),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (s: Spread) =>
  `${fmt(s.median, 2)} ms (IQR ${fmt(s.q1, 2)}–${fmt(s.q3, 2)}; 95 % CI ${fmt(s.low, 2)}–${fmt(s.high, 2)})`;

export const sitesPerfSuite: BenchSuite = {
  id: 'sites-perf',
  title: 'Site adapters: content-script cost on a 200-message Zendesk page (Chromium)',
  async run() {
    const unavailable = helpdeskServerUnavailable();
    if (unavailable) return `_Not measured: the helpdesk fixtures cannot be served here (${unavailable})._`;
    // Load a private copy: other runs on this machine rebuild dist/ (new file names) while this one measures.
    const dir = await mkdtemp(join(tmpdir(), 'deskmate-bench-ext-'));
    const given = process.env.DESKMATE_BENCH_EXTENSION;
    await cp(given ?? (await buildExtension('chrome')), dir, { recursive: true });
    // A port of its own, the helpdesk hosts mapped to it: e2e runs on this machine may hold port 443.
    const port = await freePort();
    const server = await startHelpdeskServer(port);
    const args = [
      `--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE localhost`,
      '--ignore-certificate-errors',
    ];
    const origin = `https://${HOST}`;
    const app = zendeskTarget(origin, args, true);
    const plain = zendeskTarget(origin, args, false);
    let browsers: Browsers | undefined;
    try {
      browsers = await launchBrowsers(app, dir);
      const progress = (what: string) => (round: number) => console.info(`bench: ${what} round ${round + 1}`);
      const appLoads = await measureLoads(browsers, app, { rounds: ROUNDS, onRound: progress('app page') });
      if (QUICK) {
        const cost = loadCost(appLoads);
        return [
          `_Quick look (DESKMATE_BENCH_QUICK=1): the app-start page load only, ${ROUNDS} paired rounds._`,
          '',
          loadReport(cost),
          '',
          ...loadVerdicts(cost),
        ].join('\n');
      }
      const appSettled = await measureLoads(browsers, app, {
        rounds: SETTLED_ROUNDS,
        windows: { loadMs: 2_000, settledMs: SETTLED_MS },
        variants: ['page', 'on'],
        onRound: progress('app page, until settled,'),
      });
      const staticLoads = await measureLoads(browsers, plain, {
        rounds: STATIC_ROUNDS,
        onRound: progress('static page'),
      });
      const appCost = loadCost(appLoads, appSettled);
      const staticCost = loadCost(staticLoads);
      const mutations = { mutate, settleMs: SETTLED_MS, repeats: MUTATION_REPEATS };
      const burst = await pairedMutationCost(browsers, app, { ...mutations, count: BURST, gapMs: 40 });
      // Batches far enough apart that each one runs every feature's debounced check of the conversation.
      const isolated = await pairedMutationCost(browsers, app, {
        ...mutations,
        count: ISOLATED,
        gapMs: 1_400,
      });
      const profiled = await profileDeskmate(browsers.on, app, BURST);
      const reads = await readCosts(browsers.page, app);
      const files = await contentScriptFiles(dir);

      return [
        ...(given ? [`_Extension measured: ${given} (DESKMATE_BENCH_EXTENSION)._`, ''] : []),
        `The Zendesk fixture at https://${HOST}/agent/tickets/73501?messages=200 (200 log items), served over HTTPS`,
        'with `--host-resolver-rules`. **App start** (`&app`): the page starts as the real app does — its minified',
        'bundle (React renders the ticket view from data; the composer is a real CKEditor 5; test/fixtures/sites/zendesk/',
        'app.ts) loads, and the page is ready when the editor is up. Still far lighter than the real Agent Workspace. The',
        '**static page** (same markup, one `innerHTML`) is shown for reference: the page does almost nothing itself there.',
        '',
        "Main-thread work = the CPU time of the top-level tasks on the page renderer's main thread, from a Chromium trace",
        '(`tdur` of `ThreadControllerImpl::RunTask`): unlike wall time it is not inflated by other processes waiting for',
        'the CPU on this shared machine. Three browsers side by side: without the extension (the page’s own work), with',
        `Deskmate on, with Deskmate installed but turned off. ${ROUNDS} paired rounds (${STATIC_ROUNDS} for the static`,
        'page) after a warm-up round: each round loads the page once in each browser, the order rotating; a ratio is',
        '(the load with Deskmate − the page’s own load of the same round) / the page’s own load. Medians of the rounds',
        'with the interquartile range and a bootstrap 95 % interval of the median. A load is counted from before',
        'navigation until 2 s after the page (and Deskmate, when on) is ready; in ' +
          `${SETTLED_ROUNDS} more rounds (the page alone and Deskmate on) until ${SETTLED_MS / 1000} s after: the data`,
        "guard's engine loads when the agent works in the composer, selects text or sends, or else once the page has",
        'settled (its DOM quiet for 2.5 s; then it also flags the customer messages).',
        '',
        `**App start** (${app.url.replace(origin, `https://${HOST}`)}):`,
        '',
        loadReport(appCost),
        '',
        `**Static page**, for reference (${plain.url}):`,
        '',
        loadReport(staticCost),
        '',
        `Mutation batches (app start page, after it has settled): one new log node per batch, the same loop run without`,
        `mutations subtracted; ${BURST} batches 40 ms apart (the clocks' 1 s debounce coalesces them) and ${ISOLATED}`,
        "batches 1.4 s apart (each one runs every feature's debounced check of the conversation: guard, answers, clocks,",
        `drift). ${MUTATION_REPEATS} paired rounds each (the page alone, Deskmate on); added = the difference within a round.`,
        '',
        table(
          [
            'per mutation batch',
            'page alone CPU ms',
            'Deskmate on CPU ms',
            'added CPU ms (median, spread)',
            'added wall ms',
          ],
          [
            [
              `${BURST} batches 40 ms apart (coalesced)`,
              fmt(burst.page, 3),
              fmt(burst.on, 3),
              ms(burst.added),
              fmt(burst.wallAdded, 3),
            ],
            [
              `${ISOLATED} batches 1.4 s apart (every feature's check)`,
              fmt(isolated.page, 3),
              fmt(isolated.on, 3),
              ms(isolated.added),
              fmt(isolated.wallAdded, 3),
            ],
          ],
        ),
        '',
        `A CPU profile of one app-start load puts ${fmt(profiled.load.deskmate, 1)} ms of JavaScript (self time) in Deskmate's`,
        `scripts until ready + 2 s — by file: ${top(profiled.load.files, 6)}; the most expensive functions: ${top(profiled.load.functions, 8)};`,
        `${fmt(profiled.load.sites, 2)} ms in the site code (src/content/sites). Of the ${BURST} coalesced batches, ` +
          `${fmt(profiled.burst.deskmate / BURST, 3)} ms per batch (${fmt(profiled.burst.sites / BURST, 3)} ms in the site code); the most`,
        `expensive functions over the burst: ${top(profiled.burst.functions, 6)}. The profiler slows scripts down, so these`,
        'say where the cost lies rather than add up to the traced difference above; besides script, the content script',
        "adds its compilation, the workbench UI's style and layout, and the layout the guard's overlay causes.",
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
        `Every page the content script matches runs ${files.eager.map((f) => `${f.file} (${kb(f.bytes)})`).join(', ')}; ` +
          `the other scripts (injected by the worker when needed): ${files.others.map((f) => `${f.file} ${kb(f.bytes)}`).join(', ')}.`,
        '',
        '**Verdicts** (app start page):',
        '',
        ...loadVerdicts(appCost),
        `- Per mutation batch, coalesced by the debounce: ${ms(burst.added)}; goal ≤ ${MUTATION_GOAL_MS} ms: ${verdict(burst.added.median <= MUTATION_GOAL_MS)}.`,
        `- Per mutation batch, every feature's check: ${ms(isolated.added)}; goal ≤ ${MUTATION_GOAL_MS} ms: ${verdict(isolated.added.median <= MUTATION_GOAL_MS)}.`,
        `- For reference, on the static page: Deskmate on ${fmt(staticCost.ratio.on.load.median * 100, 1)} %` +
          ` (+${fmt(staticCost.added.on.load.median, 1)} ms), turned off ${fmt(staticCost.ratio.off.load.median * 100, 1)} %` +
          ` (+${fmt(staticCost.added.off.load.median, 1)} ms) of its own ${fmt(staticCost.own.load.median, 1)} ms.`,
      ].join('\n');
    } finally {
      await browsers?.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
