/**
 * What Deskmate's content script costs a page's main thread, as a RATIO to what the page itself costs there, so the
 * figure holds on any machine (a slower or busier one inflates both alike). For any page: a helpdesk fixture, or a
 * real app served on this machine (test/e2e/support/apps/) — `measurePageCost` takes a URL and the browser flags
 * the page needs.
 *
 * A live app (Request Tracker, Roundcube: test/e2e/support/apps/) is measured with `measurePageCost({ label,
 * url: <a ticket or reply page>, browserArgs: <the app's host mapping>, prepare: <log in in this browser context>,
 * pageReady: <its reply box is there>, configure: <save a client whose match is the app's host, and the custom site
 * naming its adapter> }, { extensionDir, rounds, settledRounds })`, which returns the same table and verdicts as the
 * fixture's section in BENCHMARKS.md: test/bench/real-apps-perf.ts does. What Deskmate adds after the page has
 * loaded (per mutation batch, per key typed) is measured by test/bench/page-work.ts.
 *
 * Main-thread work = the CPU time (trace `tdur`) of the top-level tasks on the page renderer's main thread, from a
 * Chromium trace: unlike wall time it is not inflated by other processes waiting for the CPU on a shared machine.
 * Three browsers run side by side: without the extension (the page's own work), with Deskmate on, and with
 * Deskmate installed but turned off. Loads are paired: each round loads the page once in each browser (the order
 * rotates round by round), and each extension load is compared with the page's own load of the same round, so a
 * change in the machine's load between rounds affects both sides of a ratio alike. The report gives the median of
 * the per-round ratios with their interquartile range and a bootstrap 95 % interval of the median.
 */

import type { BrowserContext, Page } from 'playwright-core';
import { type LaunchedChromium, launchChromium } from '../e2e/support/chromium.ts';
import { traceEvents } from './guard-trace.ts';
import { fmt, table } from './suite.ts';

export interface PageTarget {
  /** For the report: what the page is. */
  label: string;
  url: string;
  /** Chromium flags the page needs (host resolver rules, certificate errors…). */
  browserArgs: string[];
  /**
   * Polled in the page's main world until truthy: the page shows what the agent works on (default: the load event
   * has fired). Serialised into the page: it must not close over anything.
   */
  pageReady?: () => unknown;
  /**
   * Sets Deskmate up for the page, through the worker's messages (e.g. a client whose match is the page's host);
   * `options` is the extension's options page it sends them from (e.g. to wait until the worker has registered a
   * custom site's content script).
   */
  configure?(send: (message: unknown) => Promise<unknown>, options: Page): Promise<void>;
  /**
   * Readies each of the three browsers before any load, e.g. logs in to a live app so that every load opens the
   * ticket view rather than a login form.
   */
  prepare?(context: BrowserContext): Promise<void>;
}

export interface LoadWindows {
  /** The page load: from before navigation until this long after the page and Deskmate are ready. */
  loadMs: number;
  /**
   * Also until this long after ready: what Deskmate defers until the page has settled has run too. Optional: the
   * extra wait makes a round several times longer, so it is measured in rounds of its own, fewer.
   */
  settledMs?: number;
}

export const DEFAULT_WINDOWS: LoadWindows = { loadMs: 2_000 };

/** The main-thread CPU of one load, per window (ms). */
interface LoadSample {
  load: number;
  /** NaN when the load was not followed that long. */
  settled: number;
  /** Wall time of the same tasks until ready + loadMs (inflated when other processes share the CPU). */
  wall: number;
  /** From navigation until Deskmate (or the page, without Deskmate) was ready, wall clock (ms). */
  readyAfter: number;
}

export type VariantId = 'page' | 'on' | 'off';

export interface Browsers {
  page: LaunchedChromium;
  on: LaunchedChromium;
  off: LaunchedChromium;
  close(): Promise<void>;
}

const MARK = 'deskmate-bench:';

