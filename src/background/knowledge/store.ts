/**
 * The knowledge store: each client's articles in IndexedDB, with their edit history, undoable deletes (a
 * tombstone that "Undo" clears), usage statistics and the example phrasings agents taught. Every write bumps the
 * client's revision in the same transaction, which is how the worker's ranking index (and its persisted
 * snapshot) knows it is stale — whichever extension context wrote (the worker, or the options page importing).
 *
 * Every read and write names its client: one client's articles are never read for another's.
 */

import { Dexie } from 'dexie';
import { looksLikeHtml } from '../../core/knowledge/html-text.ts';
import {
  type Article,
  type ArticleRecord,
  canonicalVariable,
  EMPTY_USAGE,
  htmlToText,
  type KnowledgeIndexSnapshot,
  toRecord,
  type Usage,
} from '../../core/knowledge/index.ts';
import type { DeskmateDatabase } from '../db/database.ts';
import type { ArticleChange, ArticleHistoryRow, ArticleRow, KbExampleRow } from './rows.ts';

export type UsageEvent = keyof Usage;

export interface ImportOutcome {
  added: number;
  updated: number;
}

export class KnowledgeStore {
  constructor(
    private readonly db: DeskmateDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  private async bump(clientId: string): Promise<number> {
    const current = (await this.db.kbRevisions.get(clientId))?.revision ?? 0;
    await this.db.kbRevisions.put({ clientId, revision: current + 1 });
    return current + 1;
  }

  /**
   * Every row of the client (tombstones included), by a range of the primary key `[clientId+id]`: articles have no
   * secondary index, so that writing 50,000 of them writes nothing but the records.
   */
  private ofClient(clientId: string) {
    return this.db.articles
      .where('[clientId+id]')
      .between([clientId, Dexie.minKey], [clientId, Dexie.maxKey]);
  }

  /** The client's knowledge base revision: changes with every write. */
  async revision(clientId: string): Promise<number> {
    return (await this.db.kbRevisions.get(clientId))?.revision ?? 0;
  }

  /** Every live article of the client (tombstones left out). */
  async list(clientId: string): Promise<ArticleRow[]> {
    const rows = await this.ofClient(clientId).toArray();
    return rows.filter((row) => row.deletedAt === undefined);
  }

  async count(clientId: string): Promise<number> {
    return this.ofClient(clientId)
      .filter((row) => row.deletedAt === undefined)
      .count();
  }

  async get(clientId: string, id: string): Promise<ArticleRow | undefined> {
    const row = await this.db.articles.get([clientId, id]);
    return row && row.deletedAt === undefined ? row : undefined;
  }

  /** Several live articles at once (in the order asked; missing or deleted ones left out). */
  async getMany(clientId: string, ids: readonly string[]): Promise<ArticleRow[]> {
    const rows = await this.db.articles.bulkGet(ids.map((id) => [clientId, id] as [string, string]));
    return rows.filter((row): row is ArticleRow => row !== undefined && row.deletedAt === undefined);
  }

  /** Creates or edits one article (its usage is kept across edits), with a history row. */
  async save(clientId: string, record: ArticleRecord): Promise<ArticleRow> {
    const { articles, articleHistory, kbRevisions } = this.db;
    return this.db.transaction('rw', articles, articleHistory, kbRevisions, async () => {
      const at = this.now();
      const existing = await articles.get([clientId, record.id]);
      const live = existing && existing.deletedAt === undefined ? existing : undefined;
      const row = toRow(clientId, record, at, live);
      await articles.put(row);
      await articleHistory.add(historyRow(clientId, record.id, at, live ? 'edited' : 'created', live));
      await this.bump(clientId);
      return row;
    });
  }

  /** Deletes an article, keeping a tombstone so that `restore` can undo it. */
  async remove(clientId: string, id: string): Promise<boolean> {
    const { articles, articleHistory, kbRevisions } = this.db;
    return this.db.transaction('rw', articles, articleHistory, kbRevisions, async () => {
      const existing = await articles.get([clientId, id]);
      if (!existing || existing.deletedAt !== undefined) return false;
      const at = this.now();
      await articles.put({ ...existing, deletedAt: at });
      await articleHistory.add(historyRow(clientId, id, at, 'deleted', existing));
      await this.bump(clientId);
      return true;
    });
  }

  /** Undoes a delete: the tombstone becomes the article again, with its usage. */
  async restore(clientId: string, id: string): Promise<boolean> {
    const { articles, articleHistory, kbRevisions } = this.db;
    return this.db.transaction('rw', articles, articleHistory, kbRevisions, async () => {
      const existing = await articles.get([clientId, id]);
      if (!existing || existing.deletedAt === undefined) return false;
      const { deletedAt: _deleted, ...row } = existing;
      const at = this.now();
      await articles.put({ ...row, updatedAt: at });
      await articleHistory.add(historyRow(clientId, id, at, 'restored'));
      await this.bump(clientId);
      return true;
    });
  }

  async history(clientId: string, id: string): Promise<ArticleHistoryRow[]> {
    return this.db.articleHistory.where('[clientId+articleId]').equals([clientId, id]).sortBy('seq');
  }

  /**
   * Writes a whole import in one transaction: every article or none. Articles with an id the client already
   * has are replaced (their usage kept); `replace` also deletes (with tombstones) the articles the file lacks.
   */
  async importRecords(
    clientId: string,
    records: readonly ArticleRecord[],
    options: { replace?: boolean } = {},
  ): Promise<ImportOutcome> {
    const { articles, articleHistory, kbRevisions } = this.db;
    return this.db.transaction('rw', articles, articleHistory, kbRevisions, async () => {
      const at = this.now();
      const existing = new Map<string, ArticleRow>();
      for (const row of await this.ofClient(clientId).toArray()) existing.set(row.id, row);
      let updated = 0;
      const rows = records.map((record) => {
        const previous = existing.get(record.id);
        const live = previous && previous.deletedAt === undefined ? previous : undefined;
        if (live) updated++;
        return toRow(clientId, record, at, live);
      });
      await articles.bulkPut(rows);
      if (options.replace) {
        const kept = new Set(records.map((record) => record.id));
        const gone = [...existing.values()].filter((row) => row.deletedAt === undefined && !kept.has(row.id));
        await articles.bulkPut(gone.map((row) => ({ ...row, deletedAt: at })));
      }
      await articleHistory.add({ clientId, articleId: '*', at, change: 'imported', count: rows.length });
      await this.bump(clientId);
      return { added: rows.length - updated, updated };
    });
  }

  /** Counts one usage event of an article (shown, inserted, edited before sending, sent). */
  async recordUsage(clientId: string, id: string, event: UsageEvent): Promise<boolean> {
    // Usage does not change what the index ranks, so the revision stays: the snapshot remains valid.
    const changed = await this.db.articles
      .where('[clientId+id]')
      .equals([clientId, id])
      .modify((row) => {
        row.usage = { ...EMPTY_USAGE, ...row.usage, [event]: (row.usage?.[event] ?? 0) + 1 };
      });
    return changed > 0;
  }

  /** Stores an example phrasing (already masked by the caller) and returns the new revision. */
  async addExample(example: Omit<KbExampleRow, 'seq'>): Promise<number> {
    const { kbExamples, kbRevisions } = this.db;
    return this.db.transaction('rw', kbExamples, kbRevisions, async () => {
      await kbExamples.add({ ...example });
      return this.bump(example.clientId);
    });
  }

  async examples(clientId: string): Promise<KbExampleRow[]> {
    return this.db.kbExamples.where('clientId').equals(clientId).sortBy('seq');
  }

  async snapshot(
    clientId: string,
  ): Promise<{ revision: number; snapshot: KnowledgeIndexSnapshot } | undefined> {
    const row = await this.db.kbSnapshots.get(clientId);
    // A row with `articlesJson` was written by an earlier version, in a format the index no longer reads.
    if (!row || row.articlesJson !== undefined) return undefined;
    return { revision: row.revision, snapshot: row.snapshot };
  }

  /** Keeps the index snapshot unless the knowledge base changed since `revision` (then it would be stale). */
  async saveSnapshot(clientId: string, revision: number, snapshot: KnowledgeIndexSnapshot): Promise<boolean> {
    const { kbSnapshots, kbRevisions } = this.db;
    return this.db.transaction('rw', kbSnapshots, kbRevisions, async () => {
      if ((await this.revision(clientId)) !== revision) return false;
      await kbSnapshots.put({ clientId, revision, snapshot });
      return true;
    });
  }
}

/** `{{ name }}` and `{% name %}`: the two page-variable spellings the snippet parser reads. */
const VARIABLE = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}|\{%\s*([A-Za-z_][\w.]*)\s*(?:,\s*fallback=[^%]*)?%\}/g;

