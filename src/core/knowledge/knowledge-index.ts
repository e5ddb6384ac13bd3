/**
 * One client's answers, ready to rank: the API the worker, side panel, palette and inline completion call.
 *
 * - `suggest(message)` ranks answers for a customer's message: the lexical score of each article's text (cold) mixed
 *   with what agents taught the example model (warm), one variant per answer in the message's language, nothing
 *   below the confidence threshold, each with the words and example phrasings that made it match.
 * - `learn(example)` records an accepted suggestion, incrementally.
 * - `search(query)` is the palette's "Insert answer…": prefix matching on titles, shortcuts and tags as one types.
 * - `completeShortcut(prefix)` serves `;ref` → `;refund` inline completion.
 * - `toSnapshot()` / `fromSnapshot()` let a cold service worker reload the index instead of rebuilding it.
 */
import { type ArticleRecord, articleGroup, articlePlainText } from './article.ts';
import { ExampleModel, type ExampleModelSnapshot } from './example-model.ts';
import {
  DEFAULT_FIELD_BOOSTS,
  type FieldBoosts,
  LexicalIndex,
  type LexicalSnapshot,
} from './lexical-index.ts';
import { baseLanguage, foldCase, terms, words } from './normalize.ts';

/**
 * Confidence below which an answer agents have taught is not suggested: an agent sees nothing rather than a
 * confident wrong answer. Calibrated on CLINC150's validation split as the value that maximises "right answer
 * shown + out-of-scope message left alone" (see BENCHMARKS.md, kb-accuracy).
 */
export const DEFAULT_THRESHOLD = 0.49;
/**
 * The text-match score (before rescaling) that counts as confident enough, for answers known by their text alone.
 * Text overlap separates in-scope from out-of-scope messages far less well, so the criterion above would pick 0
 * (show everything); this is instead the equal-error point on CLINC150 val (cold): as many in-scope messages
 * answered (≈ 70 %) as out-of-scope ones silenced. Text scores are rescaled so that this value maps onto
 * `DEFAULT_THRESHOLD`: one threshold then applies to every suggestion.
 */
export const DEFAULT_LEXICAL_THRESHOLD = 0.14;
/**
 * Share of the text match in the score of answers the model has examples for. 0 scored best on CLINC150 val
 * (0.931 top-1) and 0.1 within 0.1 point of it; 0.1 keeps the article's own words in play for answers with few examples.
 */
export const DEFAULT_LEXICAL_WEIGHT = 0.1;
/** Example phrasings kept per answer to explain suggestions (the model learns from all of them). */
const EXAMPLES_KEPT = 20;

export interface KnowledgeIndexOptions {
  boosts?: FieldBoosts;
  /** Per-client synonym groups, e.g. `[['refund', 'money back']]`. */
  synonyms?: ReadonlyArray<readonly string[]>;
  /** Language the synonyms are written in (default `en`). */
  synonymLanguage?: string;
  threshold?: number;
  lexicalThreshold?: number;
  lexicalWeight?: number;
}

export interface SuggestOptions {
  /** The message's language (BCP 47), detected by the caller. Picks the article variant and the stemmer. */
  language?: string;
  /** How many suggestions at most (default 3). */
  limit?: number;
  /** Overrides the index's confidence threshold (0 returns everything that matched at all). */
  threshold?: number;
}

export interface Suggestion {
  articleId: string;
  /** The answer the article is a locale variant of. */
  group: string;
  /** Confidence in [0, 1]. */
  score: number;
  why: {
    /** Whether agents' examples (rather than the article's text alone) back this suggestion. */
    learned: boolean;
    /** Words of the message found in the article (title, tags, body). */
    words: string[];
    /** Example phrasings agents accepted for this answer that resemble the message. */
    examples: string[];
  };
}

export interface LearnedExample {
  /** The customer's message, already masked by the data guard. */
  text: string;
  articleId: string;
  language?: string;
}

export interface SearchHit {
  articleId: string;
  title: string;
  shortcut?: string;
  score: number;
}

