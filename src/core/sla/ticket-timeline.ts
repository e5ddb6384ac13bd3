/**
 * Reads a ticket's event history into what the clocks measure, with no time arithmetic yet:
 * - status spans (which status held from when to when), for pauses and for the resolution clock;
 * - priority changes, so the target in force when a cycle is judged can be looked up;
 * - the cycles of each metric, following Zendesk/Freshdesk semantics:
 *   first reply      created → first public agent reply;
 *   next reply       first customer message after an agent reply → the next public agent reply;
 *   periodic update  each public agent reply → the next one (the agent must update at least every N);
 *   resolution       created → solved, with time spent solved (before a reopen) not counted.
 *   Solving the ticket closes any open reply or update cycle: nobody owes a reply on a solved ticket.
 */

import type { TicketEvent } from './events.ts';
import type { SlaMetric } from './policy-schema.ts';

export interface StatusSpan {
  status: string;
  from: number;
  /** Exclusive; +Infinity for the status the ticket is in now. */
  to: number;
  estimated: boolean;
}

export interface Cycle {
  metric: SlaMetric;
  /** 1-based, per metric. */
  index: number;
  start: number;
  /** When the cycle was fulfilled (reply, update, solve); undefined while it runs. */
  end?: number;
  estimated: boolean;
}

export interface PriorityChange {
  at: number;
  priority: string;
  estimated: boolean;
}

export interface TicketTimeline {
  createdAt: number;
  /** The creation time was not in the history and was taken from the first event. */
  createdEstimated: boolean;
  channel: string | undefined;
  statuses: StatusSpan[];
  priorities: PriorityChange[];
  cycles: Cycle[];
  /** The time the ticket was last solved, when it is solved now. */
  solvedAt: number | undefined;
}

/** Builds the timeline from events already sorted by time, ignoring those after `nowMs`. */
export function readTimeline(
  events: readonly TicketEvent[],
  nowMs: number,
  solved: ReadonlySet<string>,
): TicketTimeline {
  const created = events.find((event) => event.type === 'created');
  // Without a creation event, the first thing seen stands in for it, flagged as an estimate.
  const createdAt = created?.at ?? events[0]?.at ?? nowMs;
  const createdEstimated = !created || !!created.estimated;
  const statuses: StatusSpan[] = [
    {
      status: created?.status ?? 'open',
      from: createdAt,
      to: Number.POSITIVE_INFINITY,
      estimated: createdEstimated,
    },
  ];
  const priorities: PriorityChange[] = [];
  if (created?.priority)
    priorities.push({ at: createdAt, priority: created.priority, estimated: !!created.estimated });

  const book = new CycleBook();
  const cycles = book.cycles;

  if (createdAt > nowMs) {
    // Asked about a moment before the ticket existed: no clock has started.
    return {
      createdAt,
      createdEstimated,
      channel: created?.channel,
      statuses,
      priorities,
      cycles,
      solvedAt: undefined,
    };
  }
  let firstReply: Cycle | undefined = book.open('first_reply', createdAt, createdEstimated);
  let nextReply: Cycle | undefined;
  let periodic: Cycle | undefined;
  let replied = false;
  book.open('resolution', createdAt, createdEstimated);
  let solvedAt = solved.has(statuses[0]!.status) ? createdAt : undefined;
  // A ticket first seen already solved (e.g. imported history) owes no reply.
  if (solvedAt !== undefined) firstReply = close(firstReply, createdAt, createdEstimated);

  for (const event of events) {
    if (event.at > nowMs) break;
    const estimated = !!event.estimated;
    switch (event.type) {
      case 'created':
        break;
      case 'priority':
        priorities.push({ at: event.at, priority: event.priority, estimated });
        break;
      case 'customer_message':
        // While the first reply is owed, a follow-up message changes nothing; after it, it starts a next reply.
        if (replied && !nextReply) nextReply = book.open('next_reply', event.at, estimated);
        break;
      case 'agent_reply':
        if (event.public === false) break;
        replied = true;
        firstReply = close(firstReply, event.at, estimated);
        nextReply = close(nextReply, event.at, estimated);
        periodic = close(periodic, event.at, estimated);
        if (solvedAt === undefined) periodic = book.open('periodic_update', event.at, estimated);
        break;
      case 'status': {
        const current = statuses.at(-1)!;
        if (event.status === current.status) break;
        current.to = event.at;
        statuses.push({ status: event.status, from: event.at, to: Number.POSITIVE_INFINITY, estimated });
        const wasSolved = solvedAt !== undefined;
        const isSolved = solved.has(event.status);
        if (isSolved && !wasSolved) {
          solvedAt = event.at;
          firstReply = close(firstReply, event.at, estimated);
          nextReply = close(nextReply, event.at, estimated);
          periodic = close(periodic, event.at, estimated);
        } else if (!isSolved && wasSolved) {
          solvedAt = undefined;
          // A reopened ticket that was already answered owes the customer updates again.
          if (replied) periodic = book.open('periodic_update', event.at, estimated);
        }
        break;
      }
    }
  }
  const resolution = cycles.find((cycle) => cycle.metric === 'resolution')!;
  if (solvedAt !== undefined) resolution.end = solvedAt;

  return {
    createdAt,
    createdEstimated,
    channel: created?.channel,
    statuses,
    priorities,
    cycles,
    solvedAt,
  };
}

/** The cycles of one ticket, numbered per metric. (A class, not closures: this runs for every ticket, often.) */
class CycleBook {
  readonly cycles: Cycle[] = [];
  private readonly counts: Record<SlaMetric, number> = {
    first_reply: 0,
    next_reply: 0,
    periodic_update: 0,
    resolution: 0,
  };

  open(metric: SlaMetric, start: number, estimated: boolean): Cycle {
    const cycle: Cycle = { metric, index: ++this.counts[metric], start, estimated };
    this.cycles.push(cycle);
    return cycle;
  }
}

/** Marks a running cycle fulfilled at `at`; returns undefined so callers can clear their reference in one go. */
function close(cycle: Cycle | undefined, at: number, estimated: boolean): undefined {
  if (cycle) {
    cycle.end = at;
    cycle.estimated ||= estimated;
  }
  return undefined;
}

/** The priority in force at `at` (the last change at or before it), or undefined if the page never showed one. */
export function priorityAt(priorities: readonly PriorityChange[], at: number): PriorityChange | undefined {
  let found: PriorityChange | undefined;
  for (const change of priorities) {
    if (change.at > at) break;
    found = change;
  }
  return found;
}

/**
 * The parts of [start, end) during which the clock runs: not in a status that pauses it, and (for
 * resolution) not solved. Adjacent parts are joined.
 */
export function runningIntervals(
  statuses: readonly StatusSpan[],
  start: number,
  end: number,
  stops: ReadonlySet<string>,
): Array<[number, number]> {
  const intervals: Array<[number, number]> = [];
  for (const span of statuses) {
    if (span.to <= start) continue;
    if (span.from >= end) break;
    if (stops.has(span.status)) continue;
    const from = Math.max(span.from, start);
    const to = Math.min(span.to, end);
    if (to <= from) continue;
    const last = intervals.at(-1);
    if (last && last[1] === from) last[1] = to;
    else intervals.push([from, to]);
  }
  return intervals;
}
