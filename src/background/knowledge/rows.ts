/** What the knowledge store keeps in IndexedDB (schema version 4). */
import type { Article, KnowledgeIndexSnapshot } from '../../core/knowledge/index.ts';

/** A stored article: the core's `Article` plus its plain text, times and an optional tombstone. */
export interface ArticleRow extends Article {
  /** An HTML body as plain text, for previews and the index (absent for text bodies: see `plainText`). */
  bodyText?: string;
  createdAt: number;
  updatedAt: number;
  /** Set when deleted: the row stays so that "Undo" can bring it back; every read skips it. */
  deletedAt?: number;
}

export type ArticleChange = 'created' | 'edited' | 'deleted' | 'restored' | 'imported';

export interface ArticleHistoryRow {
  seq?: number;
  clientId: string;
  /** `*` for a change to the whole knowledge base (an import). */
  articleId: string;
  at: number;
  change: ArticleChange;
  /** The article as it was before the change (edits and deletes), so an edit can be looked back on. */
  before?: Pick<Article, 'title' | 'body' | 'tags' | 'folder' | 'locale' | 'shortcut'>;
  /** For imports: how many articles the file brought. */
  count?: number;
}

export interface KbExampleRow {
  seq?: number;
  clientId: string;
  articleId: string;
  /** The customer's message as the data guard masked it: never the raw text. */
  text: string;
  language?: string;
  at: number;
}

export interface KbRevisionRow {
  clientId: string;
  revision: number;
}

export interface KbSnapshotRow {
  clientId: string;
  /** The knowledge base revision the snapshot was taken at; a different current revision makes it stale. */
  revision: number;
  /**
   * The index snapshot: typed arrays and a few long strings (the article columns are packed), so IndexedDB's
   * structured clone reads it back in a few copies rather than one object per article or feature.
   */
  snapshot: KnowledgeIndexSnapshot;
  /** Only in rows written by earlier versions (their article list as JSON): such a snapshot is rebuilt. */
  articlesJson?: string;
}

/** The article's body as plain text. */
export function plainText(row: Pick<ArticleRow, 'body' | 'bodyText'>): string {
  return row.bodyText ?? row.body;
}
