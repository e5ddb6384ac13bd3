/**
 * The database's history, one entry per version, oldest first. Never edit a released version: add a new one
 * with the stores it changes and, when existing rows need reshaping, an `upgrade`. Every version also gets a
 * fixture in test/unit/db/migrations.test.ts, which proves that data written at each older version is still
 * there and readable after upgrading to the newest.
 */
import type { Transaction } from 'dexie';
import { DEFAULT_POLICY } from '../../core/pii/index.ts';
import { maskSubject } from '../subjects.ts';

export interface SchemaVersion {
  version: number;
  /** Dexie store definitions: `primaryKey, index, [compound+index]`; `null` deletes a store. */
  stores: Record<string, string | null>;
  upgrade?: (transaction: Transaction) => Promise<void> | void;
}

export const DATABASE_NAME = 'deskmate';

export const schemaVersions: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // Tickets the agent has opened, per client: recent tickets, and where the clocks start when a page shows no times.
      tickets: '[clientId+site+ticketId], clientId, lastSeenAt',
      // Small facts about the installation (e.g. when the demo was seeded).
      meta: 'key',
    },
  },
  {
    version: 2,
    stores: {
      // What Deskmate observed of each ticket for the SLA clocks; `open` is 1 or 0 (booleans cannot be indexed).
      slaTickets: '[clientId+site+ticketId], clientId, open, updatedAt',
    },
  },
  {
    version: 3,
    stores: {
      // The data guard's audit: type, action, salted hash and length of each finding — never the value.
      guardAudit: '++id, at, [clientId+at], type, action',
    },
  },
  {
    version: 4,
    stores: {
      // Knowledge articles per client (answers); a deleted one keeps a tombstone (`deletedAt`) so it can be undone.
      // No secondary index: a client's articles are a range of the primary key, and imports write less.
      articles: '[clientId+id]',
      // Every change to an article (created, edited, deleted, restored, imported), newest last.
      articleHistory: '++seq, [clientId+articleId], clientId, at',
      // Example phrasings agents accepted (customer messages masked by the data guard first), per client.
      kbExamples: '++seq, clientId, articleId',
      // Per-client revision of the knowledge base (bumped by every write) and the ranking index's snapshot.
      kbRevisions: 'clientId',
      kbSnapshots: 'clientId',
    },
  },
  {
    version: 5,
    stores: {},
    // Subjects stored before they were masked on arrival (see ../subjects.ts) are masked now. An upgrade runs
    // inside one IndexedDB transaction and cannot read the clients' settings, so it uses the default policy;
    // the next visit to a ticket stores its subject masked with the client's own policy.
    upgrade: async (transaction) => {
      for (const table of ['tickets', 'slaTickets']) {
        await transaction
          .table(table)
          .toCollection()
          .modify((row: { subject?: string }) => {
            if (typeof row.subject === 'string') row.subject = maskSubject(row.subject, DEFAULT_POLICY);
          });
      }
    },
  },
];
