/**
 * The data guard's main-thread work as Chromium's own trace sees it. Timing inside the content script
 * (`performance.now()` around each callback) measures wall-clock time: on a shared two-core machine that includes
 * the moments the operating system gave the core to another process (the browser's other processes, the test
 * driver) while the callback was running. A trace of the page records, for every callback, both its wall time
 * (`dur`) and the time its thread actually ran (`tdur`): the guard's cost on the main thread, without the
 * machine's contention. (On a quiet run the two agree; under load the wall time's tail is mostly descheduling.)
 */
import type { Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { url?: string; type?: string } };
}

/** The guard's code: the on-demand bundle the content script loads for it (src/messaging/lazy.ts). */
const GUARD_BUNDLE = /\/content\/lazy\/guard\.js$/;

export interface Traced {
  /** The page's timeline events while `act` ran. */
  events: TraceEvent[];
}

/**
 * Chromium's trace of the page while `act` runs, in the given categories (a comma-separated list). The bench's
 * one tracing session: page-cost.ts and this file's timeline both go through it.
 */
export async function traceEvents<E>(page: Page, categories: string, act: () => Promise<void>): Promise<E[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: E[] = [];
  cdp.on('Tracing.dataCollected', (data) => {
    events.push(...(data.value as unknown as E[]));
  });
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories, transferMode: 'ReportEvents' });
  try {
    await act();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach().catch(() => {});
  }
  return events;
}

/** Traces the page's timeline (events dispatched, callbacks and the script they ran) while `act` runs. */
export async function traceTimeline(page: Page, act: () => Promise<void>): Promise<Traced> {
  return { events: await traceEvents<TraceEvent>(page, 'devtools.timeline', act) };
}

export interface MainThreadTime {
  /** Wall-clock ms. */
  wall: number;
  /** ms the main thread ran. */
  thread: number;
}

/** The guard's callbacks: calls into its bundle's code, the outermost ones only (a nested call is in its parent). */
export function guardCalls({ events }: Traced): TraceEvent[] {
  const calls = events
    .filter((e) => e.ph === 'X' && e.name === 'FunctionCall' && GUARD_BUNDLE.test(e.args?.data?.url ?? ''))
    .sort((a, b) => a.ts - b.ts);
  const outermost: TraceEvent[] = [];
  for (const call of calls) {
    const last = outermost.at(-1);
    if (last && last.tid === call.tid && call.ts < last.ts + (last.dur ?? 0)) continue;
    outermost.push(call);
  }
  return outermost;
}

function sum(calls: readonly TraceEvent[]): MainThreadTime {
  return {
    wall: calls.reduce((total, call) => total + (call.dur ?? 0), 0) / 1000,
    thread: calls.reduce((total, call) => total + (call.tdur ?? 0), 0) / 1000,
  };
}

/** All of the guard's main-thread work in the trace. */
export function guardTime(traced: Traced): MainThreadTime {
  return sum(guardCalls(traced));
}

/** The guard's work per keystroke: its callbacks from one `keydown` to the next (the last key: to the end). */
export function guardTimePerKey(traced: Traced): MainThreadTime[] {
  const calls = guardCalls(traced);
  const keys = traced.events
    .filter((e) => e.ph === 'X' && e.name === 'EventDispatch' && e.args?.data?.type === 'keydown')
    .filter((e) => calls.length === 0 || e.tid === calls[0]!.tid)
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  return keys.map((from, i) => {
    const to = keys[i + 1] ?? Number.POSITIVE_INFINITY;
    return sum(calls.filter((call) => call.ts >= from && call.ts < to));
  });
}

/** Loading the guard's bundle on the page: compiling it and running its top level (EvaluateScript). */
export function guardBundleLoad({ events }: Traced): MainThreadTime {
  return sum(
    events.filter(
      (e) => e.ph === 'X' && e.name === 'EvaluateScript' && GUARD_BUNDLE.test(e.args?.data?.url ?? ''),
    ),
  );
}
