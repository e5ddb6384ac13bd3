import { describe, expect, it } from 'vitest';
import { historyOf, type ObservedFacts, observe } from '../../../src/core/sla/observations.ts';

const T0 = Date.parse('2026-03-02T14:00:00Z');
const minutes = (n: number) => T0 + n * 60_000;
const facts = (overrides: Partial<ObservedFacts> = {}): ObservedFacts => ({
  priority: 'High',
  status: 'Open',
  channel: 'email',
  createdAt: T0,
  messages: [{ role: 'customer', at: T0 }],
  ...overrides,
});

describe('observing a ticket on the page', () => {
  it('starts the history at the created time the page shows, with the first priority and status', () => {
    const ticket = observe(undefined, facts(), minutes(10));
    const history = historyOf('1042', ticket);
    expect(history.events[0]).toEqual({
      type: 'created',
      at: T0,
      priority: 'high',
      status: 'open',
      channel: 'email',
    });
    expect(history.events[1]).toEqual({ type: 'customer_message', at: T0 });
    expect(ticket.createdEstimated).toBe(false);
  });

  it('starts the clock when first seen, marked estimated, when the page shows no created time', () => {
    const ticket = observe(undefined, facts({ createdAt: null, messages: [] }), minutes(10));
    expect(historyOf('1', ticket).events[0]).toMatchObject({
      type: 'created',
      at: minutes(10),
      estimated: true,
    });
    // A later look that shows the real time corrects it.
    const corrected = observe(ticket, facts({ messages: [] }), minutes(11));
    expect(historyOf('1', corrected).events[0]).toMatchObject({ at: T0 });
    expect(corrected.createdEstimated).toBe(false);
  });

  it('records priority and status changes when it first sees them, and only once', () => {
    let ticket = observe(undefined, facts(), minutes(1));
    ticket = observe(ticket, facts({ status: 'Pending' }), minutes(5));
    ticket = observe(ticket, facts({ status: 'Pending' }), minutes(6));
    ticket = observe(ticket, facts({ status: 'Pending', priority: 'Urgent' }), minutes(7));
    ticket = observe(ticket, facts({ status: 'On hold', priority: 'Urgent' }), minutes(8));
    expect(ticket.changes).toEqual([
      { type: 'status', status: 'pending', at: minutes(5), estimated: true },
      { type: 'priority', priority: 'urgent', at: minutes(7), estimated: true },
      { type: 'status', status: 'on-hold', at: minutes(8), estimated: true },
    ]);
  });

  it('adds each message once: timed ones by their time, untimed ones by their position', () => {
    let ticket = observe(undefined, facts(), minutes(1));
    const replied = facts({
      messages: [
        { role: 'customer', at: T0 },
        { role: 'agent', at: minutes(20) },
      ],
    });
    ticket = observe(ticket, replied, minutes(21));
    ticket = observe(ticket, replied, minutes(22));
    const untimed = facts({ messages: [...replied.messages, { role: 'customer', at: null }] });
    ticket = observe(ticket, untimed, minutes(30));
    ticket = observe(ticket, untimed, minutes(31));
    expect(historyOf('1', ticket).events.map((e) => [e.type, e.at, e.estimated ?? false])).toEqual([
      ['created', T0, false],
      ['customer_message', T0, false],
      ['agent_reply', minutes(20), false],
      ['customer_message', minutes(30), true],
    ]);
  });
});
