/**
 * The "cold" half of the ranking: BM25F over an article's title, tags, shortcut and body, with typo tolerance and
 * per-client synonyms. Scores are normalised to [0, 1) — the share of the message's (IDF-weighted) meaning an article
 * covers — so one confidence threshold means the same thing for every knowledge base and every message length.
 */
import { allowedTypos, boundedEditDistance } from './edit-distance.ts';
import { terms, words } from './normalize.ts';

export interface FieldBoosts {
  title: number;
  tags: number;
  body: number;
}

export const DEFAULT_FIELD_BOOSTS: FieldBoosts = { title: 3, tags: 2, body: 1 };

/** BM25 saturation and length normalisation (the usual values). */
const K1 = 1.2;
const B = 0.75;
/** How much a typo-corrected or synonym match counts compared with an exact one. */
const FUZZY_WEIGHT = 0.7;
const SYNONYM_WEIGHT = 0.8;
/** See `queryTerms`: terms in more than this share of the articles are skipped, in bases of at least this size. */
const COMMON_SHARE = 0.5;
const COMMON_FROM_SIZE = 50;

export interface LexicalDocument {
  title: string;
  tags: readonly string[];
  body: string;
  language: string;
}

/**
 * The documents sharing at least one term with the message, unordered: the first `count` entries of parallel
 * typed arrays that the index reuses for the next query (read them before asking again).
 */
export interface LexicalMatches {
  count: number;
  docs: Int32Array;
  /** In [0, 1). */
  scores: Float64Array;
  /** Bit set of the query `words` each document matched. */
  matched: Int32Array;
  /** The message's words (as the customer wrote them), one per query term. */
  words: string[];
}

/**
 * A structured-clonable copy of the index (typed arrays, which IndexedDB stores as they are), to reload in a cold
 * service worker without re-tokenising every article.
 */
export interface LexicalSnapshot {
  version: 2;
  boosts: FieldBoosts;
  fieldLengths: { title: number; tags: number; body: number };
  /** The vocabulary, one string, terms separated by "\n" (no term contains one). */
  terms: string;
  /** The postings of term `i` are at `offsets[i] … offsets[i + 1]` of `docs` and `tfs`. */
  offsets: Int32Array;
  docs: Int32Array;
  /** Packed term frequencies: see `packTf`. */
  tfs: Uint16Array;
  /** doc → [titleLength, tagsLength, bodyLength] */
  lengths: Int32Array;
  removed: number[];
}

/** A term's postings: parallel lists of documents and packed frequencies (arrays while they grow). */
interface Postings {
  docs: number[] | Int32Array;
  tfs: number[] | Uint16Array;
}

/**
 * Title, tags and body frequencies of a term in one document in 16 bits (4 + 4 + 8 bits, each capped): BM25 has
 * saturated long before the caps (15 times one word in a title or its tags, 255 times in a body).
 */
const packTf = (title: number, tags: number, body: number) =>
  (Math.min(title, 15) << 12) | (Math.min(tags, 15) << 8) | Math.min(body, 255);

interface QueryTerm {
  term: string;
  /** Index terms this query term matches, with the weight of each. */
  targets: Array<{ term: string; weight: number }>;
  /** The surface words that produced it, for the explanation. */
  surface: string;
  /** Its weight in the denominator: how much meaning the message loses if nothing matches it. */
  idf: number;
  /** How much the part of the message it comes from counts (1 for a plain message). */
  weight: number;
}

/** A piece of a message and how much it counts (see customer-query.ts): questions weigh more than greetings. */
export interface WeightedText {
  text: string;
  weight: number;
}

export class LexicalIndex {
  /** term → postings; views into a loaded snapshot until a new article adds to them. */
  private readonly postings = new Map<string, Postings>();
  /** doc → [titleLength, tagsLength, bodyLength], in the first `docs * 3` entries. */
  private lengths = new Int32Array(192);
  private docs = 0;
  private readonly removed = new Set<number>();
  /** `removed` as flags by document, for the scoring loop. */
  private removedFlags = new Uint8Array(0);
  private totals = { title: 0, tags: 0, body: 0 };
  private synonymRules: Array<{ phrase: string[]; alternatives: string[][] }> = [];
  private vocabularyByLength: Map<number, string[]> | undefined;
  private readonly fuzzyCache = new Map<string, string[]>();
  /** Per-document accumulators reused across queries (zeroed again after each one). */
  private scoreBuffer = new Float64Array(0);
  private bestBuffer = new Float64Array(0);
  private maskBuffer = new Int32Array(0);
  private touchedBuffer = new Int32Array(0);
  private bestDocs = new Int32Array(0);
  private result: LexicalMatches = {
    count: 0,
    docs: new Int32Array(0),
    scores: new Float64Array(0),
    matched: new Int32Array(0),
    words: [],
  };
  /** Per document and field: BM25's length normalisation, 1 / (1 − b + b · length / average); see `norms`. */
  private normBuffer = new Float64Array(0);
  private normsStale = true;

