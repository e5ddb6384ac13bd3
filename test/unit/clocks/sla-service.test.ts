import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/background/db/database.ts';
import { demoPacks } from '../../../src/background/demo-seed.ts';
import { SettingsService } from '../../../src/background/settings-service.ts';
import { SlaService } from '../../../src/background/sla-service.ts';
import { maskSubject } from '../../../src/background/subjects.ts';
import { DEFAULT_POLICY } from '../../../src/core/pii/index.ts';
import type { SlaPolicyInput } from '../../../src/core/sla/index.ts';
import { memoryStorage } from '../background/memory-storage.ts';

/** The demo clients, as a demo build seeds them for the demo helpdesk on 127.0.0.1:5178. */
const DEMO_PACKS = demoPacks('127.0.0.1:5178');

// Monday 2 March 2026, 10:00 in New York (business hours in the demo client's calendar).
const MONDAY_10AM = Date.parse('2026-03-02T15:00:00Z');
let counter = 0;

async function setup(policy?: SlaPolicyInput) {
  let now = MONDAY_10AM;
  const settings = new SettingsService({
    local: memoryStorage(),
    session: memoryStorage(),
    readManaged: async () => ({}),
  });
  for (const pack of DEMO_PACKS) await settings.importClientPack(pack);
  if (policy) await settings.write('qaLead', 'sla.policy', policy, 'northwind');
  const notifications: Array<{ id: string; title: string }> = [];
  const badges: number[] = [];
  const alarms: Array<number | undefined> = [];
  const db = openDatabase({ name: `sla-service-${++counter}` });
  const sla = new SlaService(
    db,
    settings,
    {
      notify: async (id, title) => void notifications.push({ id, title }),
      setBadge: async (count) => void badges.push(count),
      setAlarm: async (when) => void alarms.push(when),
    },
    () => now,
  );
  return {
    sla,
    settings,
    notifications,
    badges,
    alarms,
    db,
    advance: (ms: number) => (now += ms),
    now: () => now,
  };
}

/** Subjects reach the service masked (the message handlers mask them). */
const subject = (text: string) => maskSubject(text, DEFAULT_POLICY);
const key = { clientId: 'northwind', site: 'demo', ticketId: '1042' };
const facts = (
  priority: string | null,
  createdAt: number | null,
  messages: Array<{ role: 'customer' | 'agent'; at: number | null }> = [],
) => ({
  priority,
  status: 'Open',
  channel: 'email',
  createdAt,
  messages,
});

describe('the worker SLA service', () => {
  it('shows the nearest target in business terms with the due time in the client zone', async () => {
    const { sla } = await setup();
    const status = await sla.recordFacts(
      key,
      facts('High', MONDAY_10AM - 30 * 60_000),
      subject('Where is my order?'),
    );
    expect(status.hasPolicy).toBe(true);
    expect(status.timeZone).toBe('America/New_York');
    expect(status.nearest).toMatchObject({
      label: 'First reply',
      state: 'active',
      hours: 'business',
      leftText: '1h 30m',
      dueLocal: '11:30',
      severity: 'ok',
    });
    expect(status.priorityDefaulted).toBe(false);
  });

  it('falls back to the default priority visibly when the page shows none', async () => {
    const { sla } = await setup();
    const status = await sla.recordFacts(key, facts(null, MONDAY_10AM), undefined);
    expect(status).toMatchObject({ priority: 'normal', priorityDefaulted: true });
  });

  it('notifies each warning threshold and the breach once, counts tickets at risk on the badge, and sets the next alarm', async () => {
    const short: SlaPolicyInput = {
      ...(DEMO_PACKS[0]!.settings['sla.policy'] as SlaPolicyInput),
      targets: [{ metric: 'first_reply', priority: 'normal', minutes: 40, hours: 'calendar' }],
    };
    const { sla, notifications, badges, alarms, advance } = await setup(short);
    await sla.recordFacts(key, facts('Normal', MONDAY_10AM), subject('Refund'));
    await sla.refresh();
    expect(badges.at(-1)).toBe(0);
    expect(alarms.at(-1)).toBe(MONDAY_10AM + 30 * 60_000); // 25 % of 40 minutes left

    advance(31 * 60_000);
    await sla.refresh();
    await sla.refresh();
    expect(notifications.map((n) => n.title)).toEqual(['First reply: 25% left on #1042']);
    expect(badges.at(-1)).toBe(1);

    advance(6 * 60_000); // 37 minutes in: under 10 % left
    await sla.refresh();
    advance(4 * 60_000); // 41 minutes in: breached
    await sla.refresh();
    await sla.refresh();
    expect(notifications.map((n) => n.title)).toEqual([
      'First reply: 25% left on #1042',
      'First reply: 10% left on #1042',
      'First reply breached: #1042',
    ]);
    const timers = await sla.timers();
    expect(timers[0]).toMatchObject({ ticketId: '1042', nearest: { state: 'breached', severity: 'error' } });
  });

  it('keeps clocks across a worker restart: state lives in IndexedDB', async () => {
    const first = await setup();
    await first.sla.recordFacts(key, facts('High', null), subject('No created time'));
    // A new service over the same database is what a restarted worker builds.
    const restarted = new SlaService(
      first.db,
      first.settings,
      { notify: async () => {}, setBadge: async () => {}, setAlarm: async () => {} },
      () => first.now() + 5 * 60_000,
    );
    const status = await restarted.status(key);
    expect(status.estimated).toBe(true);
    expect(status.nearest?.leftText).toBe('1h 55m');
  });

  it('counts handle time once for the same ticket in two tabs, stops when idle, and pauses by hand', async () => {
    const { sla, advance, now } = await setup();
    const ticket = 'northwind/demo/1042';
    for (const source of ['tab:1', 'tab:2']) {
      await sla.activity({ kind: 'visible', ticket, source, at: now() });
      await sla.activity({ kind: 'focus', ticket, source, at: now() });
    }
    advance(4 * 60_000);
    await sla.activity({ kind: 'idle', at: now() });
    advance(10 * 60_000);
    await sla.activity({ kind: 'active', at: now() });
    advance(60_000);
    expect((await sla.status(key)).handle.activeMs).toBe(5 * 60_000);
    expect(await sla.toggleHandleTime(key)).toBe(true);
    advance(60_000);
    expect((await sla.status(key)).handle).toMatchObject({ activeMs: 5 * 60_000, paused: true });
  });

  it('says plainly when the client has no SLA policy', async () => {
    const { sla, settings } = await setup();
    await settings.write('qaLead', 'sla.policy', null, 'contoso');
    const status = await sla.recordFacts(
      { ...key, clientId: 'contoso' },
      facts('High', MONDAY_10AM),
      undefined,
    );
    expect(status).toMatchObject({ hasPolicy: false, nearest: null });
  });
});

describe('an SLA policy written by a QA lead', () => {
  it('is refused whole with the path of each error, and the previous policy stays in force', async () => {
    const { settings } = await setup();
    const before = (await settings.resolve('northwind')).values['sla.policy'];
    const bad = {
      ...(before as object),
      calendar: { timeZone: 'Mars/Olympus', weeklyHours: {} },
      warnAtPercentLeft: [150],
    };
    await expect(settings.write('qaLead', 'sla.policy', bad, 'northwind')).rejects.toThrow(
      /\/calendar\/timeZone[\s\S]*\/warnAtPercentLeft\/0/,
    );
    expect((await settings.resolve('northwind')).values['sla.policy']).toEqual(before);
  });
});
