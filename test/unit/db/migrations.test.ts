import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, openDatabase } from '../../../src/background/db/database.ts';
import { type SchemaVersion, schemaVersions } from '../../../src/background/db/schema.ts';
import { recentTickets, recordTicketSeen } from '../../../src/background/db/tickets.ts';
import { type MaskedSubject, maskSubject } from '../../../src/background/subjects.ts';
import { DEFAULT_POLICY } from '../../../src/core/pii/index.ts';
import { observe } from '../../../src/core/sla/observations.ts';
import { upgradeFrom, type VersionFixture } from './harness.ts';

/** One fixture per released version: add one with every new schema version. */
const fixtures: Record<number, VersionFixture> = {
  1: {
    async seed(db) {
      await db.tickets.put({
        clientId: 'northwind',
        site: 'zendesk',
        ticketId: '1042',
        // Version 1 stored subjects as the page gave them.
        subject: 'Where is my order?' as MaskedSubject,
        firstSeenAt: 1_700_000_000_000,
        lastSeenAt: 1_700_000_100_000,
        visits: 3,
      });
      await db.meta.put({ key: 'demo.seededAt', value: 1_700_000_000_000 });
    },
    async verify(db) {
      const ticket = await db.tickets.get(['northwind', 'zendesk', '1042']);
      expect(ticket).toMatchObject({
        subject: 'Where is my order?',
        firstSeenAt: 1_700_000_000_000,
        visits: 3,
      });
      expect((await db.tickets.where('clientId').equals('northwind').toArray()).length).toBe(1);
      expect(await db.meta.get('demo.seededAt')).toEqual({ key: 'demo.seededAt', value: 1_700_000_000_000 });
    },
  },
  2: {
    async seed(db) {
      await db.slaTickets.put({
        clientId: 'northwind',
        site: 'demo',
        ticketId: '1042',
        observed: observe(
          undefined,
          { priority: 'High', status: 'Open', channel: 'email', createdAt: 1_700_000_000_000, messages: [] },
          1_700_000_000_000,
        ),
        open: 1,
        updatedAt: 1_700_000_000_000,
        notified: ['first_reply:1:25'],
      });
      await db.meta.put({
        key: 'handleTime',
        value: { idle: false, sources: {}, paused: [], tickets: {}, lastAt: 5 },
      });
    },
    async verify(db) {
      const row = await db.slaTickets.get(['northwind', 'demo', '1042']);
      expect(row?.observed).toMatchObject({ initialPriority: 'high', createdAt: 1_700_000_000_000 });
      expect(row?.notified).toEqual(['first_reply:1:25']);
      expect(await db.slaTickets.where('open').equals(1).count()).toBe(1);
      expect((await db.meta.get('handleTime'))?.value).toMatchObject({ lastAt: 5 });
    },
  },
  3: {
    async seed(db) {
      await db.guardAudit.add({
        at: 1_700_000_000_000,
        clientId: 'northwind',
        site: 'demo',
        ticketId: '1046',
        agent: 'Sam',
        type: 'CREDIT_CARD',
        score: 1,
        action: 'overridden',
        detector: 'credit-card',
        hash: 'ab'.repeat(32),
        length: 19,
        reason: 'customer asked for **** 1111',
      });
    },
    async verify(db) {
      const rows = await db.guardAudit
        .where('[clientId+at]')
        .between(['northwind', 0], ['northwind', Number.MAX_SAFE_INTEGER])
        .toArray();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        type: 'CREDIT_CARD',
        action: 'overridden',
        length: 19,
        hash: 'ab'.repeat(32),
      });
      expect(await db.guardAudit.where('action').equals('overridden').count()).toBe(1);
    },
  },
  4: {
    async seed(db) {
      await db.articles.put({
        clientId: 'northwind',
        id: 'refund',
        title: 'Refund timeline',
        body: 'Hi {{customer.first_name}}, refunds take 5 days.',
        bodyText: 'Hi {{customer.first_name}}, refunds take 5 days.',
        bodyFormat: 'text',
        tags: ['refund'],
        shortcut: 'refund',
        placeholders: ['customer.first_name'],
        usage: { shown: 4, inserted: 2, edited: 1, sent: 1 },
        createdAt: 1_700_000_000_000,
        updatedAt: 1_700_000_000_000,
      });
      await db.articles.put({
        clientId: 'northwind',
        id: 'gone',
        title: 'Old answer',
        body: 'Deleted',
        bodyText: 'Deleted',
        bodyFormat: 'text',
        tags: [],
        placeholders: [],
        usage: { shown: 0, inserted: 0, edited: 0, sent: 0 },
        createdAt: 1,
        updatedAt: 1,
        deletedAt: 2,
      });
      await db.articleHistory.add({ clientId: 'northwind', articleId: 'refund', at: 5, change: 'created' });
      await db.kbExamples.add({
        clientId: 'northwind',
        articleId: 'refund',
        text: 'where is my money',
        at: 6,
      });
      await db.kbRevisions.put({ clientId: 'northwind', revision: 3 });
    },
    async verify(db) {
      const refund = await db.articles.get(['northwind', 'refund']);
      expect(refund).toMatchObject({ title: 'Refund timeline', usage: { inserted: 2, sent: 1 } });
      expect(
        await db.articles.where('[clientId+id]').between(['northwind', ''], ['northwind', '\uffff']).count(),
      ).toBe(2);
      expect((await db.articles.get(['northwind', 'gone']))?.deletedAt).toBe(2);
      expect(
        await db.articleHistory.where('[clientId+articleId]').equals(['northwind', 'refund']).count(),
      ).toBe(1);
      expect((await db.kbExamples.where('clientId').equals('northwind').first())?.text).toBe(
        'where is my money',
      );
      expect((await db.kbRevisions.get('northwind'))?.revision).toBe(3);
    },
  },
  5: {
    async seed(db) {
      await db.slaTickets.put({
        clientId: 'northwind',
        site: 'demo',
        ticketId: '2001',
        subject: maskSubject('Card 4111 1111 1111 1111 declined', DEFAULT_POLICY),
        observed: observe(
          undefined,
          { priority: 'Low', status: 'Open', channel: 'chat', createdAt: 1_700_000_000_000, messages: [] },
          1_700_000_000_000,
        ),
        // Solved: the version-2 fixture counts the open ones.
        open: 0,
        updatedAt: 1_700_000_000_000,
        notified: [],
      });
    },
    async verify(db) {
      expect((await db.slaTickets.get(['northwind', 'demo', '2001']))?.subject).toBe(
        'Card **** **** **** 1111 declined',
      );
    },
  },
};

