/**
 * Bench suite `sla`: how long recomputing every open ticket's clocks takes (the worker does it often), and
 * `addBusinessTime` side by side with moment-business-time (the maintained business-hours peer on npm) and a
 * naive minute-stepping baseline, on the same calendar and inputs, with their answers cross-checked.
 */
import { createRequire } from 'node:module';
import {
  type BusinessCalendar,
  compileSlaPolicy,
  createCalendar,
  type SlaEngine,
  type SlaPolicyInput,
  type TicketEvent,
  type TicketHistory,
  validateSlaPolicy,
} from '../../src/core/sla/index.ts';
import { type BenchSuite, fmt, sample, table } from './suite.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Date.parse('2026-03-11T15:00:00Z');
const TICKETS = 1_000;

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same tickets. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const weekdays = (hours: string[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

const targets: SlaPolicyInput['targets'] = [
  { metric: 'first_reply', priority: 'urgent', minutes: 60, hours: 'calendar' },
  { metric: 'first_reply', priority: 'high', minutes: 120 },
  { metric: 'first_reply', priority: 'normal', minutes: 480 },
  { metric: 'first_reply', priority: 'low', minutes: 960 },
  { metric: 'next_reply', priority: 'high', minutes: 240 },
  { metric: 'next_reply', priority: 'normal', minutes: 480 },
  { metric: 'periodic_update', priority: 'urgent', minutes: 120, hours: 'calendar' },
  { metric: 'resolution', priority: 'urgent', minutes: 1440, hours: 'calendar' },
  { metric: 'resolution', priority: 'high', minutes: 1440 },
  { metric: 'resolution', priority: 'normal', minutes: 2880 },
  { metric: 'resolution', priority: 'low', minutes: 4800 },
];

/** Three clients in three time zones with public holidays: split shifts, long days, an overnight desk. */
const clients: SlaPolicyInput[] = [
  {
    version: 1,
    client: 'Acme (New York)',
    calendar: {
      timeZone: 'America/New_York',
      weeklyHours: weekdays(['09:00-12:00', '13:00-17:00']),
      holidays: { country: 'US', region: 'NY', dates: ['2026-12-24'] },
    },
    defaultPriority: 'normal',
    targets,
    pauseWhen: { resolution: ['pending', 'on-hold'], next_reply: ['on-hold'] },
  },
  {
    version: 1,
    client: 'Brit (London)',
    calendar: {
      timeZone: 'Europe/London',
      weeklyHours: { ...weekdays(['08:00-18:00']), sat: ['09:00-13:00'] },
      holidays: { country: 'GB', region: 'ENG' },
    },
    defaultPriority: 'normal',
    targets,
    pauseWhen: { resolution: ['pending'] },
  },
  {
    version: 1,
    client: 'Roo (Sydney)',
    calendar: {
      timeZone: 'Australia/Sydney',
      weeklyHours: weekdays(['07:00-15:00', '22:00-06:00']),
      holidays: { country: 'AU', region: 'NSW' },
    },
    defaultPriority: 'normal',
    targets,
    pauseWhen: { resolution: ['pending', 'on-hold'] },
  },
];

function compile(input: SlaPolicyInput): SlaEngine {
  const result = validateSlaPolicy(input);
  if (!result.ok) throw new Error(`bench policy invalid: ${JSON.stringify(result.errors)}`);
  return compileSlaPolicy(result.policy);
}

/** Open tickets created over the last ten days: mixed priorities, replies, follow-ups, some pending. */
function openTickets(count: number): Array<{ client: number; history: TicketHistory }> {
  const next = random(42);
  const priorities = ['urgent', 'high', 'high', 'normal', 'normal', 'normal', 'normal', 'low', undefined];
  const tickets: Array<{ client: number; history: TicketHistory }> = [];
  for (let i = 0; i < count; i++) {
    const createdAt = NOW - Math.floor(next() * 10 * 24 * HOUR);
    const priority = priorities[Math.floor(next() * priorities.length)];
    const events: TicketEvent[] = [
      { type: 'created', at: createdAt, status: 'open', ...(priority ? { priority } : {}) },
    ];
    let t = createdAt;
    const step = () => {
      t += Math.floor(next() * 8 * HOUR);
      return Math.min(t, NOW - 1);
    };
    if (next() < 0.7) events.push({ type: 'agent_reply', at: step() });
    if (next() < 0.5) events.push({ type: 'customer_message', at: step() });
    if (next() < 0.3) events.push({ type: 'agent_reply', at: step() });
    if (next() < 0.2) events.push({ type: 'priority', at: step(), priority: 'urgent' });
    if (next() < 0.25)
      events.push({ type: 'status', at: step(), status: next() < 0.5 ? 'pending' : 'on-hold' });
    events.sort((a, b) => a.at - b.at);
    tickets.push({ client: i % clients.length, history: { ticket: String(10_000 + i), events } });
  }
  return tickets;
}

// --- addBusinessTime peers, on one calendar every implementation can express: UTC, Mon–Fri 09–17, holidays.
const HOLIDAYS = ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-25', '2026-12-25'];

/** The naive way: walk minute by minute, asking whether each minute is open. */
function naiveAddBusinessTime(startMs: number, durationMs: number): number {
  const holidays = new Set(HOLIDAYS);
  const isOpen = (ms: number) => {
    const date = new Date(ms);
    const day = date.getUTCDay();
    const hour = date.getUTCHours();
    return day >= 1 && day <= 5 && hour >= 9 && hour < 17 && !holidays.has(date.toISOString().slice(0, 10));
  };
  let t = Math.ceil(startMs / MINUTE) * MINUTE;
  let left = durationMs;
  while (left > 0) {
    if (isOpen(t)) left -= MINUTE;
    t += MINUTE;
  }
  return t;
}

interface MomentBusiness {
  utc(ms: number): { addWorkingTime(amount: number, unit: 'minutes'): { valueOf(): number } };
  updateLocale(locale: string, spec: object): void;
}

function loadMomentBusinessTime(): MomentBusiness {
  const moment = createRequire(import.meta.url)('moment-business-time') as MomentBusiness;
  const day = ['09:00:00', '17:00:00'];
  moment.updateLocale('en', {
    workinghours: { 0: null, 1: day, 2: day, 3: day, 4: day, 5: day, 6: null },
    holidays: HOLIDAYS,
  });
  return moment;
}

function addTimeInputs(count: number): Array<[number, number]> {
  const next = random(7);
  const year = Date.parse('2026-01-01T00:00:00Z');
  // Whole-minute starts and durations (the peers work in minutes), 15 min to 40 business hours.
  return Array.from({ length: count }, () => [
    year + Math.floor(next() * 360 * 24 * 60) * MINUTE,
    (15 + Math.floor(next() * 40 * 60)) * MINUTE,
  ]);
}

export const slaSuite: BenchSuite = {
  id: 'sla',
  title: 'SLA clocks: recomputing open tickets, and addBusinessTime against peers',
  async run() {
    // 1. Recompute every open ticket's clocks, as the worker does on each tick.
    const tickets = openTickets(TICKETS);
    const coldStart = performance.now();
    const engines = clients.map(compile);
    const recompute = () => {
      let clocks = 0;
      for (const { client, history } of tickets)
        clocks += engines[client]!.clocks(history, NOW).clocks.length;
      return clocks;
    };
    const clockCount = recompute();
    const cold = performance.now() - coldStart;
    const warm = await sample(recompute, 300, 20);
    const paused = tickets.filter(({ client, history }) =>
      engines[client]!.clocks(history, NOW).clocks.some((clock) => clock.state === 'paused'),
    ).length;

    // 2. addBusinessTime: ours, moment-business-time, naive minute stepping; same inputs, answers compared.
    const inputs = addTimeInputs(1_000);
    const ours: BusinessCalendar = createCalendar({
      timeZone: 'UTC',
      weeklyHours: { ...weekdays(['09:00-17:00']), sat: [], sun: [] },
      holidays: { types: ['public'], dates: HOLIDAYS },
    });
    const moment = loadMomentBusinessTime();
    // [name, add, calls per run, runs]: the slow ones get fewer calls so the suite stays short on a shared machine.
    const peers: Array<[string, (start: number, duration: number) => number, number, number]> = [
      ['Deskmate `createCalendar().addBusinessTime`', (s, d) => ours.addBusinessTime(s, d), 1_000, 100],
      [
        'moment-business-time 2.0 `addWorkingTime`',
        (s, d) =>
          moment
            .utc(s)
            .addWorkingTime(d / MINUTE, 'minutes')
            .valueOf(),
        200,
        20,
      ],
      ['naive minute stepping (baseline written for this bench)', naiveAddBusinessTime, 50, 10],
    ];
    const reference = inputs.map(([s, d]) => ours.addBusinessTime(s, d));
    const rows: Array<Array<string | number>> = [];
    for (const [name, add, count, runs] of peers) {
      const subset = inputs.slice(0, count);
      const agree = subset.filter(([s, d], i) => add(s, d) === reference[i]).length;
      const stats = await sample(
        () => {
          for (const [s, d] of subset) add(s, d);
        },
        runs,
        3,
      );
      rows.push([
        name,
        `${count} × ${runs}`,
        fmt((stats.p50 / count) * 1000),
        fmt((stats.p95 / count) * 1000),
        `${agree}/${count}`,
      ]);
    }

    return [
      `${TICKETS} open tickets across ${clients.length} clients (New York split shift + US-NY holidays, London with a`,
      `Saturday morning + GB-ENG holidays, Sydney with an overnight desk + AU-NSW holidays); priorities urgent/high/`,
      `normal/low and ~11 % with no priority (defaulted); ${paused} tickets with a paused clock; ${clockCount} clocks.`,
      '',
      table(
        ['recompute all clocks (Node)', 'runs', 'p50 ms', 'p95 ms', 'max ms', 'goal'],
        [
          [
            'first run: policies compiled, holidays and open intervals computed, JIT cold',
            1,
            fmt(cold),
            '',
            '',
            '',
          ],
          ['warm (calendars cached)', warm.n, fmt(warm.p50), fmt(warm.p95), fmt(warm.max), '≤ 10 ms'],
        ],
      ),
      '',
      'addBusinessTime on one calendar all three can express (UTC, Mon–Fri 09:00–17:00, 5 holidays), random',
      'whole-minute starts in 2026 and durations of 15 min to 40 business hours; "agrees" counts answers equal to',
      "Deskmate's to the millisecond.",
      '',
      table(['implementation', 'calls × runs', 'p50 µs/call', 'p95 µs/call', 'agrees'], rows),
    ].join('\n');
  },
};