/** What the index keeps of an article (bodies are not kept: the store has them). */
interface IndexedArticle {
  id: string;
  group: number;
  locale?: string;
  language: string;
  title: string;
  tags: string[];
  shortcut?: string;
  /** Folded words of title, tags and shortcut, each preceded by a space, for prefix search. */
  searchText: string;
}

export interface KnowledgeIndexSnapshot {
  version: 1;
  options: {
    threshold: number;
    lexicalThreshold: number;
    lexicalWeight: number;
    synonyms: string[][];
    synonymLanguage: string;
  };
  articles: Array<IndexedArticle | null>;
  groups: string[];
  examples: Array<[number, string[]]>;
  lexical: LexicalSnapshot;
  model: ExampleModelSnapshot;
}

export class KnowledgeIndex {
  readonly threshold: number;
  readonly lexicalThreshold: number;
  readonly lexicalWeight: number;
  private lexical: LexicalIndex;
  private model = new ExampleModel();
  private readonly articles: Array<IndexedArticle | null> = [];
  private readonly docById = new Map<string, number>();
  private readonly groups: string[] = [];
  private readonly groupIndex = new Map<string, number>();
  private readonly docsByGroup = new Map<number, number[]>();
  private readonly examples = new Map<number, string[]>();
  private synonyms: string[][];
  private synonymLanguage: string;
  private shortcuts: Array<[string, number]> | undefined;
  /** Per-answer scratch for `suggest` (text score, model score, best text match), reset after each query. */
  private groupBuffer = new Float64Array(0);
  private learnedBuffer = new Float64Array(0);
  private bestDocBuffer = new Int32Array(0);

  constructor(options: KnowledgeIndexOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.lexicalThreshold = options.lexicalThreshold ?? DEFAULT_LEXICAL_THRESHOLD;
    this.lexicalWeight = options.lexicalWeight ?? DEFAULT_LEXICAL_WEIGHT;
    this.lexical = new LexicalIndex(options.boosts ?? DEFAULT_FIELD_BOOSTS);
    this.synonyms = (options.synonyms ?? []).map((group) => [...group]);
    this.synonymLanguage = baseLanguage(options.synonymLanguage);
    this.lexical.setSynonyms(this.synonyms, this.synonymLanguage);
  }

  static build(articles: Iterable<ArticleRecord>, options: KnowledgeIndexOptions = {}): KnowledgeIndex {
    const index = new KnowledgeIndex(options);
    for (const article of articles) index.upsert(article);
    return index;
  }

  get size(): number {
    return this.docById.size;
  }

  has(articleId: string): boolean {
    return this.docById.has(articleId);
  }

  get exampleCount(): number {
    return this.model.exampleCount;
  }

  /** Adds an article, or replaces the one with the same id (examples learned for its answer are kept). */
  upsert(article: ArticleRecord): void {
    this.remove(article.id);
    const language = baseLanguage(article.locale);
    const doc = this.lexical.add({
      title: article.title,
      tags: article.tags,
      body: articlePlainText(article),
      language,
    });
    const groupName = articleGroup(article);
    let group = this.groupIndex.get(groupName);
    if (group === undefined) {
      group = this.groups.length;
      this.groups.push(groupName);
      this.groupIndex.set(groupName, group);
    }
    const indexed: IndexedArticle = {
      id: article.id,
      group,
      language,
      title: article.title,
      tags: [...article.tags],
      searchText: ` ${words([article.title, ...article.tags, article.shortcut ?? ''].join(' '))
        .map(foldCase)
        .join(' ')}`,
    };
    if (article.locale !== undefined) indexed.locale = article.locale;
    if (article.shortcut !== undefined) indexed.shortcut = article.shortcut;
    this.articles[doc] = indexed;
    this.docById.set(article.id, doc);
    const docs = this.docsByGroup.get(group) ?? [];
    docs.push(doc);
    this.docsByGroup.set(group, docs);
    this.shortcuts = undefined;
  }

