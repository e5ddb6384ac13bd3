/**
 * What Deskmate adds to the work a page does AFTER it has loaded and settled: per DOM mutation batch (a new node in
 * the conversation), per key the agent types in the reply box. Used by test/bench/sites-perf.ts (the Zendesk
 * fixture) and test/bench/real-apps-perf.ts (a live Request Tracker and Roundcube).
 *
 * One page session: the page is loaded in a fresh tab, left `settleMs` (what Deskmate defers at start has run),
 * then traced (page-cost.ts `traceMainThread`) while each phase runs. A phase is an action repeated `count` times
 * `gapMs` apart (one mutation batch, one key), run twice: first a loop doing only a driver round trip per
 * iteration (the idle loop), then the loop doing the action; the idle loop's main-thread CPU is subtracted from the
 * action loop's, so background timers (the page's and Deskmate's) and the driver's own round trips cancel out, and
 * the difference divided by `count` is the page's work per action. Both loops end with `tailMs` more, so that what
 * the last action scheduled (a debounced check) runs inside its window.
 *
 * Paired: `repeats` rounds, each one session in the browser without the extension (the page's own work) and one
 * with Deskmate on, the order alternating; a round's added cost is the difference of its two per-action costs, and
 * the report gives the median of the rounds with its IQR and bootstrap 95 % interval (page-cost.ts `spread`).
 */
import type { Page } from 'playwright-core';
import type { LaunchedChromium } from '../e2e/support/chromium.ts';
import {
  type Browsers,
  type Metrics,
  mark,
  type PageTarget,
  quantile,
  type Spread,
  spread,
  traceMainThread,
  waitReady,
} from './page-cost.ts';

export interface WorkPhase {
  /** Names the phase in the result (unique within a session). */
  id: string;
  /**
   * Readies the page for the phase (e.g. puts the caret in the reply box), before its idle loop; its own work is
   * not counted. Then the page is left `restMs`.
   */
  setup?: (page: Page) => Promise<unknown>;
  /** Leaves the page this long after `setup` (default 1 s). */
  restMs?: number;
  /** One action: `index` counts from 0. */
  act: (page: Page, index: number) => Promise<unknown>;
  count: number;
  gapMs: number;
  /** After the last iteration of each loop (default 1.2 s). */
  tailMs?: number;
}

/** The page's main-thread work per action of each phase, on one page session (ms, by phase id). */
export async function pageWork(
  browser: LaunchedChromium,
  target: PageTarget,
  deskmate: boolean,
  options: { phases: WorkPhase[]; settleMs: number },
): Promise<Map<string, Metrics>> {
  const page = await browser.context.newPage();
  try {
    await page.goto(target.url);
    await waitReady(page, target, deskmate);
    await page.waitForTimeout(options.settleMs);
    const work = await traceMainThread(page, async () => {
      await mark(page, 'start');
      for (const phase of options.phases) {
        const loop = async (act: (index: number) => Promise<unknown>) => {
          for (let i = 0; i < phase.count; i++) {
            await act(i);
            await page.waitForTimeout(phase.gapMs);
          }
          await page.waitForTimeout(phase.tailMs ?? 1_200);
        };
        if (phase.setup) {
          await phase.setup(page);
          await page.waitForTimeout(phase.restMs ?? 1_000);
        }
        await mark(page, `${phase.id}:ready`);
        await loop(() => page.evaluate(() => 0));
        await mark(page, `${phase.id}:idle`);
        await loop((index) => phase.act(page, index));
        await mark(page, `${phase.id}:busy`);
      }
    });
    const result = new Map<string, Metrics>();
    for (const phase of options.phases) {
      const idle = work.get(`${phase.id}:idle`)!;
      const busy = work.get(`${phase.id}:busy`)!;
      result.set(phase.id, {
        cpu: (busy.cpu - idle.cpu) / phase.count,
        task: (busy.task - idle.task) / phase.count,
      });
    }
    return result;
  } finally {
    await page.close();
  }
}

/** One round: the per-action work of the page alone and with Deskmate on. */
export interface WorkPair {
  page: Metrics;
  on: Metrics;
}

export interface PairedWork {
  /** Deskmate on − the page alone, per action, CPU ms: median of the rounds with its spread. */
  added: Spread;
  /** The same difference over the page's own work per action of the round. */
  ratio: Spread;
  /** Medians of the rounds: the page's own and Deskmate on, CPU ms per action. */
  page: number;
  on: number;
  /** Median of the rounds' added wall time per action (ms; inflated when other processes share the CPU). */
  wallAdded: number;
  rounds: number;
}

/**
 * The paired summary of a phase's rounds. A round's ratio is left out when the page's own work per action was not
 * positive (a ratio to nothing says nothing).
 */
export function pairedWork(pairs: readonly WorkPair[]): PairedWork {
  return {
    added: spread(pairs.map((pair) => pair.on.cpu - pair.page.cpu)),
    ratio: spread(
      pairs.flatMap((pair) => (pair.page.cpu > 0 ? [(pair.on.cpu - pair.page.cpu) / pair.page.cpu] : [])),
    ),
    page: quantile(
      pairs.map((pair) => pair.page.cpu),
      0.5,
    ),
    on: quantile(
      pairs.map((pair) => pair.on.cpu),
      0.5,
    ),
    wallAdded: quantile(
      pairs.map((pair) => pair.on.task - pair.page.task),
      0.5,
    ),
    rounds: pairs.length,
  };
}

/**
 * The added work per action of each phase, paired: `repeats` rounds of (the page alone, Deskmate on), the order
 * alternating; every phase runs in each session.
 */
export async function pairedPageWork(
  browsers: Browsers,
  target: PageTarget,
  options: {
    phases: WorkPhase[];
    settleMs: number;
    repeats: number;
    onRound?: (round: number) => void;
  },
): Promise<Map<string, PairedWork>> {
  const rounds: Array<{ page: Map<string, Metrics>; on: Map<string, Metrics> }> = [];
  for (let round = 0; round < options.repeats; round++) {
    const order = round % 2 ? (['on', 'page'] as const) : (['page', 'on'] as const);
    const sessions = {} as { page: Map<string, Metrics>; on: Map<string, Metrics> };
    for (const variant of order)
      sessions[variant] = await pageWork(browsers[variant], target, variant === 'on', options);
    rounds.push(sessions);
    options.onRound?.(round);
  }
  return new Map(
    options.phases.map((phase) => [
      phase.id,
      pairedWork(rounds.map((round) => ({ page: round.page.get(phase.id)!, on: round.on.get(phase.id)! }))),
    ]),
  );
}

/**
 * The added main-thread CPU per mutation batch (one phase of `count` batches `gapMs` apart), paired with the page
 * alone: what sites-perf reports.
 */
export async function pairedMutationCost(
  browsers: Browsers,
  target: PageTarget,
  options: {
    mutate: (page: Page) => Promise<unknown>;
    count: number;
    gapMs: number;
    settleMs: number;
    repeats: number;
  },
): Promise<PairedWork> {
  const phase: WorkPhase = {
    id: 'mutations',
    act: (page) => options.mutate(page),
    count: options.count,
    gapMs: options.gapMs,
  };
  const work = await pairedPageWork(browsers, target, {
    phases: [phase],
    settleMs: options.settleMs,
    repeats: options.repeats,
  });
  return work.get(phase.id)!;
}
