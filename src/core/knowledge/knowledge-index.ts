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
  type WeightedText,
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

/**
 * Strings packed for a snapshot: a few long strings and where each piece ends, so that a structured clone
 * (IndexedDB's format) copies a handful of values instead of one per article, and no separator can clash with the
 * text. Chunked so that one character beyond Latin-1 (a ’ in one example) doubles the size of its chunk only.
 */
export interface PackedStrings {
  /** The pieces concatenated, in chunks of about `CHUNK` characters that never split a piece. */
  chunks: string[];
  /** Where each piece ends within its chunk. */
  ends: Int32Array;
  /** The first piece of each chunk, then the number of pieces. */
  firsts: Int32Array;
}

const CHUNK = 16_384;

function pack(strings: readonly string[]): PackedStrings {
  const ends = new Int32Array(strings.length);
  const chunks: string[] = [];
  const firsts: number[] = [0];
  let parts: string[] = [];
  let at = 0;
  const close = () => {
    // V8 serialises a string as it is stored, and strings built from slices of two-byte text stay two-byte even
    // when every character is Latin-1; a JSON round trip stores them again in one byte per character.
    chunks.push(JSON.parse(JSON.stringify(parts.join(''))) as string);
    parts = [];
    at = 0;
  };
  strings.forEach((text, i) => {
    parts.push(text);
    at += text.length;
    ends[i] = at;
    if (at >= CHUNK) {
      close();
      firsts.push(i + 1);
    }
  });
  if (parts.length > 0) {
    close();
    firsts.push(strings.length);
  }
  return { chunks, ends, firsts: Int32Array.from(firsts) };
}

function unpackAt(packed: PackedStrings, i: number): string {
  const { firsts } = packed;
  let low = 0;
  let high = firsts.length - 1;
  // The chunk c with firsts[c] <= i < firsts[c + 1].
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (firsts[middle]! <= i) low = middle;
    else high = middle;
  }
  const start = i === firsts[low] ? 0 : packed.ends[i - 1]!;
  return packed.chunks[low]!.slice(start, packed.ends[i]!);
}

function unpack(packed: PackedStrings): string[] {
  const strings = new Array<string>(packed.ends.length);
  for (let c = 0; c < packed.chunks.length; c++) {
    const chunk = packed.chunks[c]!;
    let start = 0;
    for (let i = packed.firsts[c]!; i < packed.firsts[c + 1]!; i++) {
      strings[i] = chunk.slice(start, packed.ends[i]!);
      start = packed.ends[i]!;
    }
  }
  return strings;
}

/** A string per document: kept packed as a snapshot loaded it until something needs the whole column. */
class Column {
  private values: string[] | undefined;
  private packed: PackedStrings | undefined;

  constructor(packed?: PackedStrings) {
    if (packed) this.packed = packed;
    else this.values = [];
  }

  at(doc: number): string {
    if (this.values) return this.values[doc] ?? '';
    const packed = this.packed!;
    return doc < packed.ends.length ? unpackAt(packed, doc) : '';
  }

  all(): string[] {
    if (!this.values) {
      this.values = unpack(this.packed!);
      this.packed = undefined;
    }
    return this.values;
  }

  set(doc: number, value: string): void {
    this.all()[doc] = value;
  }
}

export interface KnowledgeIndexSnapshot {
  version: 2;
  options: {
    threshold: number;
    lexicalThreshold: number;
    lexicalWeight: number;
    synonyms: string[][];
    synonymLanguage: string;
  };
  /** Per document (removed ones have group −1 and empty strings); "" = no locale, no shortcut. */
  articles: {
    group: Int32Array;
    ids: PackedStrings;
    titles: PackedStrings;
    locales: PackedStrings;
    shortcuts: PackedStrings;
    searchTexts: PackedStrings;
  };
  groups: PackedStrings;
  /** Kept example phrasings, by answer (ascending `groups`, oldest first within one). */
  examples: { groups: Int32Array; texts: PackedStrings };
  lexical: LexicalSnapshot;
  model: ExampleModelSnapshot;
}

