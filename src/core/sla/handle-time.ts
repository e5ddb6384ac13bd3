/**
 * Handle-time accounting: how long an agent actively worked a ticket, against the client's AHT target.
 *
 * A ticket is being handled while, in at least one place showing it, the tab is visible AND its window is
 * focused, the browser is not idle or locked (the `idle` API), and the agent has not paused the ticket's
 * timer. The "at least one" is the point: two tabs showing the same ticket are one stretch of work, so the
 * accumulator keeps, per ticket, the union of active time, never a sum per tab. Snapshots are plain JSON so
 * the service worker can persist them and pick up where it left off after being stopped; two snapshots
 * (e.g. two windows' accumulators) merge by taking the union of their intervals.
 */

export type ActivitySignal =
  /** Per tab (or frame) showing the ticket: the Page Visibility and window focus events; `close` = gone. */
  | { kind: 'visible' | 'hidden' | 'focus' | 'blur' | 'close'; ticket: string; source: string; at: number }
  /** Browser-wide, from the `idle` API. */
  | { kind: 'idle' | 'locked' | 'active'; at: number }
  /** The agent's manual pause/resume of one ticket's timer. */
  | { kind: 'pause' | 'resume'; ticket: string; at: number };

export type Interval = [start: number, end: number];

export interface HandleTimeSnapshot {
  idle: boolean;
  /** Per ticket, per source: whether it is visible and focused. */
  sources: Record<string, Record<string, { visible: boolean; focused: boolean }>>;
  paused: string[];
  /** Per ticket: closed active intervals (disjoint, sorted) and the start of the current one, if active. */
  tickets: Record<string, { intervals: Interval[]; activeSince: number | null }>;
  /** The latest signal time applied; later signals with earlier times are treated as happening now. */
  lastAt: number;
}

export interface HandleTimeTracker {
  apply(signal: ActivitySignal): void;
  isActive(ticket: string): boolean;
  /** Active time of a ticket up to `nowMs` (an open stretch counts up to now). */
  activeMs(ticket: string, nowMs: number): number;
  /** The ticket's active intervals up to `nowMs`, disjoint and sorted. */
  intervals(ticket: string, nowMs: number): Interval[];
  tickets(): string[];
  snapshot(): HandleTimeSnapshot;
}

export function emptyHandleTimeSnapshot(): HandleTimeSnapshot {
  return { idle: false, sources: {}, paused: [], tickets: {}, lastAt: 0 };
}

export function createHandleTimeTracker(
  from: HandleTimeSnapshot = emptyHandleTimeSnapshot(),
): HandleTimeTracker {
  const state: HandleTimeSnapshot = structuredCloneJson(from);
  const paused = new Set(state.paused);

  const ticketState = (ticket: string) => {
    const entry = state.tickets[ticket] ?? { intervals: [], activeSince: null };
    state.tickets[ticket] = entry;
    return entry;
  };
  const shouldBeActive = (ticket: string) =>
    !state.idle &&
    !paused.has(ticket) &&
    Object.values(state.sources[ticket] ?? {}).some((source) => source.visible && source.focused);

  /** Opens or closes the ticket's active stretch after its inputs changed at `at`. */
  const settle = (ticket: string, at: number) => {
    const entry = ticketState(ticket);
    const active = shouldBeActive(ticket);
    if (active && entry.activeSince === null) entry.activeSince = at;
    else if (!active && entry.activeSince !== null) {
      if (at > entry.activeSince)
        entry.intervals = unionIntervals(entry.intervals, [[entry.activeSince, at]]);
      entry.activeSince = null;
    }
  };

  return {
    apply(signal) {
      // Signals from several tabs can arrive slightly out of order; time never runs backwards here.
      const at = Math.max(signal.at, state.lastAt);
      state.lastAt = at;
      switch (signal.kind) {
        case 'idle':
        case 'locked':
        case 'active':
          state.idle = signal.kind !== 'active';
          for (const ticket of Object.keys(state.tickets)) settle(ticket, at);
          return;
        case 'pause':
        case 'resume':
          if (signal.kind === 'pause') paused.add(signal.ticket);
          else paused.delete(signal.ticket);
          state.paused = [...paused];
          settle(signal.ticket, at);
          return;
        default: {
          const sources = state.sources[signal.ticket] ?? {};
          state.sources[signal.ticket] = sources;
          if (signal.kind === 'close') delete sources[signal.source];
          else {
            const source = sources[signal.source] ?? { visible: false, focused: false };
            sources[signal.source] = source;
            if (signal.kind === 'visible' || signal.kind === 'hidden')
              source.visible = signal.kind === 'visible';
            else source.focused = signal.kind === 'focus';
          }
          settle(signal.ticket, at);
        }
      }
    },
    isActive: (ticket) => state.tickets[ticket]?.activeSince != null,
    activeMs(ticket, nowMs) {
      return this.intervals(ticket, nowMs).reduce((sum, [start, end]) => sum + (end - start), 0);
    },
    intervals(ticket, nowMs) {
      const entry = state.tickets[ticket];
      if (!entry) return [];
      const open: Interval[] =
        entry.activeSince !== null && nowMs > entry.activeSince ? [[entry.activeSince, nowMs]] : [];
      return unionIntervals(
        entry.intervals
          .map(([start, end]): Interval => [start, Math.min(end, nowMs)])
          .filter(([s, e]) => e > s),
        open,
      );
    },
    tickets: () => Object.keys(state.tickets),
    snapshot: () => structuredCloneJson(state),
  };
}

/** Replays a whole signal stream (sorted by time) and returns each ticket's active time at `nowMs`. */
export function computeHandleTime(signals: readonly ActivitySignal[], nowMs: number): Map<string, number> {
  const tracker = createHandleTimeTracker();
  for (const signal of signals) if (signal.at <= nowMs) tracker.apply(signal);
  return new Map(tracker.tickets().map((ticket) => [ticket, tracker.activeMs(ticket, nowMs)]));
}

/**
 * Merges two accumulators' view of the same tickets (e.g. two browser windows) without double counting:
 * per ticket, the union of their active intervals up to `nowMs`.
 */
export function mergeHandleTime(
  a: HandleTimeTracker,
  b: HandleTimeTracker,
  nowMs: number,
): Map<string, Interval[]> {
  const tickets = new Set([...a.tickets(), ...b.tickets()]);
  return new Map(
    [...tickets].map((ticket) => [
      ticket,
      unionIntervals(a.intervals(ticket, nowMs), b.intervals(ticket, nowMs)),
    ]),
  );
}

/** The union of two sets of intervals, as disjoint sorted intervals (touching intervals are joined). */
export function unionIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const merged: Interval[] = [];
  for (const [start, end] of all) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

export interface HandleTimeStatus {
  activeMs: number;
  targetMs: number;
  /** Negative once over the target. */
  leftMs: number;
  overTarget: boolean;
  /** Active time as a percentage of the target. */
  percentOfTarget: number;
}

export function handleTimeStatus(activeMs: number, targetMinutes: number): HandleTimeStatus {
  const targetMs = targetMinutes * 60_000;
  return {
    activeMs,
    targetMs,
    leftMs: targetMs - activeMs,
    overTarget: activeMs > targetMs,
    percentOfTarget: (activeMs / targetMs) * 100,
  };
}

/** Snapshots are JSON by contract (the worker may store them anywhere), so a JSON round trip copies them. */
function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