/** Puts a named mark on the page's main thread in the trace (a User Timing mark). */
export const mark = (page: Page, label: string) =>
  page.evaluate((text) => {
    performance.mark(text);
  }, `${MARK}${label}`);

type TraceEvent = {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
};

export interface Metrics {
  /** CPU time of the page's main-thread tasks (trace `tdur`). */
  cpu: number;
  /** Wall time of the same tasks (trace `dur`). */
  task: number;
}

/**
 * Traces the browser while `act` runs and returns the page's main-thread work between consecutive marks (`act`
 * places them with `mark`): the CPU and wall time of the renderer main thread's top-level tasks that started in
 * each interval, the first from the start of the trace.
 */
export async function traceMainThread(page: Page, act: () => Promise<void>): Promise<Map<string, Metrics>> {
  // Only the task and mark categories: the timeline's finer events would slow the page down while measured.
  const events = await traceEvents<TraceEvent>(page, 'toplevel,blink.user_timing', act);
  const marks = events
    .filter((e) => e.name.startsWith(MARK) && (e.ph === 'R' || e.ph === 'I' || e.ph === 'n' || e.ph === 'b'))
    .sort((a, b) => a.ts - b.ts);
  const first = marks[0];
  if (!first) throw new Error('no marks in the trace');
  const tasks = events
    .filter(
      (e) =>
        e.pid === first.pid &&
        e.tid === first.tid &&
        e.ph === 'X' &&
        (e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask'),
    )
    .sort((a, b) => a.ts - b.ts);
  // Top-level tasks only (a nested run loop's tasks are inside their parent's time).
  const top: TraceEvent[] = [];
  for (const task of tasks) {
    const last = top.at(-1);
    if (last && task.ts < last.ts + (last.dur ?? 0)) continue;
    top.push(task);
  }
  const result = new Map<string, Metrics>();
  let from = Number.NEGATIVE_INFINITY;
  for (const m of marks) {
    const label = m.name.slice(MARK.length);
    const inside = top.filter((t) => t.ts >= from && t.ts < m.ts);
    result.set(label, {
      cpu: inside.reduce((sum, t) => sum + (t.tdur ?? 0), 0) / 1000,
      task: inside.reduce((sum, t) => sum + (t.dur ?? 0), 0) / 1000,
    });
    from = m.ts;
  }
  return result;
}

const defaultReady = () => document.readyState === 'complete';

/**
 * Waits until the page is ready and, with Deskmate on, until Deskmate is. Polled in the page every 250 ms: each poll
 * is main-thread work, and a load that takes longer gets more of them. Not with waitForSelector: that one makes
 * Playwright create its own isolated world and compile its injected script in the page, 12–34 ms of main-thread
 * work that the variants without Deskmate never pay and that would be billed to it.
 */
export async function waitReady(page: Page, target: PageTarget, deskmate: boolean): Promise<void> {
  await page.waitForFunction(target.pageReady ?? defaultReady, null, { timeout: 30_000, polling: 250 });
  if (!deskmate) return;
  try {
    await page.waitForFunction(
      () => document.getElementById('deskmate-root')?.dataset.state === 'ready',
      null,
      { timeout: 30_000, polling: 250 },
    );
  } catch (error) {
    const state = await page.evaluate(
      () => document.getElementById('deskmate-root')?.dataset.state ?? 'no root',
    );
    throw new Error(`Deskmate did not start on ${page.url()} (root: ${state})`, { cause: error });
  }
}

/** Launches the three browsers and sets Deskmate up in the two that have it (on, and turned off). */
export async function launchBrowsers(target: PageTarget, extensionDir: string): Promise<Browsers> {
  const page = await launchChromium({ args: target.browserArgs });
  const on = await launchChromium({ extensionDir, args: target.browserArgs });
  const off = await launchChromium({ extensionDir, args: target.browserArgs });
  const browsers = {
    page,
    on,
    off,
    async close() {
      await Promise.all([page.close(), on.close(), off.close()]);
    },
  };
  try {
    for (const browser of [page, on, off]) await target.prepare?.(browser.context);
    for (const [browser, enabled] of [
      [on, true],
      [off, false],
    ] as const) {
      const options = await browser.context.newPage();
      await options.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
      const send = (message: unknown) => options.evaluate((m) => chrome.runtime.sendMessage(m), message);
      await target.configure?.(send, options);
      const reply = (await send({
        channel: 'deskmate',
        type: 'settings.write',
        payload: { layer: 'agent', key: 'enabled', value: enabled },
      })) as { ok: boolean; error?: string };
      if (!reply.ok) throw new Error(`setting Deskmate ${enabled ? 'on' : 'off'} failed: ${reply.error}`);
      await options.close();
    }
  } catch (error) {
    await browsers.close();
    throw error;
  }
  return browsers;
}

/** One load of the page in a fresh tab, traced from before navigation until ready + loadMs (or settledMs). */
async function loadOnce(
  browser: LaunchedChromium,
  target: PageTarget,
  deskmate: boolean,
  windows: LoadWindows,
): Promise<LoadSample> {
  const page = await browser.context.newPage();
  try {
    let readyAfter = 0;
    const work = await traceMainThread(page, async () => {
      const started = performance.now();
      await page.goto(target.url);
      await waitReady(page, target, deskmate);
      readyAfter = performance.now() - started;
      await page.waitForTimeout(windows.loadMs);
      await mark(page, 'load');
      if (windows.settledMs === undefined) return;
      await page.waitForTimeout(windows.settledMs - windows.loadMs);
      await mark(page, 'settled');
    });
    const load = work.get('load')!;
    const settled = work.get('settled');
    return {
      load: load.cpu,
      settled: settled ? load.cpu + settled.cpu : Number.NaN,
      wall: load.task,
      readyAfter,
    };
  } finally {
    await page.close();
  }
}

export interface LoadRounds {
  /** Per round, per variant measured. */
  rounds: Array<Partial<Record<VariantId, LoadSample>>>;
  windows: LoadWindows;
}

/**
 * `rounds` paired rounds after one warm-up round (first-load compilation and caches): each round loads the page
 * once in every browser, the order rotating so that no variant always comes first.
 */
export async function measureLoads(
  browsers: Browsers,
  target: PageTarget,
  options: {
    rounds: number;
    windows?: LoadWindows;
    /** Which browsers load the page (default: all three; the page alone is always one). */
    variants?: VariantId[];
    onRound?: (round: number) => void;
  },
): Promise<LoadRounds> {
  const windows = options.windows ?? DEFAULT_WINDOWS;
  const order: VariantId[] = options.variants ?? ['page', 'on', 'off'];
  if (!order.includes('page')) throw new Error('a ratio needs the page alone in every round');
  const rounds: LoadRounds['rounds'] = [];
  for (let round = -1; round < options.rounds; round++) {
    const sample: Partial<Record<VariantId, LoadSample>> = {};
    const shift = ((round % order.length) + order.length) % order.length;
    for (const variant of [...order.slice(shift), ...order.slice(0, shift)])
      sample[variant] = await loadOnce(browsers[variant], target, variant === 'on', windows);
    if (round >= 0) {
      rounds.push(sample);
      options.onRound?.(round);
    }
  }
  return { rounds, windows };
}

/** A seeded generator (mulberry32), so the bootstrap interval of one set of rounds is the same every time. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The q-quantile of values, linearly interpolated. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export interface Spread {
  n: number;
  median: number;
  q1: number;
  q3: number;
  /** Bootstrap 95 % interval of the median (percentile method, 4000 resamples). */
  low: number;
  high: number;
}

