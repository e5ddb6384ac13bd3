/**
 * The data guard's audit, kept by the worker in IndexedDB: what was flagged, warned about, masked, blocked,
 * overridden (with the agent's reason, itself scanned and masked) or reported as not sensitive — with the type,
 * score, detector, a salted SHA-256 of the value and its length, never the value. The salt is random per
 * installation, so hashes show "the same card three times" on this machine and nothing anywhere else.
 *
 * The salt is the key to those hashes: with it, a value with few possibilities (a CVV, an expiry date, a date of
 * birth, an SSN) is found from its hash by trying them all. So it lives in the worker's IndexedDB (the `meta`
 * table, in the extension's origin), which only the worker and Deskmate's own pages can open — not in
 * `storage.local`, which every content script (code running in the helpdesk's pages) can read, and whose access
 * level only Chrome lets an extension restrict. Older versions kept it there: it is moved on first use, unchanged,
 * so hashes recorded before and after the move still match. Entries older than the client's retention are
 * deleted on an alarm.
 */
import { Dexie } from 'dexie';
import { toCsv } from '../core/csv.ts';
import { auditFields, defaultPolicy, type RedactionPolicy, redactForStorage } from '../core/pii/index.ts';
import type { GuardAuditAction, GuardAuditRow } from '../messaging/views.ts';
import type { DeskmateDatabase } from './db/database.ts';

export type { GuardAuditAction, GuardAuditRow } from '../messaging/views.ts';

import type { SettingsService } from './settings-service.ts';

export interface AuditEntryInput {
  action: GuardAuditAction;
  type: string;
  score: number;
  detector: string;
  length: number;
  /** Hashed here, then dropped. */
  value: string;
  belongsTo?: string;
}

export interface AuditFilters {
  clientId?: string;
  type?: string;
  action?: GuardAuditAction;
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
  limit?: number;
}

export const AUDIT_CSV_COLUMNS = [
  'time',
  'clientId',
  'site',
  'ticketId',
  'agent',
  'type',
  'score',
  'action',
  'detector',
  'hash',
  'length',
  'reason',
  'belongsTo',
] as const;

/** The salt's key in the `meta` table, and where older versions kept it in `storage.local`. */
export const SALT_KEY = 'guard.auditSalt';
const DAY_MS = 86_400_000;

/** `storage.local`, where versions before 5 of the database kept the salt: read once to move it, then cleared. */
export interface LegacySaltStorage {
  get(keys: string): Promise<Record<string, unknown>>;
  remove(keys: string): Promise<void>;
}

const isSalt = (value: unknown): value is string => typeof value === 'string' && value.length >= 32;

function randomSalt(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Masks every sensitive value in free text (an override's reason): the same guarantee as a learned example. */
export function maskFreeText(text: string, policy: RedactionPolicy): string {
  return redactForStorage(text, policy);
}

export class AuditService {
  private saltPromise: Promise<string> | undefined;

  constructor(
    private readonly db: DeskmateDatabase,
    private readonly settings: SettingsService,
    /** Where an older version may have left the salt (the worker passes `storage.local`). */
    private readonly legacy: LegacySaltStorage | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** The installation's salt, created on first use (or moved from where an older version kept it). */
  salt(): Promise<string> {
    this.saltPromise ??= (async () => {
      const kept = (await this.db.meta.get(SALT_KEY))?.value;
      if (isSalt(kept)) {
        // A move interrupted after the write left the old copy behind.
        if (this.legacy && SALT_KEY in (await this.legacy.get(SALT_KEY))) await this.legacy.remove(SALT_KEY);
        return kept;
      }
      const old = this.legacy ? (await this.legacy.get(SALT_KEY))[SALT_KEY] : undefined;
      const candidate = isSalt(old) ? old : randomSalt();
      // Written only if still absent, in one transaction: two wake-ups racing end with one salt.
      const salt = await this.db.transaction('rw', this.db.meta, async () => {
        const again = (await this.db.meta.get(SALT_KEY))?.value;
        if (isSalt(again)) return again;
        await this.db.meta.put({ key: SALT_KEY, value: candidate });
        return candidate;
      });
      // Removed only once the new copy is committed: a failure in between loses nothing.
      await this.legacy?.remove(SALT_KEY);
      return salt;
    })();
    this.saltPromise.catch(() => {
      this.saltPromise = undefined;
    });
    return this.saltPromise;
  }

  async record(
    clientId: string,
    input: { site: string; ticketId?: string; reason?: string; entries: readonly AuditEntryInput[] },
  ): Promise<number> {
    if (input.entries.length === 0) return 0;
    const [salt, resolved] = await Promise.all([this.salt(), this.settings.resolve(clientId)]);
    const policy = resolved.values['guard.policy'] ?? defaultPolicy();
    const reason = input.reason ? maskFreeText(input.reason, policy).slice(0, 1000) : undefined;
    const at = this.now();
    const rows: GuardAuditRow[] = [];
    for (const entry of input.entries) {
      const fields = await auditFields(
        entry.value,
        {
          type: entry.type,
          start: 0,
          end: entry.value.length,
          score: entry.score,
          detector: entry.detector,
          reason: '',
        },
        salt,
      );
      rows.push({
        at,
        clientId,
        site: input.site,
        ...(input.ticketId ? { ticketId: input.ticketId } : {}),
        agent: resolved.values['agent.name'],
        type: fields.type,
        score: Math.round(fields.score * 1000) / 1000,
        action: entry.action,
        detector: fields.detector,
        hash: fields.hash,
        length: Math.max(entry.length, fields.length),
        ...(entry.belongsTo ? { belongsTo: entry.belongsTo } : {}),
        ...(reason && (entry.action === 'overridden' || entry.action === 'not-sensitive') ? { reason } : {}),
      });
    }
    await this.db.guardAudit.bulkAdd(rows);
    return rows.length;
  }

  async query(filters: AuditFilters = {}): Promise<{ rows: GuardAuditRow[]; total: number; csv: string }> {
    const from = filters.from ?? 0;
    const to = filters.to ?? Number.MAX_SAFE_INTEGER;
    const collection = filters.clientId
      ? this.db.guardAudit.where('[clientId+at]').between([filters.clientId, from], [filters.clientId, to])
      : this.db.guardAudit.where('at').between(from, to);
    const all = await collection
      .filter(
        (row) =>
          (!filters.type || row.type === filters.type) && (!filters.action || row.action === filters.action),
      )
      .toArray();
    all.sort((a, b) => b.at - a.at);
    const rows = all.slice(0, filters.limit ?? 5000);
    const csv = toCsv(
      rows.map((row) => ({ ...row, time: new Date(row.at).toISOString() })),
      [...AUDIT_CSV_COLUMNS],
    );
    return { rows, total: all.length, csv };
  }

  /** Deletes entries older than each client's retention (`guard.auditRetentionDays`). */
  async prune(): Promise<number> {
    const now = this.now();
    const clients = await this.settings.clients();
    const known = new Set(clients.map((client) => client.id));
    let deleted = 0;
    for (const client of clients) {
      const days = (await this.settings.resolve(client.id)).values['guard.auditRetentionDays'];
      deleted += await this.db.guardAudit
        .where('[clientId+at]')
        .between([client.id, Dexie.minKey], [client.id, now - days * DAY_MS])
        .delete();
    }
    // Entries of clients no longer configured follow the installation-wide retention.
    const days = (await this.settings.resolve(null)).values['guard.auditRetentionDays'];
    deleted += await this.db.guardAudit
      .where('at')
      .below(now - days * DAY_MS)
      .filter((row) => !known.has(row.clientId))
      .delete();
    return deleted;
  }
}
