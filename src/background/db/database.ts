/**
 * The Dexie database. It lives in the extension's origin (worker and extension pages), never in a content
 * script, whose IndexedDB would belong to the helpdesk's site.
 */
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { ObservedTicket } from '../../core/sla/observations.ts';
import type { RecentTicket } from '../../messaging/protocol.ts';
import type { GuardAuditRow } from '../audit.ts';
import type {
  ArticleHistoryRow,
  ArticleRow,
  KbExampleRow,
  KbRevisionRow,
  KbSnapshotRow,
} from '../knowledge/rows.ts';
import type { MaskedSubject } from '../subjects.ts';
import { DATABASE_NAME, type SchemaVersion, schemaVersions } from './schema.ts';

/** A recent ticket; its subject only ever stored masked (see ../subjects.ts). */
export type TicketRow = Omit<RecentTicket, 'subject'> & { subject?: MaskedSubject };

export interface MetaRow {
  key: string;
  value: unknown;
}

export interface SlaTicketRow {
  clientId: string;
  site: string;
  ticketId: string;
  /** Masked with the client's redaction policy (see ../subjects.ts). */
  subject?: MaskedSubject;
  observed: ObservedTicket;
  /** 1 while the ticket is not solved (an index: booleans cannot be keys). */
  open: 0 | 1;
  updatedAt: number;
  /** Warning thresholds and breaches already notified, as `metric:cycle:percent|breached`. */
  notified: string[];
}

type TicketKey = [clientId: string, site: string, ticketId: string];

export type DeskmateDatabase = Dexie & {
  tickets: Table<TicketRow, TicketKey>;
  slaTickets: Table<SlaTicketRow, TicketKey>;
  meta: EntityTable<MetaRow, 'key'>;
  guardAudit: Table<GuardAuditRow, number>;
  articles: Table<ArticleRow, [clientId: string, id: string]>;
  articleHistory: Table<ArticleHistoryRow, number>;
  kbExamples: Table<KbExampleRow, number>;
  kbRevisions: EntityTable<KbRevisionRow, 'clientId'>;
  kbSnapshots: EntityTable<KbSnapshotRow, 'clientId'>;
};

/**
 * Opens the database with every version up to `upTo` (all by default). Tests open older versions to seed data
 * as a previous release would have written it.
 */
export function openDatabase(
  options: { name?: string; upTo?: number; versions?: readonly SchemaVersion[] } = {},
): DeskmateDatabase {
  const db = new Dexie(options.name ?? DATABASE_NAME) as DeskmateDatabase;
  for (const step of options.versions ?? schemaVersions) {
    if (options.upTo !== undefined && step.version > options.upTo) break;
    const version = db.version(step.version).stores(step.stores);
    if (step.upgrade) version.upgrade(step.upgrade);
  }
  return db;
}

export const LATEST_VERSION = schemaVersions.at(-1)!.version;