/**
 * The page variables a body uses, in order of first use: what `parseSnippet(body).variables` returns, found with
 * one regular expression instead of the full parse (which dominates the cost of a 50,000-article import).
 */
export function placeholdersOf(body: string): string[] {
  if (!body.includes('{{') && !body.includes('{%')) return [];
  // A set keeps the order of first use; an array searched for each name was quadratic (a hostile article with
  // 40,000 distinct variables took seconds of the worker's time on import).
  const found = new Set<string>();
  for (const match of body.matchAll(VARIABLE)) found.add(canonicalVariable((match[1] ?? match[2])!));
  return [...found];
}

function toRow(clientId: string, record: ArticleRecord, at: number, previous?: ArticleRow): ArticleRow {
  const clean = toRecord(record);
  const html = looksLikeHtml(clean.body);
  const article: Article = {
    ...clean,
    clientId,
    bodyFormat: html ? 'html' : 'text',
    placeholders: placeholdersOf(clean.body),
    usage: { ...(previous?.usage ?? EMPTY_USAGE) },
  };
  const row: ArticleRow = {
    ...withoutUndefined(article),
    ...(html ? { bodyText: htmlToText(clean.body) } : {}),
    createdAt: previous?.createdAt ?? at,
    updatedAt: at,
  };
  return row;
}

function historyRow(
  clientId: string,
  articleId: string,
  at: number,
  change: ArticleChange,
  before?: ArticleRow,
): ArticleHistoryRow {
  const row: ArticleHistoryRow = { clientId, articleId, at, change };
  if (before) {
    const { title, body, tags, folder, locale, shortcut } = before;
    row.before = withoutUndefined({ title, body, tags, folder, locale, shortcut });
  }
  return row;
}

/** IndexedDB keeps `undefined` properties; the store leaves them out so rows stay small and compare equal. */
function withoutUndefined<T extends object>(value: T): T {
  const result = {} as T;
  for (const [key, field] of Object.entries(value)) {
    if (field !== undefined) (result as Record<string, unknown>)[key] = field;
  }
  return result;
}