  remove(articleId: string): void {
    const doc = this.docById.get(articleId);
    if (doc === undefined) return;
    const article = this.articles[doc]!;
    this.lexical.remove(doc);
    this.articles[doc] = null;
    this.docById.delete(articleId);
    const remaining = (this.docsByGroup.get(article.group) ?? []).filter((other) => other !== doc);
    this.docsByGroup.set(article.group, remaining);
    if (remaining.length === 0) {
      this.model.forget(article.group);
      this.examples.delete(article.group);
    }
    this.shortcuts = undefined;
  }

  /** Records an accepted suggestion. Returns false (and learns nothing) if the article is unknown. */
  learn(example: LearnedExample): boolean {
    const group = this.groupOf(example.articleId);
    if (group === undefined || example.text.trim() === '') return false;
    this.model.learn(example.text, group, baseLanguage(example.language));
    this.keepExample(group, example.text);
    return true;
  }

  /** Learns many examples at once (first start, import of history); several passes, so better than one by one. */
  learnBatch(examples: Iterable<LearnedExample>, epochs = 5): number {
    const known: Array<{ text: string; label: number; language: string }> = [];
    for (const example of examples) {
      const group = this.groupOf(example.articleId);
      if (group === undefined || example.text.trim() === '') continue;
      known.push({ text: example.text, label: group, language: baseLanguage(example.language) });
      this.keepExample(group, example.text);
    }
    this.model.learnBatch(known, epochs);
    return known.length;
  }

  suggest(message: string, options: SuggestOptions = {}): Suggestion[] {
    const language = baseLanguage(options.language);
    const limit = options.limit ?? 3;

    // Best text match per answer (over its variants), then the model's score per answer: typed arrays indexed by
    // answer, because a common word touches thousands of articles in a big knowledge base.
    const groups = this.groups.length;
    if (this.groupBuffer.length < groups) {
      this.groupBuffer = new Float64Array(groups * 2).fill(-1);
      this.learnedBuffer = new Float64Array(groups * 2).fill(Number.NaN);
      this.bestDocBuffer = new Int32Array(groups * 2);
    }
    const { groupBuffer, learnedBuffer, bestDocBuffer } = this;
    const touched: number[] = [];
    const lexical = this.lexical.match(message, language);
    for (let i = 0; i < lexical.docs.length; i++) {
      const doc = lexical.docs[i]!;
      const group = this.articles[doc]?.group;
      if (group === undefined) continue;
      if (groupBuffer[group] === -1) touched.push(group);
      if (lexical.scores[i]! > groupBuffer[group]!) {
        groupBuffer[group] = lexical.scores[i]!;
        bestDocBuffer[group] = i;
      }
    }
    this.model.visitScores(message, language, (group, score) => {
      if (group >= groups) return;
      if (groupBuffer[group] === -1) {
        touched.push(group);
        groupBuffer[group] = 0;
        bestDocBuffer[group] = -1;
      }
      learnedBuffer[group] = score;
    });

    const threshold = options.threshold ?? this.threshold;
    // Top `limit` kept by insertion: sorting every touched answer would cost more than the scoring.
    const ranked: Array<{ group: number; score: number; learned: boolean; match: number }> = [];
    for (const group of touched) {
      const text = Math.max(0, groupBuffer[group]!);
      const learnedScore = learnedBuffer[group]!;
      const match = bestDocBuffer[group]!;
      groupBuffer[group] = -1;
      learnedBuffer[group] = Number.NaN;
      if (!this.docsByGroup.get(group)?.length) continue;
      const fromText = this.textConfidence(text);
      // A few examples must never hide an answer its text alone would have shown: the better of both counts.
      const fromExamples = this.model.knows(group)
        ? this.lexicalWeight * text +
          (1 - this.lexicalWeight) * squash(Number.isNaN(learnedScore) ? 0 : learnedScore)
        : 0;
      const score = Math.max(fromText, fromExamples);
      if (score < threshold || score <= 0) continue;
      if (ranked.length === limit && score <= ranked[limit - 1]!.score) continue;
      let at = ranked.length;
      while (at > 0 && ranked[at - 1]!.score < score) at--;
      ranked.splice(at, 0, { group, score, learned: fromExamples >= fromText, match });
      if (ranked.length > limit) ranked.pop();
    }

    const queryTerms = new Set(terms(message, language));
    return ranked.map(({ group, score, learned: isLearned, match }) => {
      const doc = this.variantFor(group, options.language);
      return {
        articleId: this.articles[doc]!.id,
        group: this.groups[group]!,
        score: round(score),
        why: {
          learned: isLearned,
          words:
            match === -1
              ? []
              : lexical.words.filter((_, bit) => bit < 31 && lexical.matched[match]! & (1 << bit)),
          examples: this.nearestExamples(group, queryTerms, language),
        },
      };
    });
  }

