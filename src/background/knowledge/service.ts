/**
 * The worker's side of answers. One `KnowledgeIndex` per client, built lazily from the store and cached in
 * memory; its snapshot is persisted so that a cold service worker reloads it instead of rebuilding. The cache is
 * keyed by the client's revision (bumped by every write, from any extension context), so an import made in the
 * options page is seen on the next request.
 *
 * Learning: an accepted suggestion stores the customer's message masked by the data guard (`redact` with the
 * client's `guard.policy`, else the default policy): the raw message is never written.
 */
import { type CustomerQuery, customerQuery } from '../../core/knowledge/customer-query.ts';
import {
  type KnowledgeIndex as Index,
  KnowledgeIndex,
  type KnowledgeIndexSnapshot,
  type SearchHit,
} from '../../core/knowledge/index.ts';
import { templatePreview } from '../../core/knowledge/template-preview.ts';
import { defaultPolicy, type RedactionPolicy, redactForStorage } from '../../core/pii/index.ts';
import type { ArticleView, SearchHitView, SuggestionView } from '../../messaging/views.ts';
import { type ArticleRow, plainText } from './rows.ts';
import type { KnowledgeStore, UsageEvent } from './store.ts';

const PREVIEW = 160;
/** Below this, a match is noise and not shown even as a possible answer. */
export const WEAK_FLOOR = 0.2;
/** Snapshots are written a moment after the last change, not after each one. */
const SNAPSHOT_DELAY_MS = 1500;

export class KnowledgeService {
  private cache = new Map<string, { revision: number; index: Index }>();
  private building = new Map<string, Promise<{ revision: number; index: Index }>>();
  private snapshotTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The synonyms setting value each index was last checked against. */
  private synonymsSeen = new WeakMap<Index, ReadonlyArray<readonly string[]>>();

  constructor(
    readonly store: KnowledgeStore,
    /** The client's redaction policy (`guard.policy`), or undefined for the default. */
    private readonly guardPolicy: (clientId: string) => Promise<RedactionPolicy | undefined>,
    private readonly options: {
      snapshotDelayMs?: number;
      /** The client's synonym groups (the `knowledge.synonyms` setting). */
      synonyms?: (clientId: string) => Promise<ReadonlyArray<readonly string[]>>;
    } = {},
  ) {}

  /**
   * The client's index at the current revision: from memory, the persisted snapshot, or built; with the client's
   * synonyms as they are set now (read alongside, so a cold start waits for no extra step).
   */
  async index(clientId: string): Promise<Index> {
    const [{ index }, synonyms] = await Promise.all([
      this.current(clientId),
      this.options.synonyms?.(clientId) ?? Promise.resolve(undefined),
    ]);
    // The same setting value as last time (settings are cached until storage changes): nothing to compare.
    if (synonyms && this.synonymsSeen.get(index) !== synonyms) {
      if (JSON.stringify(synonyms) !== JSON.stringify(index.synonymGroups)) index.setSynonyms(synonyms);
      this.synonymsSeen.set(index, synonyms);
    }
    return index;
  }

  private async current(clientId: string): Promise<{ revision: number; index: Index }> {
    // Cold (nothing in memory, nothing loading): read the snapshot while the revision is read, not after it.
    const early =
      this.cache.has(clientId) || this.building.has(clientId)
        ? undefined
        : timed('snapshot read', () => this.store.snapshot(clientId));
    early?.catch(() => {});
    const revision = await this.store.revision(clientId);
    const cached = this.cache.get(clientId);
    if (cached && cached.revision === revision) return cached;
    const pending = this.building.get(clientId);
    if (pending) {
      const built = await pending;
      if (built.revision === revision) return built;
    }
    const work = this.load(clientId, revision, early);
    this.building.set(clientId, work);
    try {
      const loaded = await work;
      this.cache.set(clientId, loaded);
      return loaded;
    } finally {
      if (this.building.get(clientId) === work) this.building.delete(clientId);
    }
  }

