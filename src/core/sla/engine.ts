/**
 * The SLA clock engine: pure and deterministic. Given a client's policy, a ticket's history and the time
 * "now", it says for every cycle of every metric when it is (or was) due, how much time is left in the
 * target's own terms (business or calendar) and in wall-clock terms, and whether it is active, paused, met
 * or breached, and by how much.
 *
 * Compile the policy once (`compileSlaPolicy`) and reuse the engine for every ticket of that client: the
 * business calendar inside it caches its open intervals, which is what keeps recomputing 1,000 tickets cheap.
 */
import { type BusinessCalendar, calendarHours, createCalendar, type TimeMeasure } from './calendar.ts';
import type { TicketHistory } from './events.ts';
import { SLA_METRICS, type SlaMetric, type SlaPolicy, type SlaTarget } from './policy-schema.ts';
import {
  type Cycle,
  priorityAt,
  readTimeline,
  runningIntervals,
  type StatusSpan,
} from './ticket-timeline.ts';

const MINUTE = 60_000;

export type SlaState = 'active' | 'paused' | 'met' | 'breached';

export interface SlaClock {
  metric: SlaMetric;
  /** 1-based cycle number within the metric (next replies and periodic updates repeat). */
  cycle: number;
  /** The priority whose target applies: the one in force when the cycle ended, or now. */
  priority: string;
  /** The page showed no priority (or one the policy has no targets for); the policy's default was used. */
  priorityDefaulted: boolean;
  hours: 'business' | 'calendar';
  targetMs: number;
  startedAt: number;
  /** When the cycle was fulfilled; null while it runs. */
  completedAt: number | null;
  state: SlaState;
  /** The clock is counting now (false when paused, fulfilled, or the ticket is solved). */
  running: boolean;
  /**
   * When the target falls (or fell) due. Null while paused and not yet breached: the due time depends on
   * when the pause ends. For a met cycle, the due time as it stood when the cycle was fulfilled.
   */
  dueAt: number | null;
  /** Counted time used so far, in the target's terms (business time for business-hours targets). */
  elapsedMs: number;
  /** Counted time left, in the target's terms; negative once breached. */
  leftMs: number;
  /** Wall-clock time from now to dueAt, for a running clock; null otherwise. */
  calendarLeftMs: number | null;
  /** Counted time beyond the target (0 unless breached). */
  breachedByMs: number;
  /** The most severe warning threshold (percent of the target left) already crossed, or null. */
  warningPercent: number | null;
  /** The next instant a warning threshold is crossed or the target falls due, for a running clock. */
  nextAlertAt: number | null;
  /** Some time this result depends on was estimated rather than read off the page. */
  estimated: boolean;
}

export interface TicketClocks {
  ticket: string;
  /** The priority in force now. */
  priority: string;
  priorityDefaulted: boolean;
  /** Every cycle of every metric that has a target for the ticket's priority, in start order. */
  clocks: SlaClock[];
}

export interface SlaEngine {
  readonly policy: SlaPolicy;
  readonly calendar: BusinessCalendar;
  clocks(history: TicketHistory, nowMs: number): TicketClocks;
}

/** Throws SlaCalendarError for a calendar that cannot work (unknown zone, no open hours, unknown region). */
export function compileSlaPolicy(policy: SlaPolicy): SlaEngine {
  const calendar = createCalendar(policy.calendar);
  const targets = indexTargets(policy.targets);
  const knownPriorities = new Set(policy.targets.map((target) => target.priority));
  const solved = new Set(policy.solvedStatuses);
  const pauses = Object.fromEntries(
    SLA_METRICS.map((metric) => {
      const statuses = new Set(policy.pauseWhen[metric] ?? []);
      // The resolution clock also stops while the ticket is solved (it resumes if the ticket is reopened).
      if (metric === 'resolution') for (const status of solved) statuses.add(status);
      return [metric, statuses];
    }),
  ) as Record<SlaMetric, Set<string>>;
  const warnAt = [...policy.warnAtPercentLeft].sort((a, b) => b - a);

  const resolvePriority = (shown: string | undefined) =>
    shown !== undefined && knownPriorities.has(shown)
      ? { priority: shown, defaulted: false }
      : { priority: policy.defaultPriority, defaulted: true };

  return {
    policy,
    calendar,
    clocks(history, nowMs) {
      const events = isSorted(history.events)
        ? history.events
        : [...history.events].sort((a, b) => a.at - b.at);
      const timeline = readTimeline(events, nowMs, solved);
      const clocks: SlaClock[] = [];
      for (const cycle of timeline.cycles) {
        const judgedAt = cycle.end ?? nowMs;
        const shown = priorityAt(timeline.priorities, judgedAt);
        const { priority, defaulted } = resolvePriority(shown?.priority);
        const target =
          targets.get(targetKey(cycle.metric, priority, timeline.channel)) ??
          targets.get(targetKey(cycle.metric, priority, undefined));
        if (!target) continue;
        const judged = { priority, defaulted, estimated: !!shown?.estimated };
        clocks.push(
          measureCycle(cycle, target, judged, {
            measure: target.hours === 'business' ? calendar : calendarHours,
            statuses: timeline.statuses,
            stops: pauses[cycle.metric],
            nowMs,
            warnAt,
          }),
        );
      }
      const current = resolvePriority(priorityAt(timeline.priorities, nowMs)?.priority);
      return {
        ticket: history.ticket,
        priority: current.priority,
        priorityDefaulted: current.defaulted,
        clocks,
      };
    },
  };
}