  constructor(readonly boosts: FieldBoosts = DEFAULT_FIELD_BOOSTS) {}

  get size(): number {
    return this.docs - this.removed.size;
  }

  /** Adds a document; returns its number. */
  add(doc: LexicalDocument): number {
    const id = this.docs;
    const fields = [
      terms(doc.title, doc.language),
      doc.tags.flatMap((tag) => terms(tag, doc.language)),
      terms(doc.body, doc.language),
    ] as const;
    const counts = new Map<string, [number, number, number]>();
    fields.forEach((fieldTerms, field) => {
      for (const term of fieldTerms) {
        let entry = counts.get(term);
        if (!entry) {
          entry = [0, 0, 0];
          counts.set(term, entry);
        }
        entry[field]!++;
      }
    });
    for (const [term, [title, tags, body]] of counts) {
      let list = this.postings.get(term);
      if (!list) {
        list = { docs: [], tfs: [] };
        this.vocabularyByLength = undefined;
      } else if (!Array.isArray(list.docs)) list = { docs: Array.from(list.docs), tfs: Array.from(list.tfs) };
      this.postings.set(term, list);
      (list.docs as number[]).push(id);
      (list.tfs as number[]).push(packTf(title, tags, body));
    }
    if ((id + 1) * 3 > this.lengths.length) {
      const grown = new Int32Array(Math.max(192, this.lengths.length * 2));
      grown.set(this.lengths);
      this.lengths = grown;
    }
    this.lengths[id * 3] = fields[0].length;
    this.lengths[id * 3 + 1] = fields[1].length;
    this.lengths[id * 3 + 2] = fields[2].length;
    this.docs++;
    this.totals.title += fields[0].length;
    this.totals.tags += fields[1].length;
    this.totals.body += fields[2].length;
    this.fuzzyCache.clear();
    this.normsStale = true;
    return id;
  }

  /** Removes a document (its postings are skipped from now on, and dropped by the next snapshot). */
  remove(doc: number): void {
    if (this.removed.has(doc) || doc >= this.docs) return;
    this.flagRemoved(doc);
    this.totals.title -= this.lengths[doc * 3]!;
    this.totals.tags -= this.lengths[doc * 3 + 1]!;
    this.totals.body -= this.lengths[doc * 3 + 2]!;
    this.normsStale = true;
  }

  /**
   * Synonym groups of one client, e.g. `[['refund', 'money back', 'reimbursement']]`: a message saying one phrase
   * also matches articles saying another.
   */
  setSynonyms(groups: ReadonlyArray<readonly string[]>, language: string): void {
    this.synonymRules = [];
    for (const group of groups) {
      const phrases = group.map((phrase) => terms(phrase, language)).filter((phrase) => phrase.length > 0);
      for (const phrase of phrases) {
        this.synonymRules.push({ phrase, alternatives: phrases.filter((other) => other !== phrase) });
      }
    }
  }

