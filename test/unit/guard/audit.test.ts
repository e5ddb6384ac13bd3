import { describe, expect, it } from 'vitest';
import { AuditService, maskFreeText, SALT_KEY } from '../../../src/background/audit.ts';
import { openDatabase } from '../../../src/background/db/database.ts';
import { demoPacks } from '../../../src/background/demo-seed.ts';
import { SettingsService } from '../../../src/background/settings-service.ts';
import { defaultPolicy, saltedHash } from '../../../src/core/pii/index.ts';
import { memoryStorage } from '../background/memory-storage.ts';

/** The demo clients, as a demo build seeds them for the demo helpdesk on 127.0.0.1:5178. */
const DEMO_PACKS = demoPacks('127.0.0.1:5178');

const CARD = '4111 1111 1111 1111';
const DAY = 86_400_000;
let counter = 0;

async function setup() {
  let now = Date.parse('2026-03-02T15:00:00Z');
  const local = memoryStorage();
  const settings = new SettingsService({ local, session: memoryStorage(), readManaged: async () => ({}) });
  for (const pack of DEMO_PACKS) await settings.importClientPack(pack);
  await settings.write('agent', 'agent.name', 'Sam Agent');
  const db = openDatabase({ name: `guard-audit-${++counter}` });
  const audit = new AuditService(db, settings, local, () => now);
  return { audit, settings, db, local, advance: (ms: number) => (now += ms) };
}

const entry = (action: 'blocked' | 'overridden' | 'masked' | 'flagged', value = CARD) => ({
  action,
  type: 'CREDIT_CARD',
  score: 0.99,
  detector: 'credit-card',
  length: value.length,
  value,
});

describe('the data guard audit', () => {
  it('records type, action, agent, a salted hash and the length, never the value', async () => {
    const { audit, db, local } = await setup();
    await audit.record('northwind', {
      site: 'demo',
      ticketId: '1046',
      entries: [entry('blocked'), entry('overridden')],
      reason: `customer asked to use ${CARD}`,
    });
    const rows = await db.guardAudit.toArray();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      clientId: 'northwind',
      site: 'demo',
      ticketId: '1046',
      agent: 'Sam Agent',
      type: 'CREDIT_CARD',
      action: 'blocked',
      length: CARD.length,
    });
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    // Same value, same hash on this installation.
    expect(rows[1]!.hash).toBe(rows[0]!.hash);
    // Only the override keeps the reason, with the card masked.
    expect(rows[0]!.reason).toBeUndefined();
    expect(rows[1]!.reason).toMatch(/^customer asked to use /);
    const everything = JSON.stringify({ rows, local: local.data });
    expect(everything).not.toContain(CARD);
    expect(everything).not.toContain(CARD.replace(/ /g, ''));
  });

  it('keeps the salt where content scripts cannot read it: IndexedDB, never storage.local', async () => {
    const { audit, db, local } = await setup();
    await audit.record('northwind', { site: 'demo', entries: [entry('blocked')] });
    const salt = (await db.meta.get(SALT_KEY))?.value;
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    // storage.local is readable by every content script (helpdesk pages): nothing of the salt is there.
    expect(Object.keys(local.data)).not.toContain(SALT_KEY);
    expect(JSON.stringify(local.data)).not.toContain(salt as string);
  });

  it('moves the salt an older version kept in storage.local, unchanged, so earlier hashes still match', async () => {
    const old = 'c0ffee'.repeat(11);
    const { audit, db, local, settings } = await setup();
    local.data[SALT_KEY] = old;
    const before = await saltedHash(CARD, old); // what the older version recorded for this card
    await audit.record('northwind', { site: 'demo', entries: [entry('blocked')] });
    const [row] = await db.guardAudit.toArray();
    expect(row!.hash).toBe(before);
    expect((await db.meta.get(SALT_KEY))?.value).toBe(old);
    expect(local.data[SALT_KEY]).toBeUndefined();

    // A restarted worker (a new service over the same database) keeps using the moved salt.
    const restarted = new AuditService(db, settings, local);
    expect(await restarted.salt()).toBe(old);
    expect(local.data[SALT_KEY]).toBeUndefined();
  });

  it('finishes a move interrupted after the write: the copy left in storage.local is removed', async () => {
    const { audit, db, local, settings } = await setup();
    const salt = await audit.salt();
    local.data[SALT_KEY] = salt;
    const restarted = new AuditService(db, settings, local);
    expect(await restarted.salt()).toBe(salt);
    expect(local.data[SALT_KEY]).toBeUndefined();
  });

  it('salts per installation: another installation hashes the same value differently', async () => {
    const one = await setup();
    const two = await setup();
    await one.audit.record('northwind', { site: 'demo', entries: [entry('flagged')] });
    await two.audit.record('northwind', { site: 'demo', entries: [entry('flagged')] });
    const [a] = await one.db.guardAudit.toArray();
    const [b] = await two.db.guardAudit.toArray();
    expect(a!.hash).not.toBe(b!.hash);
  });

  it('filters by client, type, action and date, and exports CSV', async () => {
    const { audit, advance } = await setup();
    await audit.record('northwind', { site: 'demo', entries: [entry('blocked'), entry('masked')] });
    advance(DAY);
    await audit.record('contoso', { site: 'demo', entries: [entry('masked')] });
    const northwind = await audit.query({ clientId: 'northwind' });
    expect(northwind.rows.map((row) => row.action).sort()).toEqual(['blocked', 'masked']);
    expect((await audit.query({ action: 'masked' })).total).toBe(2);
    expect((await audit.query({ type: 'US_SSN' })).total).toBe(0);
    const latest = await audit.query({ from: Date.parse('2026-03-03T00:00:00Z') });
    expect(latest.rows.map((row) => row.clientId)).toEqual(['contoso']);
    const lines = northwind.csv.split('\r\n');
    expect(lines[0]).toBe(
      'time,clientId,site,ticketId,agent,type,score,action,detector,hash,length,reason,belongsTo',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^2026-03-02T15:00:00.000Z,northwind,demo,,Sam Agent,CREDIT_CARD,0.99,/);
  });

  it('deletes entries older than the client retention', async () => {
    const { audit, settings, advance } = await setup();
    await settings.write('qaLead', 'guard.auditRetentionDays', 7, 'northwind');
    await audit.record('northwind', { site: 'demo', entries: [entry('blocked')] });
    await audit.record('contoso', { site: 'demo', entries: [entry('blocked')] });
    advance(8 * DAY);
    await audit.record('northwind', { site: 'demo', entries: [entry('masked')] });
    expect(await audit.prune()).toBe(1);
    const left = await audit.query({});
    expect(left.rows.map((row) => `${row.clientId}:${row.action}`).sort()).toEqual([
      'contoso:blocked',
      'northwind:masked',
    ]);
  });

  it('masks values side by side in free text, even types the client policy switches off', () => {
    const policy = { version: 1 as const, types: { PHONE_NUMBER: { action: 'off' as const } } };
    const masked = maskFreeText(
      'customer gave 415 555 2671 4111 1111 1111 1111 ssn 123456789 5555555555554444',
      policy,
    );
    const digits = masked.replace(/\D/g, '');
    for (const raw of ['4155552671', '4111111111111111', '5555555555554444'])
      expect(digits).not.toContain(raw);
  });

  it('masks every sensitive value in free text', () => {
    const masked = maskFreeText(`card ${CARD}, my SSN is 536-22-1234`, defaultPolicy());
    expect(masked).not.toContain(CARD);
    expect(masked).toContain('1111');
    expect(masked).not.toContain('536-22-1234');
  });
});
