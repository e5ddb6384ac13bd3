/**
 * Ticket subjects are the customer's words and leave the page (IndexedDB, the side panel, reports, OS
 * notifications): they must arrive masked with the client's redaction policy wherever they are kept or shown.
 */
import { describe, expect, it } from 'vitest';
import type { AuditService } from '../../../src/background/audit.ts';
import { openDatabase } from '../../../src/background/db/database.ts';
import { schemaVersions } from '../../../src/background/db/schema.ts';
import { demoPacks } from '../../../src/background/demo-seed.ts';

const DEMO_PACKS = demoPacks('127.0.0.1:5178');

import { createHandlers } from '../../../src/background/handlers/index.ts';
import type { KnowledgeService } from '../../../src/background/knowledge/service.ts';
import { createRouter } from '../../../src/background/router.ts';
import type { Services } from '../../../src/background/services.ts';
import { SettingsService } from '../../../src/background/settings-service.ts';
import { SlaService } from '../../../src/background/sla-service.ts';
import { CLIENT_PACK_FORMAT } from '../../../src/core/settings/client-pack.ts';
import type { SlaPolicyInput } from '../../../src/core/sla/index.ts';
import { observe } from '../../../src/core/sla/observations.ts';
import { memoryStorage } from './memory-storage.ts';

const CARD = '4111 1111 1111 1111';
const EMAIL = 'jane.doe@example.com';
const ORDER = 'ORD-552193';
const SUBJECT = `Refund to card ${CARD} for ${EMAIL}, order ${ORDER}`;
/** Every raw form a reader could recognise. */
const RAW = [CARD, CARD.replace(/ /g, ''), EMAIL, ORDER, '552193'];

const MONDAY_10AM = Date.parse('2026-03-02T15:00:00Z');
const SLA: SlaPolicyInput = {
  ...(DEMO_PACKS[0]!.settings['sla.policy'] as SlaPolicyInput),
  targets: [{ metric: 'first_reply', priority: 'normal', minutes: 40, hours: 'calendar' }],
  warnAtPercentLeft: [25],
};

let counter = 0;

async function setup() {
  let now = MONDAY_10AM;
  const settings = new SettingsService({
    local: memoryStorage(),
    session: memoryStorage(),
    readManaged: async () => ({}),
  });
  await settings.importClientPack({
    format: CLIENT_PACK_FORMAT,
    version: 1,
    client: { id: 'acme', name: 'Acme', matches: [{ host: 'acme.example' }] },
    settings: {
      'sla.policy': SLA,
      // The client's own policy: its order numbers are sensitive too (a default policy would not know them).
      'guard.policy': {
        version: 1,
        types: { ORDER_NUMBER: { action: 'mask', masking: 'tag', tag: '[ORDER]' } },
        customDetectors: [{ id: 'order', type: 'ORDER_NUMBER', pattern: 'ORD-\\d{6}', score: 0.9 }],
      },
    },
    locked: [],
  });
  const notifications: Array<{ id: string; title: string; message: string }> = [];
  const db = openDatabase({ name: `subjects-${++counter}` });
  const sla = new SlaService(
    db,
    settings,
    {
      notify: async (id, title, message) => void notifications.push({ id, title, message }),
      setBadge: async () => {},
      setAlarm: async () => {},
    },
    () => now,
  );
  const services: Services = {
    settings,
    sla,
    db,
    audit: {} as AuditService,
    customers: {} as Services['customers'],
    knowledge: {} as KnowledgeService,
    now: () => now,
    activeTab: async () => ({ id: 7, url: 'https://acme.example/tickets/1', windowId: 1 }),
    tabUrl: async () => 'https://acme.example/tickets/1',
    sendToTab: async () => true,
    openSidePanel: async () => true,
    openOptions: async () => {},
    injectIntoFrame: async () => {},
  };
  const route = createRouter(createHandlers(services), {
    extensionId: 'ours',
    extensionOrigin: 'chrome-extension://ours/',
    onError: () => {},
  });
  const fromPage = (type: string, payload: unknown) =>
    route(
      { channel: 'deskmate', type, payload },
      {
        id: 'ours',
        url: 'https://acme.example/tickets/1',
        tab: { id: 7, url: 'https://acme.example/tickets/1' },
      },
    );
  const fromPanel = (type: string, payload: unknown) =>
    route(
      { channel: 'deskmate', type, payload },
      { id: 'ours', url: 'chrome-extension://ours/sidepanel.html' },
    );
  return { db, sla, notifications, fromPage, fromPanel, advance: (ms: number) => (now += ms) };
}