  /**
   * Palette search: every word typed must start a word of the title, a tag or the shortcut. Shortcut and
   * title-start matches rank first; one hit per answer, in the wanted language when there is a variant in it.
   */
  search(query: string, options: { language?: string; limit?: number } = {}): SearchHit[] {
    const typed = words(query).map(foldCase);
    const limit = options.limit ?? 20;
    const best = new Map<number, { doc: number; score: number }>();
    const phrase = typed.join(' ');
    const glued = typed.join('');
    this.articles.forEach((article, doc) => {
      if (!article) return;
      // `searchText` is " word word …": " " + typed finds a word starting with it in one native scan.
      let score = typed.length === 0 ? 1 : 0;
      for (const word of typed) {
        if (article.searchText.startsWith(` ${word}`)) score += 2;
        else if (article.searchText.includes(` ${word}`)) score += 1;
        else return;
      }
      if (typed.length > 0 && article.shortcut?.startsWith(glued)) score += 3;
      if (typed.length > 0 && article.searchText.startsWith(` ${phrase}`)) score += 2;
      const previous = best.get(article.group);
      if (!previous || score > previous.score) best.set(article.group, { doc, score });
    });
    // The answer ranks by its best-matching variant; the agent sees the variant in their language.
    const hits = [...best.entries()].map(([group, { doc, score }]) => ({
      doc: options.language === undefined ? doc : this.variantFor(group, options.language),
      score,
    }));
    return hits
      .sort(
        (a, b) => b.score - a.score || this.articles[a.doc]!.title.localeCompare(this.articles[b.doc]!.title),
      )
      .slice(0, limit)
      .map(({ doc, score }) => {
        const article = this.articles[doc]!;
        const hit: SearchHit = { articleId: article.id, title: article.title, score };
        if (article.shortcut !== undefined) hit.shortcut = article.shortcut;
        return hit;
      });
  }