  /**
   * Documents sharing at least one term with the message, unordered, as parallel typed arrays reused by the next
   * query (no object per document: with 20,000 articles a common word touches thousands of them on every query).
   * `matched[i]` is a bit set over `words` (the first 31 query terms).
   *
   * The message may come in weighed parts: each term then counts, in the score and in the share of meaning it is
   * divided by, with the weight of the weightiest part it is in. Parts all of one weight score as one plain message.
   */
  match(message: string | readonly WeightedText[], language: string): LexicalMatches {
    const query = this.queryTerms(
      typeof message === 'string' ? [{ text: message, weight: 1 }] : message,
      language,
    );
    const denominator = query.reduce((sum, term) => sum + term.weight * term.idf, 0);
    const result = this.result;
    result.count = 0;
    result.words = query.map((term) => term.surface);
    if (denominator === 0) return result;
    const docCount = this.docs;
    if (this.scoreBuffer.length < docCount) {
      const size = docCount * 2;
      this.scoreBuffer = new Float64Array(size);
      this.bestBuffer = new Float64Array(size);
      this.maskBuffer = new Int32Array(size);
      this.touchedBuffer = new Int32Array(size);
      this.bestDocs = new Int32Array(size);
      result.docs = new Int32Array(size);
      result.scores = new Float64Array(size);
      result.matched = new Int32Array(size);
    }
    const norms = this.norms();
    const { scoreBuffer, bestBuffer, maskBuffer, touchedBuffer, bestDocs, removedFlags } = this;
    const titleBoost = this.boosts.title;
    const tagsBoost = this.boosts.tags;
    const bodyBoost = this.boosts.body;
    const checkRemoved = this.removed.size > 0;
    let touched = 0;
    for (let termIndex = 0; termIndex < query.length; termIndex++) {
      const term = query[termIndex]!;
      // One query term contributes at most once per document, through its best target (exact, typo or synonym).
      let best = 0;
      for (const target of term.targets) {
        const list = this.postings.get(target.term);
        if (!list) continue;
        const { docs, tfs } = list;
        const factor = target.weight * this.idf(docs.length);
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i]!;
          if (checkRemoved && removedFlags[doc] === 1) continue;
          const tf = tfs[i]!;
          const at = doc * 3;
          const weighted =
            titleBoost * (tf >>> 12) * norms[at]! +
            tagsBoost * ((tf >>> 8) & 15) * norms[at + 1]! +
            bodyBoost * (tf & 255) * norms[at + 2]!;
          const value = factor * (weighted / (weighted + K1));
          const previous = bestBuffer[doc]!;
          if (previous === 0) bestDocs[best++] = doc;
          if (value > previous) bestBuffer[doc] = value;
        }
      }
      const bit = termIndex < 31 ? 1 << termIndex : 0;
      const weight = term.weight;
      for (let i = 0; i < best; i++) {
        const doc = bestDocs[i]!;
        if (scoreBuffer[doc] === 0 && maskBuffer[doc] === 0) touchedBuffer[touched++] = doc;
        scoreBuffer[doc]! += weight * bestBuffer[doc]!;
        maskBuffer[doc]! |= bit;
        bestBuffer[doc] = 0;
      }
    }
    const { docs, scores, matched } = result;
    for (let i = 0; i < touched; i++) {
      const doc = touchedBuffer[i]!;
      docs[i] = doc;
      scores[i] = Math.min(0.999, scoreBuffer[doc]! / denominator);
      matched[i] = maskBuffer[doc]!;
      scoreBuffer[doc] = 0;
      maskBuffer[doc] = 0;
    }
    result.count = touched;
    return result;
  }

  private flagRemoved(doc: number): void {
    this.removed.add(doc);
    if (doc >= this.removedFlags.length) {
      const grown = new Uint8Array(Math.max(doc + 1, this.removedFlags.length * 2));
      grown.set(this.removedFlags);
      this.removedFlags = grown;
    }
    this.removedFlags[doc] = 1;
  }

  /** Length normalisation per document and field, recomputed after the collection changed. */
  private norms(): Float64Array {
    const entries = this.docs * 3;
    if (!this.normsStale && this.normBuffer.length >= entries) return this.normBuffer;
    const n = this.size;
    const averages = [
      this.totals.title / Math.max(1, n) || 1,
      this.totals.tags / Math.max(1, n) || 1,
      this.totals.body / Math.max(1, n) || 1,
    ];
    if (this.normBuffer.length < entries) this.normBuffer = new Float64Array(entries * 2);
    for (let i = 0; i < entries; i++) {
      this.normBuffer[i] = 1 / (1 - B + (B * this.lengths[i]!) / averages[i % 3]!);
    }
    this.normsStale = false;
    return this.normBuffer;
  }

  toSnapshot(): LexicalSnapshot {
    const terms = [...this.postings.keys()];
    const offsets = new Int32Array(terms.length + 1);
    let total = 0;
    terms.forEach((term, i) => {
      offsets[i] = total;
      total += this.postings.get(term)!.docs.length;
    });
    offsets[terms.length] = total;
    const docs = new Int32Array(total);
    const tfs = new Uint16Array(total);
    terms.forEach((term, i) => {
      const list = this.postings.get(term)!;
      docs.set(list.docs, offsets[i]!);
      tfs.set(list.tfs, offsets[i]!);
    });
    return {
      version: 2,
      boosts: { ...this.boosts },
      fieldLengths: { ...this.totals },
      terms: terms.join('\n'),
      offsets,
      docs,
      tfs,
      lengths: this.lengths.slice(0, this.docs * 3),
      removed: [...this.removed],
    };
  }

  static fromSnapshot(snapshot: LexicalSnapshot): LexicalIndex {
    if (snapshot.version !== 2) throw new Error('lexical index snapshot version is not supported');
    const index = new LexicalIndex(snapshot.boosts);
    const terms = snapshot.terms === '' ? [] : snapshot.terms.split('\n');
    terms.forEach((term, i) => {
      const [start, end] = [snapshot.offsets[i]!, snapshot.offsets[i + 1]!];
      index.postings.set(term, {
        docs: snapshot.docs.subarray(start, end),
        tfs: snapshot.tfs.subarray(start, end),
      });
    });
    index.lengths = snapshot.lengths.slice();
    index.docs = snapshot.lengths.length / 3;
    for (const doc of snapshot.removed) index.flagRemoved(doc);
    index.totals = { ...snapshot.fieldLengths };
    return index;
  }

  private idf(df: number): number {
    const n = Math.max(this.size, df);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private queryTerms(parts: readonly WeightedText[], language: string): QueryTerm[] {
    const surfaceByTerm = new Map<string, string>();
    const weightByTerm = new Map<string, number>();
    const sequences: string[][] = [];
    for (const part of parts) {
      if (!(part.weight > 0)) continue;
      for (const word of words(part.text)) {
        const [term] = terms(word, language);
        if (term === undefined) continue;
        if (!surfaceByTerm.has(term)) surfaceByTerm.set(term, word);
        // A word counts with the weight of the weightiest part it is in.
        if (part.weight > (weightByTerm.get(term) ?? 0)) weightByTerm.set(term, part.weight);
      }
      sequences.push(terms(part.text, language));
    }
    let topWeight = 0;
    for (const part of parts) if (part.weight > topWeight) topWeight = part.weight;
    const query: QueryTerm[] = [];
    for (const [term, surface] of surfaceByTerm) {
      const weight = weightByTerm.get(term)!;
      const list = this.postings.get(term);
      if (list) {
        // A word in most articles of a sizeable base tells none of them apart (its IDF is ~0) yet would cost a
        // pass over most postings on every query: it is treated as a stopword of this knowledge base.
        if (this.size >= COMMON_FROM_SIZE && list.docs.length > this.size * COMMON_SHARE) continue;
        query.push({
          term,
          targets: [{ term, weight: 1 }],
          surface,
          idf: this.idf(list.docs.length),
          weight,
        });
        continue;
      }
      const corrections = this.typoCandidates(term);
      const targets = corrections.map((candidate) => ({ term: candidate, weight: FUZZY_WEIGHT }));
      // A word no article contains counts as rare: an unmatched "dow" makes "how is the dow today" out of scope.
      const idf = corrections.length
        ? Math.max(
            ...corrections.map((candidate) => this.idf(this.postings.get(candidate)?.docs.length ?? 0)),
          )
        : this.idf(0);
      // In a weighed message, a word no article contains counts only in its weightiest parts (the question): a
      // name, a place or an anecdote around the question says nothing about which answer fits.
      const counted = corrections.length > 0 || weight >= topWeight ? weight : 0;
      query.push({ term, targets, surface, idf, weight: counted });
    }
    for (const rule of this.synonymRules) {
      if (!sequences.some((sequence) => containsPhrase(sequence, rule.phrase))) continue;
      // The first word of the phrase stands for it: its term gains the alternatives' terms as extra targets.
      const anchor = query.find((term) => term.term === rule.phrase[0]);
      if (!anchor) continue;
      for (const alternative of rule.alternatives) {
        for (const term of alternative) anchor.targets.push({ term, weight: SYNONYM_WEIGHT });
      }
    }
    return query;
  }

  /** Vocabulary terms within the allowed typo distance of an unknown term. */
  private typoCandidates(term: string): string[] {
    const max = allowedTypos(term.length);
    if (max === 0) return [];
    const cached = this.fuzzyCache.get(term);
    if (cached) return cached;
    if (!this.vocabularyByLength) {
      this.vocabularyByLength = new Map();
      for (const known of this.postings.keys()) {
        let bucket = this.vocabularyByLength.get(known.length);
        if (!bucket) {
          bucket = [];
          this.vocabularyByLength.set(known.length, bucket);
        }
        bucket.push(known);
      }
    }
    let bestDistance = max + 1;
    let found: string[] = [];
    for (let length = term.length - max; length <= term.length + max; length++) {
      for (const known of this.vocabularyByLength.get(length) ?? []) {
        // Typos rarely hit the first letter; requiring it cuts the scan and the false corrections.
        if (known[0] !== term[0]) continue;
        const distance = boundedEditDistance(term, known, Math.min(max, bestDistance));
        if (distance < bestDistance) {
          bestDistance = distance;
          found = [known];
        } else if (distance === bestDistance && distance <= max && found.length < 3) found.push(known);
      }
    }
    if (this.fuzzyCache.size > 5000) this.fuzzyCache.clear();
    this.fuzzyCache.set(term, found);
    return found;
  }
}

function containsPhrase(sequence: readonly string[], phrase: readonly string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= sequence.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (sequence[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