export function spread(values: readonly number[], seed = 1): Spread {
  const next = random(seed);
  const medians: number[] = [];
  for (let i = 0; i < 4000; i++) {
    const resample = values.map(() => values[Math.floor(next() * values.length)]!);
    medians.push(quantile(resample, 0.5));
  }
  return {
    n: values.length,
    median: quantile(values, 0.5),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    low: quantile(medians, 0.025),
    high: quantile(medians, 0.975),
  };
}

type Windowed = { load: Spread; settled?: Spread };

export interface LoadCost {
  /** The page's own main-thread CPU per load (ms), by window. */
  own: Windowed;
  /** (with Deskmate − the page alone) / the page alone, per round; by variant and window. */
  ratio: Record<'on' | 'off', Windowed>;
  /** The same differences in ms. */
  added: Record<'on' | 'off', Windowed>;
  /** Medians per variant, for the table: CPU by window, wall until ready + loadMs, time to ready. */
  medians: Record<VariantId, { load: number; settled: number; wall: number; readyAfter: number }>;
  windows: Required<LoadWindows>;
  rounds: { load: number; settled: number };
}

/**
 * The cost from paired rounds: `measured` for the page load, and `settled` (rounds that also followed the page
 * until settledMs, maybe not for every variant) for the longer window.
 */