  /** Articles whose shortcut starts with `prefix` (a leading `;` is ignored), shortest first, one per answer. */
  completeShortcut(prefix: string, options: { language?: string; limit?: number } = {}): SearchHit[] {
    const wanted = foldCase(prefix.replace(/^;/, '').trim());
    if (!this.shortcuts) {
      this.shortcuts = [];
      this.articles.forEach((article, doc) => {
        if (article?.shortcut) this.shortcuts!.push([foldCase(article.shortcut), doc]);
      });
      this.shortcuts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
    }
    const list = this.shortcuts;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (list[middle]![0] < wanted) low = middle + 1;
      else high = middle;
    }
    const seen = new Set<number>();
    const hits: SearchHit[] = [];
    for (let i = low; i < list.length && list[i]![0].startsWith(wanted); i++) {
      const group = this.articles[list[i]![1]]!.group;
      if (seen.has(group)) continue;
      seen.add(group);
      const article = this.articles[this.variantFor(group, options.language)]!;
      hits.push({
        articleId: article.id,
        title: article.title,
        shortcut: article.shortcut ?? list[i]![0],
        score: 1,
      });
    }
    return hits
      .sort((a, b) => (a.shortcut?.length ?? 0) - (b.shortcut?.length ?? 0))
      .slice(0, options.limit ?? 10);
  }

  toSnapshot(): KnowledgeIndexSnapshot {
    return {
      version: 1,
      options: {
        threshold: this.threshold,
        lexicalThreshold: this.lexicalThreshold,
        lexicalWeight: this.lexicalWeight,
        synonyms: this.synonyms,
        synonymLanguage: this.synonymLanguage,
      },
      articles: [...this.articles],
      groups: [...this.groups],
      examples: [...this.examples],
      lexical: this.lexical.toSnapshot(),
      model: this.model.toSnapshot(),
    };
  }

  static fromSnapshot(snapshot: KnowledgeIndexSnapshot): KnowledgeIndex {
    if (snapshot.version !== 1)
      throw new Error(`knowledge index snapshot version ${snapshot.version} is not supported`);
    const index = new KnowledgeIndex({ ...snapshot.options, boosts: snapshot.lexical.boosts });
    index.lexical = LexicalIndex.fromSnapshot(snapshot.lexical);
    index.lexical.setSynonyms(snapshot.options.synonyms, snapshot.options.synonymLanguage);
    index.model = ExampleModel.fromSnapshot(snapshot.model);
    snapshot.groups.forEach((name, group) => {
      index.groups.push(name);
      index.groupIndex.set(name, group);
    });
    snapshot.articles.forEach((article, doc) => {
      index.articles[doc] = article;
      if (!article) return;
      index.docById.set(article.id, doc);
      const docs = index.docsByGroup.get(article.group) ?? [];
      docs.push(doc);
      index.docsByGroup.set(article.group, docs);
    });
    for (const [group, texts] of snapshot.examples) index.examples.set(group, texts);
    return index;
  }

  /**
   * The text match on the same confidence scale as the learned score: piecewise linear, so that the text's own
   * calibrated threshold (`lexicalThreshold`) lands exactly on `threshold` and 1 stays 1.
   */
  private textConfidence(lexical: number): number {
    const [from, to] = [this.lexicalThreshold, this.threshold];
    if (lexical <= from) return (lexical * to) / from;
    return to + ((lexical - from) * (1 - to)) / (1 - from);
  }

  private groupOf(articleId: string): number | undefined {
    const doc = this.docById.get(articleId);
    return doc === undefined ? undefined : this.articles[doc]?.group;
  }

  private keepExample(group: number, text: string): void {
    const kept = this.examples.get(group) ?? [];
    if (!kept.includes(text)) kept.push(text);
    if (kept.length > EXAMPLES_KEPT) kept.shift();
    this.examples.set(group, kept);
  }

  /** The variant of an answer for a language: exact locale, then same language, then one without locale, then any. */
  private variantFor(group: number, locale: string | undefined): number {
    const docs = this.docsByGroup.get(group) ?? [];
    const language = baseLanguage(locale);
    const wanted = locale?.toLowerCase();
    const rank = (doc: number) => {
      const article = this.articles[doc]!;
      if (wanted !== undefined && article.locale?.toLowerCase() === wanted) return 0;
      if (article.language === language) return 1;
      if (article.locale === undefined) return 2;
      return article.language === 'en' ? 3 : 4;
    };
    return docs.reduce((best, doc) => (rank(doc) < rank(best) ? doc : best), docs[0]!);
  }

  /** Up to two accepted phrasings of the answer sharing the most terms with the message. */
  private nearestExamples(group: number, queryTerms: Set<string>, language: string): string[] {
    if (queryTerms.size === 0) return [];
    return (this.examples.get(group) ?? [])
      .map((text) => {
        const exampleTerms = new Set(terms(text, language));
        let shared = 0;
        for (const term of exampleTerms) if (queryTerms.has(term)) shared++;
        return { text, similarity: shared / (queryTerms.size + exampleTerms.size - shared) };
      })
      .filter((entry) => entry.similarity > 0)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, 2)
      .map((entry) => entry.text);
  }
}

/**
 * Maps the model's raw margin (≈1 when it has learned a phrasing well) into [0, 1) strictly monotonically, so
 * confident classes keep their order instead of tying at a clamp.
 */
const squash = (margin: number) => Math.tanh(Math.max(0, margin));
const round = (value: number) => Math.round(value * 10_000) / 10_000;