/**
 * Palette search's candidate index: for each bucket of two leading characters, the documents with a word starting
 * with them (characters past U+007E share the last bucket of their position, so a bucket may over-select; every
 * candidate is checked against the query anyway). Built from character codes, with no string per word: a cold
 * worker's first search pays for it in a few milliseconds.
 */
interface SearchIndex {
  /** The documents of bucket `b` are `docs[starts[b]] … docs[starts[b + 1]]`, ascending. */
  starts: Int32Array;
  docs: Int32Array;
}

const BUCKET_CHARS = 128;
const bucketChar = (code: number) => (code < BUCKET_CHARS ? code : BUCKET_CHARS - 1);

const collator = new Intl.Collator();

export class KnowledgeIndex {
  readonly threshold: number;
  readonly lexicalThreshold: number;
  readonly lexicalWeight: number;
  private lexical: LexicalIndex;
  private model = new ExampleModel();
  /**
   * What the index keeps of each article, by document number, as columns (bodies are not kept: the store has
   * them). `docGroup` is −1 for a removed document; "" stands for no locale or shortcut.
   */
  private docGroup = new Int32Array(64);
  private docCount = 0;
  private ids = new Column();
  private titles = new Column();
  private locales = new Column();
  private shortcutOf = new Column();
  /** Folded words of title, tags and shortcut, each preceded by a space, for prefix search. */
  private searchTexts = new Column();
  private docByIdMap: Map<string, number> | undefined;
  private live = 0;
  private groups: string[] = [];
  private groupIndexMap: Map<string, number> | undefined;
  /** Live variants of each answer, as linked lists over documents (−1 ends a list). */
  private groupHead = new Int32Array(64).fill(-1);
  private groupLive = new Int32Array(64);
  private nextInGroup = new Int32Array(64).fill(-1);
  /** Examples kept per answer: changed ones here, the rest still in the snapshot they were loaded from. */
  private readonly examples = new Map<number, string[]>();
  private examplesBase: KnowledgeIndexSnapshot['examples'] | undefined;
  private synonyms: string[][];
  private synonymLanguage: string;
  private shortcuts: Array<[string, number]> | undefined;
  private searchIndex: SearchIndex | undefined;
  /** Per-answer scratch for `suggest` (text score, model score, best text match), reset after each query. */
  private groupBuffer = new Float64Array(0);
  private learnedBuffer = new Float64Array(0);
  private bestDocBuffer = new Int32Array(0);
  private touchedBuffer = new Int32Array(0);
  /** Per-document scratch for `search`. */
  private searchCounts = new Int32Array(0);

  constructor(options: KnowledgeIndexOptions = {}) {
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.lexicalThreshold = options.lexicalThreshold ?? DEFAULT_LEXICAL_THRESHOLD;
    this.lexicalWeight = options.lexicalWeight ?? DEFAULT_LEXICAL_WEIGHT;
    this.lexical = new LexicalIndex(options.boosts ?? DEFAULT_FIELD_BOOSTS);
    this.synonyms = (options.synonyms ?? []).map((group) => [...group]);
    this.synonymLanguage = baseLanguage(options.synonymLanguage);
    this.lexical.setSynonyms(this.synonyms, this.synonymLanguage);
  }

  /** The client's synonym groups now in use (kept in snapshots). */
  get synonymGroups(): readonly (readonly string[])[] {
    return this.synonyms;
  }

  /** Replaces the client's synonym groups (applied when messages are matched; nothing is re-indexed). */
  setSynonyms(groups: ReadonlyArray<readonly string[]>, language?: string): void {
    this.synonyms = groups.map((group) => [...group]);
    if (language) this.synonymLanguage = baseLanguage(language);
    this.lexical.setSynonyms(this.synonyms, this.synonymLanguage);
  }

  static build(articles: Iterable<ArticleRecord>, options: KnowledgeIndexOptions = {}): KnowledgeIndex {
    const index = new KnowledgeIndex(options);
    for (const article of articles) index.upsert(article);
    return index;
  }

