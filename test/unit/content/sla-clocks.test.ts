// @vitest-environment happy-dom
/**
 * The SLA clocks feature when the worker does not answer: the agent sees why the clock is missing, the commands
 * still work, and the facts are sent again until the worker has them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeatureContext } from '../../../src/content/features/feature.ts';
import { slaClocks } from '../../../src/content/features/sla-clocks.ts';
import { DomWatcher } from '../../../src/content/runtime/dom-watch.ts';
import { demoAdapter as demoSite } from '../../../src/content/sites/demo.ts';
import { CommandRegistry } from '../../../src/content/workbench/commands.ts';
import { ContextKeys } from '../../../src/content/workbench/context-keys.ts';
import { StatusBarModel } from '../../../src/content/workbench/status-bar.tsx';
import type { TicketSlaStatus } from '../../../src/messaging/protocol.ts';

const DEMO_ADAPTER = demoSite('127.0.0.1:5178');

const status: TicketSlaStatus = {
  hasPolicy: true,
  clientName: 'Northwind',
  timeZone: 'America/New_York',
  priority: 'high',
  priorityDefaulted: false,
  estimated: false,
  nearest: {
    metric: 'first_reply',
    label: 'First reply',
    state: 'active',
    running: true,
    hours: 'business',
    leftText: '1h 20m',
    leftMs: 4_800_000,
    dueAt: 0,
    dueLocal: '14:05',
    severity: 'ok',
    estimated: false,
  },
  clocks: [],
  handle: { activeMs: 0, active: true, paused: false, targetMinutes: null, overTarget: false },
};

function ticketPage(): void {
  document.body.innerHTML = `
    <main data-demo="ticket-view" data-ticket-id="1044">
      <h1 data-demo="ticket-subject">Refund for order</h1>
      <span data-demo="ticket-priority">high</span>
      <span data-demo="ticket-status">open</span>
      <section data-demo="conversation">
        <article data-demo="message" data-author-role="customer">
          <span data-demo="message-author">Ana</span>
          <time data-demo="message-time" datetime="2026-11-20T14:00:00Z">14:00</time>
          <div data-demo="message-body">Where is my refund?</div>
        </article>
      </section>
    </main>`;
}

afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('SLA clocks when the worker cannot answer', () => {
  it('says the clock is unavailable, keeps its commands, and sends the facts again until the worker has them', async () => {
    vi.useFakeTimers();
    ticketPage();
    const page = new AbortController();
    const keys = new ContextKeys();
    const statusBar = new StatusBarModel();
    const commands = new CommandRegistry(keys, () => {});
    let factsCalls = 0;
    const request = vi.fn(async (type: string) => {
      if (type === 'sla.facts') {
        factsCalls += 1;
        if (factsCalls === 1) throw new Error('sla.facts: no answer from the Deskmate worker');
        return status;
      }
      if (type === 'sla.activity') return { active: true };
      throw new Error(`unexpected request ${type}`);
    });
    const context = {
      url: 'http://127.0.0.1:4000/agent/tickets/1044',
      site: DEMO_ADAPTER,
      signal: page.signal,
      dom: new DomWatcher(document, page.signal),
      workbench: { statusBar, commands, contextKeys: keys },
      request,
      listen: (target: EventTarget, type: string, handler: EventListener) =>
        target.addEventListener(type, handler, { signal: page.signal }),
    } as unknown as FeatureContext;

    await slaClocks.start(context);
    const sla = () => statusBar.items.value.find((item) => item.id === 'sla');
    expect(sla()?.text).toBe('SLA clock unavailable');
    expect(sla()?.severity).toBe('warning');
    expect(sla()?.tooltip).toContain('no answer from the Deskmate worker');
    expect(commands.has('deskmate.handleTime.toggle')).toBe(true);
    expect(commands.has('deskmate.sla.showTimers')).toBe(true);

    await vi.advanceTimersByTimeAsync(3_000);
    expect(factsCalls).toBe(2);
    expect(sla()?.text).toBe('First reply 1h 20m business · due 14:05 client time');
    expect(sla()?.severity).toBe('ok');

    // Once the worker has the facts, an unchanged page sends nothing more.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(factsCalls).toBe(2);
    page.abort();
    expect(sla()).toBeUndefined();
  });
});