  private async load(
    clientId: string,
    revision: number,
    early?: Promise<{ revision: number; snapshot: KnowledgeIndexSnapshot } | undefined>,
  ): Promise<{ revision: number; index: Index }> {
    const stored = await (early ?? timed('snapshot read', () => this.store.snapshot(clientId)));
    if (stored && stored.revision === revision) {
      try {
        const index = await timed('snapshot load', async () => KnowledgeIndex.fromSnapshot(stored.snapshot));
        return { revision, index };
      } catch {
        // An unreadable snapshot (an older format): rebuild below.
      }
    }
    const [articles, examples] = await Promise.all([
      this.store.list(clientId),
      this.store.examples(clientId),
    ]);
    const index = await timed('index build', async () => KnowledgeIndex.build(articles.map(forIndex)));
    if (examples.length > 0) {
      index.learnBatch(
        examples.map((example) => ({
          text: example.text,
          articleId: example.articleId,
          ...(example.language ? { language: example.language } : {}),
        })),
      );
    }
    this.scheduleSnapshot(clientId, revision, index);
    return { revision, index };
  }

  private scheduleSnapshot(clientId: string, revision: number, index: Index): void {
    clearTimeout(this.snapshotTimers.get(clientId));
    const save = () => {
      this.snapshotTimers.delete(clientId);
      void this.store.saveSnapshot(clientId, revision, index.toSnapshot()).catch(() => {});
    };
    const delay = this.options.snapshotDelayMs ?? SNAPSHOT_DELAY_MS;
    if (delay <= 0) save();
    else this.snapshotTimers.set(clientId, setTimeout(save, delay));
  }

  /** Writes any pending snapshot now (tests, and before the worker is expected to stop). */
  async flushSnapshots(): Promise<void> {
    for (const [clientId, timer] of this.snapshotTimers) {
      clearTimeout(timer);
      this.snapshotTimers.delete(clientId);
      const cached = this.cache.get(clientId);
      if (cached) await this.store.saveSnapshot(clientId, cached.revision, cached.index.toSnapshot());
    }
  }

  /**
   * Answers for a message: a `CustomerQuery` (what the handler makes of a page's message) is ranked by its weighed
   * parts; a plain string as it is.
   */
  async suggest(
    clientId: string,
    message: string | CustomerQuery,
    options: { language?: string; limit?: number } = {},
  ): Promise<{ total: number; suggestions: SuggestionView[] }> {
    const index = await timed('index ready', () => this.index(clientId));
    if (index.size === 0) return { total: 0, suggestions: [] };
    // Below the calibrated threshold an answer is only a possibility: it is returned marked as such (the agent
    // sees "possible answers" rather than nothing), and never above a confident one.
    const ranked = await timed('ranking', async () =>
      index.suggest(message, {
        limit: options.limit ?? 5,
        threshold: WEAK_FLOOR,
        ...(options.language ? { language: options.language } : {}),
      }),
    );
    const found = ranked.map((suggestion) => ({
      ...suggestion,
      confident: suggestion.score >= index.threshold,
    }));
    const shown = found.some((s) => s.confident) ? found.filter((s) => s.confident) : found;
    const rows = await timed('article rows', () => this.rows(clientId, shown));
    const suggestions: SuggestionView[] = [];
    for (const suggestion of shown) {
      const row = rows.get(suggestion.articleId);
      if (!row) continue;
      suggestions.push({ ...suggestion, ...summary(row) });
    }
    return { total: index.size, suggestions };
  }

  /** The palette's "Insert answer…": prefix search over titles, tags and shortcuts (every article when empty). */
  async search(
    clientId: string,
    query: string,
    options: { language?: string; limit?: number } = {},
  ): Promise<{ total: number; hits: SearchHitView[] }> {
    const index = await this.index(clientId);
    const hits = index.search(query, { limit: options.limit ?? 50, ...lang(options.language) });
    return { total: index.size, hits: await this.withPreviews(clientId, hits) };
  }

  /** `;ref` → articles whose shortcut starts with `ref`. */
  async complete(
    clientId: string,
    prefix: string,
    options: { language?: string; limit?: number } = {},
  ): Promise<SearchHitView[]> {
    const index = await this.index(clientId);
    const hits = index.completeShortcut(prefix, { limit: options.limit ?? 8, ...lang(options.language) });
    return this.withPreviews(clientId, hits);
  }

