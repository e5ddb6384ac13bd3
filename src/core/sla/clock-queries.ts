/**
 * Questions the browser layers ask of computed clocks: what the status bar shows (the nearest target), when
 * the worker's next alarm must fire (the next warning threshold or due time), and how to say a duration in
 * one or two human units, as Jira Service Management does.
 */
import type { SlaClock, TicketClocks } from './engine.ts';
import type { SlaMetric } from './policy-schema.ts';

/** The latest cycle of each metric: what a ticket's Timers view lists. */
export function latestClocks(clocks: readonly SlaClock[]): SlaClock[] {
  const latest = new Map<SlaMetric, SlaClock>();
  for (const clock of clocks) {
    const seen = latest.get(clock.metric);
    if (!seen || clock.cycle > seen.cycle) latest.set(clock.metric, clock);
  }
  return [...latest.values()];
}

export interface NearestTarget {
  ticket: string;
  clock: SlaClock;
}

/**
 * The running clock that falls due first (an already breached one first of all), across tickets: the status
 * bar's entry. Paused and fulfilled clocks are not candidates.
 */
export function nearestTarget(tickets: readonly TicketClocks[]): NearestTarget | undefined {
  let best: NearestTarget | undefined;
  for (const ticket of tickets) {
    for (const clock of ticket.clocks) {
      if (!clock.running || clock.dueAt === null) continue;
      if (!best || clock.dueAt < best.clock.dueAt!) best = { ticket: ticket.ticket, clock };
    }
  }
  return best;
}

/** The earliest instant after `nowMs` at which any clock crosses a warning threshold or falls due. */
export function nextAlarmAt(tickets: readonly TicketClocks[], nowMs: number): number | undefined {
  let next: number | undefined;
  for (const ticket of tickets) {
    for (const clock of ticket.clocks) {
      const at = clock.nextAlertAt;
      if (at !== null && at > nowMs && (next === undefined || at < next)) next = at;
    }
  }
  return next;
}

const UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/**
 * A duration in at most two adjacent units, truncated towards zero: `1d 4h`, `2h 5m`, `45s`, `-3h 10m`.
 * A day is 24 hours of the clock's own time (24 business hours for a business-hours target).
 */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000) * 1000;
  const first = UNITS.findIndex(([, size]) => total >= size);
  if (first < 0) return '0s';
  const [unit, size] = UNITS[first]!;
  const amount = Math.floor(total / size);
  let text = `${sign}${amount}${unit}`;
  const next = UNITS[first + 1];
  if (next) {
    const smaller = Math.floor((total - amount * size) / next[1]);
    if (smaller > 0) text += ` ${smaller}${next[0]}`;
  }
  return text;
}