export function loadCost(measured: LoadRounds, settled?: LoadRounds): LoadCost {
  const pick = (from: LoadRounds, variant: VariantId, key: keyof LoadSample) =>
    from.rounds.flatMap((round) => {
      const value = round[variant]?.[key];
      return value !== undefined && Number.isFinite(value) ? [value] : [];
    });
  const paired = (from: LoadRounds, variant: 'on' | 'off', key: 'load' | 'settled', ratio: boolean) =>
    from.rounds.flatMap((round) => {
      const own = round.page?.[key];
      const withDeskmate = round[variant]?.[key];
      if (own === undefined || withDeskmate === undefined || !Number.isFinite(own + withDeskmate)) return [];
      return [ratio ? (withDeskmate - own) / own : withDeskmate - own];
    });
  const windowed = (variant: 'on' | 'off', ratio: boolean): Windowed => {
    const long = settled ? paired(settled, variant, 'settled', ratio) : [];
    return {
      load: spread(paired(measured, variant, 'load', ratio)),
      ...(long.length ? { settled: spread(long) } : {}),
    };
  };
  const medians = {} as LoadCost['medians'];
  for (const variant of ['page', 'on', 'off'] as const)
    medians[variant] = {
      load: quantile(pick(measured, variant, 'load'), 0.5),
      settled: settled ? quantile(pick(settled, variant, 'settled'), 0.5) : Number.NaN,
      wall: quantile(pick(measured, variant, 'wall'), 0.5),
      readyAfter: quantile(pick(measured, variant, 'readyAfter'), 0.5),
    };
  const ownSettled = settled ? pick(settled, 'page', 'settled') : [];
  return {
    own: {
      load: spread(pick(measured, 'page', 'load')),
      ...(ownSettled.length ? { settled: spread(ownSettled) } : {}),
    },
    ratio: { on: windowed('on', true), off: windowed('off', true) },
    added: { on: windowed('on', false), off: windowed('off', false) },
    medians,
    windows: {
      loadMs: measured.windows.loadMs,
      settledMs: settled?.windows.settledMs ?? Number.NaN,
    },
    rounds: { load: measured.rounds.length, settled: settled?.rounds.length ?? 0 },
  };
}

const pct = (value: number) => `${fmt(value * 100, 1)} %`;

/** "12.3 % (IQR 10.1–14.0 %, 95 % CI 11.0–13.5 %)". */
export const ratioText = (s: Spread) =>
  `${pct(s.median)} (IQR ${fmt(s.q1 * 100, 1)}–${pct(s.q3)}; 95 % CI of the median ${fmt(s.low * 100, 1)}–${pct(s.high)})`;

/** Goals, as ratios of the page's own main-thread CPU at load. */
export const LOAD_GOALS = { on: 0.1, off: 0.03 } as const;

export const verdict = (met: boolean) => (met ? 'met' : 'MISSED');