function expectNoRaw(what: unknown) {
  const text = JSON.stringify(what);
  for (const raw of RAW) expect(text, `contains ${raw.length} raw characters`).not.toContain(raw);
}

describe('ticket subjects', () => {
  it('are stored masked with the client policy, and the side panel, reports and notifications get them masked', async () => {
    const { db, sla, notifications, fromPage, fromPanel, advance } = await setup();
    expect(await fromPage('ticket.seen', { site: 'crm', ticketId: '1', subject: SUBJECT })).toMatchObject({
      ok: true,
    });
    const facts = {
      priority: 'Normal',
      status: 'Open',
      channel: 'email',
      createdAt: MONDAY_10AM,
      messages: [{ role: 'customer', at: MONDAY_10AM }],
    };
    expect(
      await fromPage('sla.facts', { site: 'crm', ticketId: '1', subject: SUBJECT, facts }),
    ).toMatchObject({ ok: true });
    // A visit that does not read the subject keeps the masked one.
    await fromPage('ticket.seen', { site: 'crm', ticketId: '1' });

    const tickets = await db.tickets.toArray();
    const slaTickets = await db.slaTickets.toArray();
    expect(tickets).toHaveLength(1);
    expect(slaTickets).toHaveLength(1);
    // Still recognisable to the agent: the words stay, the values do not.
    expect(tickets[0]!.subject).toMatch(/^Refund to card \*{4} \*{4} \*{4} 1111 for .+, order \[ORDER\]$/);
    expect(slaTickets[0]!.subject).toBe(tickets[0]!.subject);
    expectNoRaw({ tickets, slaTickets });

    // 41 minutes later the first reply is breached: the OS notification shows the subject, masked.
    advance(31 * 60_000);
    await sla.refresh();
    advance(10 * 60_000);
    await sla.refresh();
    expect(notifications.map((n) => n.title)).toEqual([
      'First reply: 25% left on #1',
      'First reply breached: #1',
    ]);
    expect(notifications[1]!.message).toContain('Refund to card');
    expectNoRaw(notifications);

    // What the side panel (Tickets, Timers) and the reports read.
    const recent = await fromPanel('tickets.recent', { clientId: 'acme' });
    const timers = await fromPanel('sla.timers', {});
    const report = await fromPanel('sla.report', {});
    expect(JSON.stringify(recent)).toContain('Refund to card');
    expect(JSON.stringify(timers)).toContain('Refund to card');
    expectNoRaw({ recent, timers, report });
  });

  it('stored by an older version are masked when the database is upgraded', async () => {
    const name = `subjects-upgrade-${++counter}`;
    const before = schemaVersions.filter((step) => step.version <= 4);
    const old = openDatabase({ name, versions: before });
    await old.open();
    await old.table('tickets').put({
      clientId: 'acme',
      site: 'crm',
      ticketId: '1',
      subject: SUBJECT,
      firstSeenAt: 1,
      lastSeenAt: 2,
      visits: 1,
    });
    await old.table('tickets').put({
      clientId: 'acme',
      site: 'crm',
      ticketId: '2',
      subject: 'Where is my parcel?',
      firstSeenAt: 1,
      lastSeenAt: 2,
      visits: 1,
    });
    await old.table('slaTickets').put({
      clientId: 'acme',
      site: 'crm',
      ticketId: '1',
      subject: SUBJECT,
      observed: observe(
        undefined,
        { priority: 'High', status: 'Open', channel: 'email', createdAt: 1, messages: [] },
        1,
      ),
      open: 1,
      updatedAt: 1,
      notified: [],
    });
    old.close();

    const latest = openDatabase({ name });
    await latest.open();
    const tickets = await latest.tickets.toArray();
    const slaTickets = await latest.slaTickets.toArray();
    latest.close();
    await latest.delete();
    expect(tickets.map((row) => row.subject)).toEqual([
      expect.stringMatching(/^Refund to card \*{4} \*{4} \*{4} 1111 for /),
      'Where is my parcel?',
    ]);
    expect(slaTickets[0]!.subject).toBe(tickets[0]!.subject);
    // The upgrade cannot read the client's policy (its order numbers): the default policy's types are masked.
    const stored = JSON.stringify({ tickets, slaTickets });
    for (const raw of [CARD, CARD.replace(/ /g, ''), EMAIL]) expect(stored).not.toContain(raw);
  });
});