  get size(): number {
    return this.live;
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
      this.reserveGroups(this.groups.length);
    }
    this.reserveDocs(doc + 1);
    this.docCount = Math.max(this.docCount, doc + 1);
    this.docGroup[doc] = group;
    this.ids.set(doc, article.id);
    this.titles.set(doc, article.title);
    this.locales.set(doc, article.locale ?? '');
    this.shortcutOf.set(doc, article.shortcut ?? '');
    this.searchTexts.set(
      doc,
      ` ${words([article.title, ...article.tags, article.shortcut ?? ''].join(' '))
        .map(foldCase)
        .join(' ')}`,
    );
    this.docById.set(article.id, doc);
    // Appended at the end of the answer's list: variants keep the order they were added in.
    this.nextInGroup[doc] = -1;
    let last = this.groupHead[group]!;
    if (last === -1) this.groupHead[group] = doc;
    else {
      while (this.nextInGroup[last]! !== -1) last = this.nextInGroup[last]!;
      this.nextInGroup[last] = doc;
    }
    this.groupLive[group]!++;
    this.live++;
    this.shortcuts = undefined;
    this.searchIndex = undefined;
  }

  remove(articleId: string): void {
    const doc = this.docById.get(articleId);
    if (doc === undefined) return;
    const group = this.docGroup[doc]!;
    this.lexical.remove(doc);
    this.docGroup[doc] = -1;
    this.docById.delete(articleId);
    this.live--;
    if (this.groupHead[group] === doc) this.groupHead[group] = this.nextInGroup[doc]!;
    else {
      let previous = this.groupHead[group]!;
      while (previous !== -1 && this.nextInGroup[previous] !== doc) previous = this.nextInGroup[previous]!;
      if (previous !== -1) this.nextInGroup[previous] = this.nextInGroup[doc]!;
    }
    this.nextInGroup[doc] = -1;
    this.groupLive[group]!--;
    if (this.groupLive[group] === 0) {
      this.model.forget(group);
      this.examples.set(group, []);
    }
    this.shortcuts = undefined;
    this.searchIndex = undefined;
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

  /**
   * Ranks answers for a message: a plain string is ranked as it is; a customer's message read from a page should
   * come as `customerQuery(message, { subject })` (customer-query.ts), which keeps their own words and weighs the
   * question up. Parts of one weight rank exactly like the plain string of their text.
   */
  suggest(query: string | { parts: readonly WeightedText[] }, options: SuggestOptions = {}): Suggestion[] {
    const message = typeof query === 'string' ? query : query.parts;
    const language = baseLanguage(options.language);
    const limit = options.limit ?? 3;

    // Best text match per answer (over its variants), then the model's score per answer: typed arrays indexed by
    // answer, because a common word touches thousands of articles in a big knowledge base.
    const groups = this.groups.length;
    if (this.groupBuffer.length < groups) {
      this.groupBuffer = new Float64Array(groups * 2).fill(-1);
      this.learnedBuffer = new Float64Array(groups * 2).fill(Number.NaN);
      this.bestDocBuffer = new Int32Array(groups * 2);
      this.touchedBuffer = new Int32Array(groups * 2);
    }
    const { groupBuffer, learnedBuffer, bestDocBuffer, touchedBuffer, docGroup } = this;
    let touched = 0;
    const lexical = this.lexical.match(message, language);
    const { docs, scores } = lexical;
    for (let i = 0; i < lexical.count; i++) {
      const group = docGroup[docs[i]!]!;
      if (group < 0) continue;
      const previous = groupBuffer[group]!;
      if (previous === -1) touchedBuffer[touched++] = group;
      if (scores[i]! > previous) {
        groupBuffer[group] = scores[i]!;
        bestDocBuffer[group] = i;
      }
    }
    const learned = this.model.scores(message, language);
    for (let i = 0; i < learned.count; i++) {
      const group = learned.labels[i]!;
      if (group >= groups) continue;
      if (groupBuffer[group] === -1) {
        touchedBuffer[touched++] = group;
        groupBuffer[group] = 0;
        bestDocBuffer[group] = -1;
      }
      learnedBuffer[group] = learned.scores[i]!;
    }

    const threshold = options.threshold ?? this.threshold;
    const { lexicalWeight, groupLive, model } = this;
    // Top `limit` kept by insertion: sorting every touched answer would cost more than the scoring.
    const ranked: Array<{ group: number; score: number; learned: boolean; match: number }> = [];
    // What an answer must score to be kept: the threshold, then the last kept score once `limit` are kept.
    let floor = threshold;
    for (let t = 0; t < touched; t++) {
      const group = touchedBuffer[t]!;
      const text = Math.max(0, groupBuffer[group]!);
      const learnedScore = learnedBuffer[group]!;
      groupBuffer[group] = -1;
      learnedBuffer[group] = Number.NaN;
      if (groupLive[group] === 0) continue;
      const fromText = this.textConfidence(text);
      // A few examples must never hide an answer its text alone would have shown: the better of both counts.
      let fromExamples = 0;
      if (model.knows(group)) {
        const margin = learnedScore > 0 ? learnedScore : 0;
        // tanh(m) ≤ min(m, 1): most answers cannot reach the floor whatever tanh gives, and skip computing it.
        const bound = lexicalWeight * text + (1 - lexicalWeight) * (margin < 1 ? margin : 1);
        if (bound < floor && fromText < floor) continue;
        fromExamples = lexicalWeight * text + (1 - lexicalWeight) * squash(margin);
      }
      const score = fromText > fromExamples ? fromText : fromExamples;
      if (score < floor || score <= 0) continue;
      if (ranked.length === limit && score <= ranked[limit - 1]!.score) continue;
      let at = ranked.length;
      while (at > 0 && ranked[at - 1]!.score < score) at--;
      ranked.splice(at, 0, { group, score, learned: fromExamples >= fromText, match: bestDocBuffer[group]! });
      if (ranked.length > limit) ranked.pop();
      if (ranked.length === limit) floor = Math.max(threshold, ranked[limit - 1]!.score);
    }

    const queryTerms = new Set(
      typeof message === 'string'
        ? terms(message, language)
        : message.flatMap((part) => (part.weight > 0 ? terms(part.text, language) : [])),
    );
    return ranked.map(({ group, score, learned: isLearned, match }) => {
      const doc = this.variantFor(group, options.language);
      return {
        articleId: this.ids.at(doc),
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
    const searchTexts = this.searchTexts.all();
    const shortcuts = this.shortcutOf.all();
    const titles = this.titles.all();
    const consider = (doc: number) => {
      const searchText = searchTexts[doc]!;
      // `searchText` is " word word …": " " + typed finds a word starting with it in one native scan.
      let score = typed.length === 0 ? 1 : 0;
      for (const word of typed) {
        if (searchText.startsWith(` ${word}`)) score += 2;
        else if (searchText.includes(` ${word}`)) score += 1;
        else return;
      }
      if (typed.length > 0 && shortcuts[doc]!.startsWith(glued)) score += 3;
      if (typed.length > 0 && searchText.startsWith(` ${phrase}`)) score += 2;
      const group = this.docGroup[doc]!;
      const previous = best.get(group);
      if (!previous || score > previous.score) best.set(group, { doc, score });
    };
    if (typed.length === 0 || typed.some((word) => word.includes(' '))) {
      for (let doc = 0; doc < this.docCount; doc++) if (this.docGroup[doc]! >= 0) consider(doc);
    } else for (const doc of this.prefixCandidates(typed)) consider(doc);
    // The answer ranks by its best-matching variant; the agent sees the variant in their language.
    const hits = [...best.entries()].map(([group, { doc, score }]) => ({
      doc: options.language === undefined ? doc : this.variantFor(group, options.language),
      score,
    }));
    const before = (a: { doc: number; score: number }, b: { doc: number; score: number }) =>
      b.score - a.score || collator.compare(titles[a.doc]!, titles[b.doc]!);
    // The first `limit` hits by selection, not a sort of all of them (an empty query lists the whole base).
    const top: typeof hits = [];
    for (const hit of hits) {
      if (top.length === limit && before(hit, top[limit - 1]!) >= 0) continue;
      let at = top.length;
      while (at > 0 && before(hit, top[at - 1]!) < 0) at--;
      top.splice(at, 0, hit);
      if (top.length > limit) top.pop();
    }
    return top.map(({ doc, score }) => {
      const hit: SearchHit = { articleId: this.ids.at(doc), title: titles[doc]!, score };
      if (shortcuts[doc] !== '') hit.shortcut = shortcuts[doc]!;
      return hit;
    });
  }

  /**
   * Documents (ascending) that may have, for every typed word, a word starting with it: those of the typed word
   * with the fewest candidates (`search` checks each against every word).
   */
  private prefixCandidates(typed: readonly string[]): Int32Array {
    const { starts, docs } = this.prefixIndex();
    const range = (word: string): [number, number] => {
      const first = bucketChar(word.charCodeAt(0)) * BUCKET_CHARS;
      // One character: every bucket starting with it, which are contiguous.
      return word.length === 1
        ? [starts[first]!, starts[first + BUCKET_CHARS]!]
        : [
            starts[first + bucketChar(word.charCodeAt(1))]!,
            starts[first + bucketChar(word.charCodeAt(1)) + 1]!,
          ];
    };
    let [from, to] = range(typed[0]!);
    let single = typed[0]!.length === 1;
    for (const word of typed) {
      const [start, end] = range(word);
      if (end - start < to - from) {
        [from, to] = [start, end];
        single = word.length === 1;
      }
    }
    if (!single) return docs.subarray(from, to);
    // Several buckets: their union, without repeats.
    if (this.searchCounts.length < this.docCount) this.searchCounts = new Int32Array(this.docCount * 2);
    const seen = this.searchCounts;
    const union: number[] = [];
    for (let i = from; i < to; i++) {
      const doc = docs[i]!;
      if (seen[doc] === 1) continue;
      seen[doc] = 1;
      union.push(doc);
    }
    for (const doc of union) seen[doc] = 0;
    return Int32Array.from(union).sort();
  }

  private prefixIndex(): SearchIndex {
    if (this.searchIndex) return this.searchIndex;
    const buckets = BUCKET_CHARS * BUCKET_CHARS;
    const searchTexts = this.searchTexts.all();
    // One scan of the search texts collects (bucket, document) pairs, a counting sort groups them by bucket.
    const last = new Int32Array(buckets).fill(-1);
    const starts = new Int32Array(buckets + 1);
    let pairBuckets = new Int32Array(4096);
    let pairDocs = new Int32Array(4096);
    let pairs = 0;
    for (let doc = 0; doc < this.docCount; doc++) {
      if (this.docGroup[doc]! < 0) continue;
      const text = searchTexts[doc]!;
      let previous = 32;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        // A word starts after a space.
        if (previous === 32 && code !== 32) {
          const second = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
          const bucket = bucketChar(code) * BUCKET_CHARS + (second === 32 ? 0 : bucketChar(second));
          if (last[bucket] !== doc) {
            last[bucket] = doc;
            if (pairs === pairBuckets.length) {
              const grownBuckets = new Int32Array(pairs * 2);
              grownBuckets.set(pairBuckets);
              pairBuckets = grownBuckets;
              const grownDocs = new Int32Array(pairs * 2);
              grownDocs.set(pairDocs);
              pairDocs = grownDocs;
            }
            pairBuckets[pairs] = bucket;
            pairDocs[pairs++] = doc;
            starts[bucket + 1]!++;
          }
        }
        previous = code;
      }
    }
    for (let b = 0; b < buckets; b++) starts[b + 1]! += starts[b]!;
    const docs = new Int32Array(pairs);
    const fill = starts.slice(0, buckets);
    // Pairs come in document order, so each bucket's documents do too.
    for (let i = 0; i < pairs; i++) docs[fill[pairBuckets[i]!]!++] = pairDocs[i]!;
    this.searchIndex = { starts, docs };
    return this.searchIndex;
  }

  /** Articles whose shortcut starts with `prefix` (a leading `;` is ignored), shortest first, one per answer. */
  completeShortcut(prefix: string, options: { language?: string; limit?: number } = {}): SearchHit[] {
    const wanted = foldCase(prefix.replace(/^;/, '').trim());
    if (!this.shortcuts) {
      this.shortcuts = [];
      const shortcuts = this.shortcutOf.all();
      for (let doc = 0; doc < this.docCount; doc++) {
        if (this.docGroup[doc]! >= 0 && shortcuts[doc]) this.shortcuts.push([foldCase(shortcuts[doc]!), doc]);
      }
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
      const group = this.docGroup[list[i]![1]]!;
      if (seen.has(group)) continue;
      seen.add(group);
      const doc = this.variantFor(group, options.language);
      hits.push({
        articleId: this.ids.at(doc),
        title: this.titles.at(doc),
        shortcut: this.shortcutOf.at(doc) || list[i]![0],
        score: 1,
      });
    }
    return hits
      .sort((a, b) => (a.shortcut?.length ?? 0) - (b.shortcut?.length ?? 0))
      .slice(0, options.limit ?? 10);
  }

  toSnapshot(): KnowledgeIndexSnapshot {
    const column = (strings: Column) => {
      const values = strings.all();
      return pack(
        Array.from({ length: this.docCount }, (_, doc) => (this.docGroup[doc]! < 0 ? '' : values[doc]!)),
      );
    };
    const exampleGroups: number[] = [];
    const exampleTexts: string[] = [];
    for (let group = 0; group < this.groups.length; group++) {
      for (const text of this.examplesOf(group)) {
        exampleGroups.push(group);
        exampleTexts.push(text);
      }
    }
    return {
      version: 2,
      options: {
        threshold: this.threshold,
        lexicalThreshold: this.lexicalThreshold,
        lexicalWeight: this.lexicalWeight,
        synonyms: this.synonyms,
        synonymLanguage: this.synonymLanguage,
      },
      articles: {
        group: this.docGroup.slice(0, this.docCount),
        ids: column(this.ids),
        titles: column(this.titles),
        locales: column(this.locales),
        shortcuts: column(this.shortcutOf),
        searchTexts: column(this.searchTexts),
      },
      groups: pack(this.groups),
      examples: { groups: Int32Array.from(exampleGroups), texts: pack(exampleTexts) },
      lexical: this.lexical.toSnapshot(),
      model: this.model.toSnapshot(),
    };
  }

  static fromSnapshot(snapshot: KnowledgeIndexSnapshot): KnowledgeIndex {
    if (snapshot.version !== 2)
      throw new Error(`knowledge index snapshot version ${snapshot.version} is not supported`);
    const index = new KnowledgeIndex({ ...snapshot.options, boosts: snapshot.lexical.boosts });
    index.lexical = LexicalIndex.fromSnapshot(snapshot.lexical);
    index.lexical.setSynonyms(snapshot.options.synonyms, snapshot.options.synonymLanguage);
    index.model = ExampleModel.fromSnapshot(snapshot.model);
    index.groups = unpack(snapshot.groups);
    const { articles } = snapshot;
    const docs = articles.group.length;
    index.docCount = docs;
    index.reserveDocs(docs);
    index.reserveGroups(index.groups.length);
    index.docGroup.set(articles.group);
    index.ids = new Column(articles.ids);
    index.titles = new Column(articles.titles);
    index.locales = new Column(articles.locales);
    index.shortcutOf = new Column(articles.shortcuts);
    index.searchTexts = new Column(articles.searchTexts);
    // Variant lists in document order, built backwards so each document is prepended.
    for (let doc = docs - 1; doc >= 0; doc--) {
      const group = articles.group[doc]!;
      if (group < 0) continue;
      index.nextInGroup[doc] = index.groupHead[group]!;
      index.groupHead[group] = doc;
      index.groupLive[group]!++;
      index.live++;
    }
    index.examplesBase = snapshot.examples;
    return index;
  }

  /** Article id → document, built on first use (a cold worker's first suggestion does not need it). */
  private get docById(): Map<string, number> {
    if (!this.docByIdMap) {
      this.docByIdMap = new Map();
      const ids = this.ids.all();
      for (let doc = 0; doc < this.docCount; doc++) {
        if (this.docGroup[doc]! >= 0) this.docByIdMap.set(ids[doc]!, doc);
      }
    }
    return this.docByIdMap;
  }

  private get groupIndex(): Map<string, number> {
    if (!this.groupIndexMap) this.groupIndexMap = new Map(this.groups.map((name, group) => [name, group]));
    return this.groupIndexMap;
  }

  private reserveDocs(count: number): void {
    if (count <= this.docGroup.length) return;
    const size = Math.max(count, this.docGroup.length * 2);
    this.docGroup = grown(this.docGroup, size, -1);
    this.nextInGroup = grown(this.nextInGroup, size, -1);
  }

  private reserveGroups(count: number): void {
    if (count <= this.groupHead.length) return;
    const size = Math.max(count, this.groupHead.length * 2);
    this.groupHead = grown(this.groupHead, size, -1);
    this.groupLive = grown(this.groupLive, size, 0);
  }

  /**
   * The text match on the same confidence scale as the learned score: piecewise linear, so that the text's own
   * calibrated threshold (`lexicalThreshold`) lands exactly on `threshold` and 1 stays 1.
   */
  private textConfidence(lexical: number): number {
    const from = this.lexicalThreshold;
    const to = this.threshold;
    if (lexical <= from) return (lexical * to) / from;
    return to + ((lexical - from) * (1 - to)) / (1 - from);
  }

  private groupOf(articleId: string): number | undefined {
    const doc = this.docById.get(articleId);
    return doc === undefined ? undefined : this.docGroup[doc]!;
  }

  /** The examples kept for an answer (a copy is made before changing them). */
  private examplesOf(group: number): readonly string[] {
    const changed = this.examples.get(group);
    if (changed) return changed;
    const base = this.examplesBase;
    if (!base) return [];
    // `base.groups` is ascending: the answer's examples are one run of it.
    let low = 0;
    let high = base.groups.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (base.groups[middle]! < group) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let i = low; i < base.groups.length && base.groups[i] === group; i++)
      found.push(unpackAt(base.texts, i));
    return found;
  }

  private keepExample(group: number, text: string): void {
    const kept = [...this.examplesOf(group)];
    if (!kept.includes(text)) kept.push(text);
    if (kept.length > EXAMPLES_KEPT) kept.shift();
    this.examples.set(group, kept);
  }

  /** The variant of an answer for a language: exact locale, then same language, then one without locale, then any. */
  private variantFor(group: number, locale: string | undefined): number {
    const language = baseLanguage(locale);
    const wanted = locale?.toLowerCase();
    const rank = (doc: number) => {
      const articleLocale = this.locales.at(doc);
      if (wanted !== undefined && articleLocale !== '' && articleLocale.toLowerCase() === wanted) return 0;
      if (baseLanguage(articleLocale || undefined) === language) return 1;
      if (articleLocale === '') return 2;
      return baseLanguage(articleLocale) === 'en' ? 3 : 4;
    };
    let best = this.groupHead[group]!;
    let bestRank = rank(best);
    for (let doc = this.nextInGroup[best]!; doc !== -1 && bestRank > 0; doc = this.nextInGroup[doc]!) {
      const docRank = rank(doc);
      if (docRank < bestRank) {
        best = doc;
        bestRank = docRank;
      }
    }
    return best;
  }

  /** Up to two accepted phrasings of the answer sharing the most terms with the message. */
  private nearestExamples(group: number, queryTerms: Set<string>, language: string): string[] {
    if (queryTerms.size === 0) return [];
    return this.examplesOf(group)
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

/** `array` copied into a new array of `size` entries, the new ones set to `fill`. */
function grown(array: Int32Array, size: number, fill: number): Int32Array<ArrayBuffer> {
  const copy = new Int32Array(size);
  if (fill !== 0) copy.fill(fill, array.length);
  copy.set(array);
  return copy;
}