/** The page-load part of a report: a table of the page's own CPU and the ratios, with their spread. */
export function loadReport(cost: LoadCost): string {
  const { loadMs, settledMs } = cost.windows;
  const row = (label: string, variant: VariantId) => {
    const m = cost.medians[variant];
    const ratio = variant === 'page' ? undefined : cost.ratio[variant];
    const added = variant === 'page' ? undefined : cost.added[variant];
    return [
      label,
      fmt(m.load, 1),
      ratio ? ratioText(ratio.load) : '(the page’s own)',
      added ? fmt(added.load.median, 1) : '—',
      ratio?.settled ? ratioText(ratio.settled) : variant === 'page' ? fmt(m.settled, 1) : '—',
      fmt(m.wall, 1),
      fmt(m.readyAfter, 0),
    ];
  };
  const settledRounds = cost.rounds.settled;
  return table(
    [
      'page load',
      `CPU ms until ready + ${loadMs / 1000} s (median, ${cost.rounds.load} rounds)`,
      'added / page’s own, median of paired rounds (IQR; 95 % CI)',
      'added ms (median)',
      settledRounds
        ? `until ready + ${settledMs / 1000} s: page’s own CPU ms / added ratio (${settledRounds} rounds)`
        : 'until settled',
      'wall ms of the same tasks',
      'ms to ready',
    ],
    [
      row('page alone (no extension)', 'page'),
      row('Deskmate on', 'on'),
      row('Deskmate installed, turned off', 'off'),
    ],
  );
}

const verdictLine = (label: string, ratio: Spread, goal: number) =>
  `- ${label}: ${pct(ratio.median)} of the page's own main-thread CPU (95 % CI of the median ` +
  `${fmt(ratio.low * 100, 1)}–${pct(ratio.high)}); goal ≤ ${goal * 100} %: ${verdict(ratio.median <= goal)}` +
  (ratio.median <= goal && ratio.high > goal ? ' (on the median; the interval reaches above it)' : '') +
  (ratio.median > goal && ratio.low <= goal ? ' (on the median; the interval reaches below it)' : '') +
  '.';

export function loadVerdicts(cost: LoadCost): string[] {
  return [
    verdictLine('Deskmate on, page load (until ready + 2 s)', cost.ratio.on.load, LOAD_GOALS.on),
    verdictLine('Deskmate installed, turned off', cost.ratio.off.load, LOAD_GOALS.off),
  ];
}

/**
 * The page-load measurement for any page: launches the three browsers with `extensionDir` (a built extension; pass
 * a private copy, other runs may rebuild dist/ meanwhile), runs `rounds` paired rounds (and `settledRounds` more
 * that follow the page until `settledMs`, the page alone and Deskmate on) and returns the cost with its Markdown
 * report. For a real app served on this machine (test/e2e/support/apps/), pass its URL, its browser flags, a
 * `pageReady` for its ticket view and a `configure` that adds a client matching its host. With `browsers` (from
 * `launchBrowsers`), it loads the page in those and leaves them open, for more measurements on the same set-up.
 */
export async function measurePageCost(
  target: PageTarget,
  options: {
    extensionDir: string;
    rounds: number;
    settledRounds?: number;
    loadMs?: number;
    settledMs?: number;
    browsers?: Browsers;
    onRound?: (round: number) => void;
  },
): Promise<{ cost: LoadCost; report: string }> {
  const browsers = options.browsers ?? (await launchBrowsers(target, options.extensionDir));
  try {
    const loadMs = options.loadMs ?? DEFAULT_WINDOWS.loadMs;
    const measured = await measureLoads(browsers, target, {
      rounds: options.rounds,
      windows: { loadMs },
      ...(options.onRound ? { onRound: options.onRound } : {}),
    });
    const settled = options.settledRounds
      ? await measureLoads(browsers, target, {
          rounds: options.settledRounds,
          windows: { loadMs, settledMs: options.settledMs ?? 7_000 },
          variants: ['page', 'on'],
        })
      : undefined;
    const cost = loadCost(measured, settled);
    return { cost, report: [loadReport(cost), '', ...loadVerdicts(cost)].join('\n') };
  } finally {
    if (!options.browsers) await browsers.close();
  }
}