describe('database migrations', () => {
  it('has a fixture for every schema version', () => {
    expect(Object.keys(fixtures).map(Number)).toEqual(schemaVersions.map((v) => v.version));
  });

  it('numbers versions in increasing order', () => {
    const numbers = schemaVersions.map((v) => v.version);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(LATEST_VERSION).toBe(numbers.at(-1));
  });

  for (const { version } of schemaVersions) {
    it(`keeps data written at version ${version} after upgrading to version ${LATEST_VERSION}`, async () => {
      await upgradeFrom(version, schemaVersions, fixtures);
    });
  }

  it('catches a migration that loses data (the harness can fail)', async () => {
    const lossy: SchemaVersion[] = [
      ...schemaVersions,
      {
        version: LATEST_VERSION + 1,
        stores: {},
        // A careless upgrade that rewrites tickets and forgets their subjects.
        upgrade: async (tx) => {
          await tx
            .table('tickets')
            .toCollection()
            .modify((row: { subject?: string }) => {
              delete row.subject;
            });
        },
      },
    ];
    const withLossy = { ...fixtures, [LATEST_VERSION + 1]: { seed: async () => {}, verify: async () => {} } };
    await expect(upgradeFrom(1, lossy, withLossy)).rejects.toThrow(/subject/);
  });
});

describe('ticket records', () => {
  it('keep the first-seen time and count visits, newest first per client', async () => {
    const db = openDatabase({ name: 'tickets-test' });
    await recordTicketSeen(
      db,
      { clientId: 'a', site: 'demo', ticketId: '1', subject: maskSubject('First', DEFAULT_POLICY) },
      1000,
    );
    await recordTicketSeen(db, { clientId: 'a', site: 'demo', ticketId: '2' }, 2000);
    const again = await recordTicketSeen(db, { clientId: 'a', site: 'demo', ticketId: '1' }, 3000);
    await recordTicketSeen(db, { clientId: 'b', site: 'demo', ticketId: '9' }, 4000);
    expect(again).toMatchObject({ firstSeenAt: 1000, lastSeenAt: 3000, visits: 2, subject: 'First' });
    expect((await recentTickets(db, 'a', 10)).map((t) => t.ticketId)).toEqual(['1', '2']);
    expect((await recentTickets(db, 'b', 10)).map((t) => t.ticketId)).toEqual(['9']);
    await db.delete();
  });
});