  async article(clientId: string, id: string): Promise<ArticleView | undefined> {
    const row = await this.store.get(clientId, id);
    return row ? toView(row) : undefined;
  }

  async usage(clientId: string, id: string, event: UsageEvent): Promise<boolean> {
    return this.store.recordUsage(clientId, id, event);
  }

  /**
   * Learns from an accepted suggestion: the customer's own words of the message (`customerQuery`: no greeting,
   * signature, quoted mail or identifier) are masked with the client's redaction policy, then stored and taught to
   * the index. Returns the masked text (what was stored).
   */
  async learn(
    clientId: string,
    example: { articleId: string; message: string; language?: string },
  ): Promise<{ learned: boolean; stored?: string }> {
    const { revision, index } = await this.current(clientId);
    if (!index.has(example.articleId)) return { learned: false };
    const policy = (await this.guardPolicy(clientId).catch(() => undefined)) ?? defaultPolicy();
    // The customer's own words: a greeting, a signature or a quoted mail learned as "how customers ask for this
    // answer" would teach the model noise.
    const own = customerQuery(example.message).text;
    const text = redactForStorage(own, policy).trim().slice(0, 2000);
    if (text === '') return { learned: false };
    const next = await this.store.addExample({
      clientId,
      articleId: example.articleId,
      text,
      at: Date.now(),
      ...(example.language ? { language: example.language } : {}),
    });
    index.learn({ text, articleId: example.articleId, ...lang(example.language) });
    if (next === revision + 1) {
      // Nothing else changed in between: the index in memory is current at the new revision.
      this.cache.set(clientId, { revision: next, index });
      this.scheduleSnapshot(clientId, next, index);
    } else this.cache.delete(clientId);
    return { learned: true, stored: text };
  }

  private async rows(clientId: string, found: ReadonlyArray<{ articleId: string }>) {
    const list = await this.store.getMany(
      clientId,
      found.map((hit) => hit.articleId),
    );
    return new Map<string, ArticleRow>(list.map((row) => [row.id, row]));
  }

  private async withPreviews(clientId: string, hits: SearchHit[]): Promise<SearchHitView[]> {
    const rows = await this.rows(clientId, hits);
    return hits.flatMap((hit) => {
      const row = rows.get(hit.articleId);
      return row ? [{ ...hit, preview: preview(plainText(row)) }] : [];
    });
  }
}

/**
 * Runs `work` inside a User Timing measure named `deskmate.kb.<name>`, so a profile (or the kb-import benchmark,
 * reading the worker's performance timeline) shows where a cold start spends its time.
 */
async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    try {
      performance.measure(`deskmate.kb.${name}`, { start, end: performance.now() });
    } catch {
      // No User Timing here: nothing to record.
    }
  }
}

/** `{ language }` when there is one: the optional field, set only when given. */
export function lang(language: string | undefined): { language?: string } {
  return language ? { language } : {};
}

function forIndex(row: ArticleRow) {
  // The index reads the plain text; the row has it already (no second pass over the HTML).
  return { ...row, body: plainText(row) };
}

function preview(text: string): string {
  // Template syntax reads as what it stands for: `${1:amount}` → amount, `{{customer.first_name}}` → ‹…›.
  const flat = templatePreview(text);
  return flat.length > PREVIEW ? `${flat.slice(0, PREVIEW - 1)}…` : flat;
}

function summary(row: ArticleRow): { title: string; shortcut?: string; preview: string } {
  return {
    title: row.title,
    ...(row.shortcut ? { shortcut: row.shortcut } : {}),
    preview: preview(plainText(row)),
  };
}

export function toView(row: ArticleRow): ArticleView {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    bodyFormat: row.bodyFormat,
    bodyText: plainText(row),
    tags: row.tags,
    placeholders: row.placeholders,
    ...(row.shortcut ? { shortcut: row.shortcut } : {}),
    ...(row.locale ? { locale: row.locale } : {}),
    ...(row.folder ? { folder: row.folder } : {}),
  };
}
