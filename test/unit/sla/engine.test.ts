import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileSlaPolicy,
  formatDuration,
  latestClocks,
  nearestTarget,
  nextAlarmAt,
  type SlaClock,
  type SlaPolicyInput,
  type TicketEvent,
  validateSlaPolicy,
} from '../../../src/core/sla/index.ts';
import { at, HOUR, local, MINUTE } from './helpers.ts';

const NY = 'America/New_York';

function policyOf(overrides: Partial<SlaPolicyInput> = {}): ReturnType<typeof compileSlaPolicy> {
  const input: SlaPolicyInput = {
    version: 1,
    client: 'Acme',
    calendar: {
      timeZone: NY,
      weeklyHours: {
        mon: ['09:00-17:00'],
        tue: ['09:00-17:00'],
        wed: ['09:00-17:00'],
        thu: ['09:00-17:00'],
        fri: ['09:00-17:00'],
      },
    },
    defaultPriority: 'normal',
    targets: [
      { metric: 'first_reply', priority: 'urgent', minutes: 60 },
      { metric: 'first_reply', priority: 'normal', minutes: 240 },
      { metric: 'first_reply', priority: 'normal', channel: 'chat', minutes: 10 },
      { metric: 'next_reply', priority: 'normal', minutes: 120 },
      { metric: 'periodic_update', priority: 'urgent', minutes: 30, hours: 'calendar' },
      { metric: 'resolution', priority: 'urgent', minutes: 480 },
      { metric: 'resolution', priority: 'normal', minutes: 960 },
    ],
    pauseWhen: { resolution: ['pending', 'on-hold'] },
    warnAtPercentLeft: [25, 10],
    ...overrides,
  };
  const result = validateSlaPolicy(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return compileSlaPolicy(result.policy);
}

const engine = policyOf();

function clocksOf(events: TicketEvent[], now: string, ticket = 'T-1') {
  return engine.clocks({ ticket, events }, at(now));
}

function clock(events: TicketEvent[], now: string, metric: SlaClock['metric'], cycle = 1): SlaClock {
  const found = clocksOf(events, now).clocks.find((c) => c.metric === metric && c.cycle === cycle);
  if (!found) throw new Error(`no ${metric} #${cycle}`);
  return found;
}

const created = (
  iso: string,
  extra: Partial<Extract<TicketEvent, { type: 'created' }>> = {},
): TicketEvent => ({
  type: 'created',
  at: at(iso),
  priority: 'normal',
  status: 'open',
  ...extra,
});
const reply = (
  iso: string,
  extra: Partial<Extract<TicketEvent, { type: 'agent_reply' }>> = {},
): TicketEvent => ({
  type: 'agent_reply',
  at: at(iso),
  ...extra,
});
const customer = (iso: string): TicketEvent => ({ type: 'customer_message', at: at(iso) });
const status = (iso: string, value: string, estimated?: boolean): TicketEvent => ({
  type: 'status',
  at: at(iso),
  status: value,
  ...(estimated ? { estimated } : {}),
});
const priority = (iso: string, value: string): TicketEvent => ({
  type: 'priority',
  at: at(iso),
  priority: value,
});

describe('first reply', () => {
  it('is met when the agent replies within the business-hours target, counted across the night', () => {
    const c = clock(
      [created('2026-05-11T15:00:00-04:00'), reply('2026-05-12T10:00:00-04:00')],
      '2026-05-12T12:00:00-04:00',
      'first_reply',
    );
    expect(c).toMatchObject({
      state: 'met',
      running: false,
      elapsedMs: 3 * HOUR,
      leftMs: HOUR,
      breachedByMs: 0,
    });
    expect(local(c.completedAt, NY)).toBe('2026-05-12T10:00:00-04:00');
  });

  it('is breached by the business time beyond the target, with the instant it fell due', () => {
    const c = clock(
      [created('2026-05-11T15:00:00-04:00'), reply('2026-05-12T13:30:00-04:00')],
      '2026-05-12T14:00:00-04:00',
      'first_reply',
    );
    expect(c.state).toBe('breached');
    expect(c.breachedByMs).toBe(2.5 * HOUR);
    expect(local(c.dueAt, NY)).toBe('2026-05-12T11:00:00-04:00');
  });

  it('runs while unanswered: due time, time left in business and in wall-clock terms', () => {
    const c = clock([created('2026-05-08T15:00:00-04:00')], '2026-05-08T16:00:00-04:00', 'first_reply');
    expect(c).toMatchObject({ state: 'active', running: true, leftMs: 3 * HOUR });
    expect(local(c.dueAt, NY)).toBe('2026-05-11T11:00:00-04:00'); // Friday 16:00 + 1h Fri + 2h Mon
    expect(c.calendarLeftMs).toBe(at('2026-05-11T11:00:00-04:00') - at('2026-05-08T16:00:00-04:00'));
  });

  it('ignores internal notes', () => {
    const events = [
      created('2026-05-11T09:00:00-04:00'),
      reply('2026-05-11T09:30:00-04:00', { public: false }),
    ];
    expect(clock(events, '2026-05-11T10:00:00-04:00', 'first_reply').state).toBe('active');
  });

  it('uses the channel-specific target when there is one', () => {
    const c = clock(
      [created('2026-05-11T09:00:00-04:00', { channel: 'chat' })],
      '2026-05-11T09:05:00-04:00',
      'first_reply',
    );
    expect(c.targetMs).toBe(10 * MINUTE);
  });

  it('is not owed on a ticket first seen already solved', () => {
    const c = clock(
      [created('2026-05-11T09:00:00-04:00', { status: 'solved' })],
      '2026-05-12T12:00:00-04:00',
      'first_reply',
    );
    expect(c).toMatchObject({ state: 'met', elapsedMs: 0, running: false });
  });

  it('is closed by solving the ticket without a reply', () => {
    const c = clock(
      [created('2026-05-11T09:00:00-04:00'), status('2026-05-11T10:00:00-04:00', 'solved')],
      '2026-05-11T12:00:00-04:00',
      'first_reply',
    );
    expect(c).toMatchObject({ state: 'met', elapsedMs: HOUR });
  });
});

describe('warning thresholds and alarms', () => {
  const events = [created('2026-05-11T09:00:00-04:00')]; // 4 business hours: due 13:00

  it('before any threshold: the next alarm is when 25 % is left', () => {
    const c = clock(events, '2026-05-11T11:30:00-04:00', 'first_reply');
    expect(c.warningPercent).toBeNull();
    expect(local(c.nextAlertAt, NY)).toBe('2026-05-11T12:00:00-04:00');
  });

  it('past the 10 % threshold: the warning says so and the next alarm is the due time', () => {
    const c = clock(events, '2026-05-11T12:40:00-04:00', 'first_reply');
    expect(c.warningPercent).toBe(10);
    expect(local(c.nextAlertAt, NY)).toBe('2026-05-11T13:00:00-04:00');
  });

  it('nextAlarmAt and nearestTarget pick the earliest across tickets', () => {
    const now = at('2026-05-11T11:30:00-04:00');
    const tickets = [
      engine.clocks({ ticket: 'late', events: [created('2026-05-11T11:00:00-04:00')] }, now),
      engine.clocks({ ticket: 'early', events }, now),
    ];
    expect(local(nextAlarmAt(tickets, now) ?? null, NY)).toBe('2026-05-11T12:00:00-04:00');
    const nearest = nearestTarget(tickets);
    expect(nearest?.ticket).toBe('early');
    expect(nearest?.clock.metric).toBe('first_reply');
  });
});

describe('next reply', () => {
  const events = [
    created('2026-05-11T09:00:00-04:00'),
    reply('2026-05-11T09:30:00-04:00'),
    customer('2026-05-11T10:00:00-04:00'),
    customer('2026-05-11T10:20:00-04:00'),
    reply('2026-05-11T11:00:00-04:00'),
    customer('2026-05-11T16:00:00-04:00'),
  ];

  it('starts at the first unanswered customer message and ends at the next public reply', () => {
    const first = clock(events, '2026-05-12T09:30:00-04:00', 'next_reply', 1);
    expect(first).toMatchObject({ state: 'met', elapsedMs: HOUR });
    expect(local(first.startedAt, NY)).toBe('2026-05-11T10:00:00-04:00');
  });

  it('opens a new cycle for a later message, counting business time only', () => {
    const second = clock(events, '2026-05-12T09:30:00-04:00', 'next_reply', 2);
    expect(second).toMatchObject({ state: 'active', elapsedMs: 1.5 * HOUR, leftMs: 0.5 * HOUR });
    expect(local(second.dueAt, NY)).toBe('2026-05-12T10:00:00-04:00');
    expect(
      latestClocks(clocksOf(events, '2026-05-12T09:30:00-04:00').clocks).find(
        (c) => c.metric === 'next_reply',
      )?.cycle,
    ).toBe(2);
  });

  it('does not start while the first reply is still owed', () => {
    const pending = [created('2026-05-11T09:00:00-04:00'), customer('2026-05-11T09:10:00-04:00')];
    expect(clocksOf(pending, '2026-05-11T10:00:00-04:00').clocks.some((c) => c.metric === 'next_reply')).toBe(
      false,
    );
  });
});

describe('periodic update (calendar hours, urgent)', () => {
  const events = [
    created('2026-05-11T09:00:00-04:00', { priority: 'urgent' }),
    reply('2026-05-11T09:10:00-04:00'),
    reply('2026-05-11T09:35:00-04:00'),
  ];

  it('each public reply fulfils the running cycle and starts the next', () => {
    const clocks = clocksOf(events, '2026-05-11T10:20:00-04:00').clocks.filter(
      (c) => c.metric === 'periodic_update',
    );
    expect(clocks.map((c) => [c.cycle, c.state])).toEqual([
      [1, 'met'],
      [2, 'breached'],
    ]);
    expect(local(clocks[1]!.dueAt, NY)).toBe('2026-05-11T10:05:00-04:00');
    expect(clocks[1]!.breachedByMs).toBe(15 * MINUTE);
  });

  it('stops owing updates once the ticket is solved', () => {
    const solved = [...events, status('2026-05-11T09:50:00-04:00', 'solved')];
    const last = clocksOf(solved, '2026-05-11T12:00:00-04:00')
      .clocks.filter((c) => c.metric === 'periodic_update')
      .at(-1);
    expect(last).toMatchObject({ cycle: 2, state: 'met', running: false });
  });
});

describe('resolution, with pauses', () => {
  const events = [
    created('2026-05-08T09:00:00-04:00'), // Friday
    reply('2026-05-08T10:00:00-04:00'),
    status('2026-05-08T16:00:00-04:00', 'pending'),
    status('2026-05-11T11:00:00-04:00', 'open'), // Monday
  ];

  it('is paused while pending, with time left frozen and no due time', () => {
    const c = clock(events.slice(0, 3), '2026-05-11T10:00:00-04:00', 'resolution');
    expect(c).toMatchObject({
      state: 'paused',
      running: false,
      dueAt: null,
      elapsedMs: 7 * HOUR,
      leftMs: 9 * HOUR,
    });
    expect(c.nextAlertAt).toBeNull();
  });

  it('a pause across closed hours removes neither more nor less than the open hours it covered', () => {
    const c = clock(events, '2026-05-11T12:00:00-04:00', 'resolution');
    // Fri 09–16 (7 h) + Mon 11–12 (1 h); the pending weekend and Monday 09–11 do not count.
    expect(c).toMatchObject({ state: 'active', elapsedMs: 8 * HOUR, leftMs: 8 * HOUR });
    expect(local(c.dueAt, NY)).toBe('2026-05-12T12:00:00-04:00'); // Mon 12–17 (5 h) + Tue 09–12
  });

  it('stops when solved and resumes on reopen without counting the solved time', () => {
    const reopened = [
      ...events,
      status('2026-05-11T13:00:00-04:00', 'solved'),
      status('2026-05-12T09:00:00-04:00', 'open'),
    ];
    const whileSolved = clock(reopened.slice(0, 5), '2026-05-11T15:00:00-04:00', 'resolution');
    expect(whileSolved).toMatchObject({ state: 'met', elapsedMs: 9 * HOUR });
    expect(local(whileSolved.completedAt, NY)).toBe('2026-05-11T13:00:00-04:00');
    const after = clock(reopened, '2026-05-12T10:00:00-04:00', 'resolution');
    expect(after).toMatchObject({ state: 'active', elapsedMs: 10 * HOUR, completedAt: null });
  });
});

describe('priority', () => {
  it('a priority raised mid-ticket applies its target to the running cycle, from the cycle start', () => {
    const events = [created('2026-05-11T09:00:00-04:00'), priority('2026-05-11T10:00:00-04:00', 'urgent')];
    const before = clock(events, '2026-05-11T09:50:00-04:00', 'first_reply');
    expect(before).toMatchObject({ priority: 'normal', targetMs: 4 * HOUR, state: 'active' });
    const after = clock(events, '2026-05-11T10:30:00-04:00', 'first_reply');
    expect(after).toMatchObject({
      priority: 'urgent',
      targetMs: HOUR,
      state: 'breached',
      breachedByMs: 30 * MINUTE,
    });
    expect(local(after.dueAt, NY)).toBe('2026-05-11T10:00:00-04:00');
  });

  it('a cycle fulfilled before the change keeps the target it was judged by', () => {
    const events = [
      created('2026-05-11T09:00:00-04:00'),
      reply('2026-05-11T11:00:00-04:00'),
      priority('2026-05-11T12:00:00-04:00', 'urgent'),
    ];
    expect(clock(events, '2026-05-11T13:00:00-04:00', 'first_reply')).toMatchObject({
      state: 'met',
      priority: 'normal',
    });
  });

  it('falls back to the default priority, visibly, when the page shows none or one without targets', () => {
    const none = clocksOf(
      [created('2026-05-11T09:00:00-04:00', { priority: undefined })],
      '2026-05-11T10:00:00-04:00',
    );
    expect(none).toMatchObject({ priority: 'normal', priorityDefaulted: true });
    expect(none.clocks.every((c) => c.priorityDefaulted)).toBe(true);
    const unknown = clocksOf(
      [created('2026-05-11T09:00:00-04:00', { priority: 'critical' })],
      '2026-05-11T10:00:00-04:00',
    );
    expect(unknown).toMatchObject({ priority: 'normal', priorityDefaulted: true });
    const shown = clocksOf([created('2026-05-11T09:00:00-04:00')], '2026-05-11T10:00:00-04:00');
    expect(shown.priorityDefaulted).toBe(false);
  });
});

describe('history handling', () => {
  it('flags results built on estimated times', () => {
    const events = [
      created('2026-05-11T09:00:00-04:00'),
      reply('2026-05-11T10:00:00-04:00', { estimated: true }),
    ];
    expect(clock(events, '2026-05-11T12:00:00-04:00', 'first_reply').estimated).toBe(true);
    expect(clock(events.slice(0, 1), '2026-05-11T12:00:00-04:00', 'first_reply').estimated).toBe(false);
    const pausedOnGuess = [
      created('2026-05-11T09:00:00-04:00'),
      status('2026-05-11T10:00:00-04:00', 'pending', true),
    ];
    expect(clock(pausedOnGuess, '2026-05-11T12:00:00-04:00', 'resolution').estimated).toBe(true);
  });

  it('ignores events after now and accepts events out of order', () => {
    const events = [reply('2026-05-11T10:00:00-04:00'), created('2026-05-11T09:00:00-04:00')];
    expect(clock(events, '2026-05-11T09:30:00-04:00', 'first_reply').state).toBe('active');
    expect(clock(events, '2026-05-11T10:30:00-04:00', 'first_reply').state).toBe('met');
  });

  it('has no clocks before the ticket exists, and estimates creation from the first event when missing', () => {
    expect(clocksOf([created('2026-05-11T09:00:00-04:00')], '2026-05-11T08:00:00-04:00').clocks).toEqual([]);
    const noCreated = clock(
      [customer('2026-05-11T09:00:00-04:00')],
      '2026-05-11T10:00:00-04:00',
      'first_reply',
    );
    expect(noCreated).toMatchObject({
      state: 'active',
      elapsedMs: HOUR,
      estimated: true,
      priorityDefaulted: true,
    });
  });

  it('is deterministic: the same input gives the same clocks', () => {
    const events = [created('2026-05-11T09:00:00-04:00'), customer('2026-05-11T09:00:00-04:00')];
    expect(clocksOf(events, '2026-05-11T11:00:00-04:00')).toEqual(
      clocksOf(events, '2026-05-11T11:00:00-04:00'),
    );
  });
});

describe('due times through the engine (fast-check)', () => {
  const start = fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2027-01-01T00:00:00Z') });
  const minutes = fc.integer({ min: 1, max: 60 * 40 });

  it('are monotonic in the target minutes and never in closed hours', () => {
    fc.assert(
      fc.property(start, minutes, minutes, (createdAt, a, b) => {
        const due = (target: number) => {
          const e = policyOf({ targets: [{ metric: 'first_reply', priority: 'normal', minutes: target }] });
          const c = e.clocks(
            { ticket: 'p', events: [{ type: 'created', at: createdAt, priority: 'normal' }] },
            createdAt,
          );
          return { dueAt: c.clocks[0]!.dueAt!, calendar: e.calendar };
        };
        const [short, long] = a <= b ? [due(Math.min(a, b)), due(Math.max(a, b))] : [due(b), due(a)];
        return (
          short.dueAt <= long.dueAt &&
          short.calendar.isOpen(short.dueAt - 1) &&
          long.calendar.isOpen(long.dueAt - 1)
        );
      }),
      { numRuns: 40 },
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45_000, '45s'],
    [5 * MINUTE + 30_000, '5m 30s'],
    [2 * HOUR + 5 * MINUTE, '2h 5m'],
    [26 * HOUR + 59 * MINUTE, '1d 2h'],
    [-(3 * HOUR + 10 * MINUTE), '-3h 10m'],
    [HOUR, '1h'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