interface MeasureContext {
  /** Business calendar or plain calendar time, per the target's `hours`. */
  measure: TimeMeasure;
  statuses: readonly StatusSpan[];
  /** Statuses during which this metric's clock does not run. */
  stops: ReadonlySet<string>;
  nowMs: number;
  /** Warning thresholds, percent of the target left, largest first. */
  warnAt: readonly number[];
}

/** Judges one cycle against the target of the priority the caller resolved for it. */
function measureCycle(
  cycle: Cycle,
  target: SlaTarget,
  judged: { priority: string; defaulted: boolean; estimated: boolean },
  { measure, statuses, stops, nowMs, warnAt }: MeasureContext,
): SlaClock {
  const targetMs = target.minutes * MINUTE;
  const ended = cycle.end !== undefined;
  const until = cycle.end ?? nowMs;
  const intervals = runningIntervals(statuses, cycle.start, until, stops);
  let elapsedMs = 0;
  for (const [from, to] of intervals) elapsedMs += measure.timeBetween(from, to);
  const leftMs = targetMs - elapsedMs;
  const running = !ended && !stops.has(statusAt(statuses, nowMs));

  let state: SlaState;
  let dueAt: number | null;
  if (ended ? elapsedMs > targetMs : elapsedMs >= targetMs) {
    state = 'breached';
    dueAt = instantReaching(measure, intervals, targetMs);
  } else if (ended) {
    state = 'met';
    dueAt = measure.addTime(until, leftMs);
  } else if (running) {
    state = 'active';
    dueAt = measure.addTime(nowMs, leftMs);
  } else {
    state = 'paused';
    dueAt = null;
  }

  let warningPercent: number | null = null;
  let nextAlertAt: number | null = null;
  for (const percent of warnAt) {
    const thresholdLeft = (targetMs * percent) / 100;
    if (leftMs <= thresholdLeft) warningPercent = percent;
    else if (state === 'active') {
      const at = measure.addTime(nowMs, leftMs - thresholdLeft);
      nextAlertAt = nextAlertAt === null ? at : Math.min(nextAlertAt, at);
    }
  }
  if (state === 'active' && dueAt !== null) nextAlertAt = Math.min(nextAlertAt ?? dueAt, dueAt);

  return {
    metric: cycle.metric,
    cycle: cycle.index,
    priority: judged.priority,
    priorityDefaulted: judged.defaulted,
    hours: target.hours,
    targetMs,
    startedAt: cycle.start,
    completedAt: cycle.end ?? null,
    state,
    running,
    dueAt,
    elapsedMs,
    leftMs,
    calendarLeftMs: running && dueAt !== null ? dueAt - nowMs : null,
    breachedByMs: Math.max(0, -leftMs),
    warningPercent,
    nextAlertAt,
    estimated:
      cycle.estimated ||
      judged.estimated ||
      statuses.some((span) => span.estimated && span.from > cycle.start && span.from < until),
  };
}

/** The instant at which `amount` of counted time has run across the intervals (the breach instant). */
function instantReaching(
  measure: TimeMeasure,
  intervals: ReadonlyArray<[number, number]>,
  amount: number,
): number {
  let used = 0;
  for (const [from, to] of intervals) {
    const span = measure.timeBetween(from, to);
    if (used + span >= amount) return measure.addTime(from, amount - used);
    used += span;
  }
  // Unreachable when amount ≤ the total of the intervals, which the caller has checked.
  return intervals.at(-1)?.[1] ?? Number.NaN;
}

function statusAt(statuses: readonly StatusSpan[], at: number): string {
  for (let i = statuses.length - 1; i >= 0; i--) {
    const span = statuses[i]!;
    if (span.from <= at) return span.status;
  }
  return statuses[0]?.status ?? '';
}

function indexTargets(targets: readonly SlaTarget[]): Map<string, SlaTarget> {
  return new Map(
    targets.map((target) => [targetKey(target.metric, target.priority, target.channel), target]),
  );
}

function targetKey(metric: SlaMetric, priority: string, channel: string | undefined): string {
  return `${metric}|${priority}|${channel ?? ''}`;
}

function isSorted(events: TicketHistory['events']): boolean {
  for (let i = 1; i < events.length; i++) if (events[i]!.at < events[i - 1]!.at) return false;
  return true;
}
