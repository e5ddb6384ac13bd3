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

export interface LexicalMatches {
  docs: number[];
  /** In [0, 1). */
  scores: number[];
  /** Bit set of the query `words` each document matched. */
  matched: number[];
  /** The message's words (as the customer wrote them), one per query term. */
  words: string[];
}

/**
 * A structured-clonable copy of the index (typed arrays, which IndexedDB stores as they are), to reload in a cold
 * service worker without re-tokenising every article.
 */
export interface LexicalSnapshot {
  boosts: FieldBoosts;
  fieldLengths: { title: number; tags: number; body: number };
  terms: string[];
  /** The postings of `terms[i]` are `postings[offsets[i] … offsets[i + 1])`: [doc, titleTf, tagsTf, bodyTf, …]. */
  offsets: Int32Array;
  postings: Int32Array;
  /** doc → [titleLength, tagsLength, bodyLength] */
  lengths: Int32Array;
  removed: number[];
}

interface QueryTerm {
  term: string;
  /** Index terms this query term matches, with the weight of each. */
  targets: Array<{ term: string; weight: number }>;
  /** The surface words that produced it, for the explanation. */
  surface: string;
  /** Its weight in the denominator: how much meaning the message loses if nothing matches it. */
  idf: number;
}

export class LexicalIndex {
  /** term → [doc, titleTf, tagsTf, bodyTf, …]; views into a loaded snapshot until a new article adds to them. */
  private readonly postings = new Map<string, number[] | Int32Array>();
  private readonly lengths: number[] = [];
  private readonly removed = new Set<number>();
  private totals = { title: 0, tags: 0, body: 0 };
  private synonymRules: Array<{ phrase: string[]; alternatives: string[][] }> = [];
  private vocabularyByLength: Map<number, string[]> | undefined;
  private readonly fuzzyCache = new Map<string, string[]>();
  /** Per-document accumulators reused across queries (zeroed again after each one). */
  private scoreBuffer = new Float64Array(0);
  private bestBuffer = new Float64Array(0);
  private maskBuffer = new Int32Array(0);

  constructor(readonly boosts: FieldBoosts = DEFAULT_FIELD_BOOSTS) {}

  get size(): number {
    return this.lengths.length / 3 - this.removed.size;
  }

  /** Adds a document; returns its number. */
  add(doc: LexicalDocument): number {
    const id = this.lengths.length / 3;
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
        list = [];
        this.vocabularyByLength = undefined;
      } else if (!Array.isArray(list)) list = Array.from(list);
      list.push(id, title, tags, body);
      this.postings.set(term, list);
    }
    this.lengths.push(fields[0].length, fields[1].length, fields[2].length);
    this.totals.title += fields[0].length;
    this.totals.tags += fields[1].length;
    this.totals.body += fields[2].length;
    this.fuzzyCache.clear();
    return id;
  }

  /** Removes a document (its postings are skipped from now on, and dropped by the next snapshot). */
  remove(doc: number): void {
    if (this.removed.has(doc) || doc * 3 >= this.lengths.length) return;
    this.removed.add(doc);
    this.totals.title -= this.lengths[doc * 3]!;
    this.totals.tags -= this.lengths[doc * 3 + 1]!;
    this.totals.body -= this.lengths[doc * 3 + 2]!;
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
   * Documents sharing at least one term with the message, unordered, as parallel arrays (no object per document:
   * with 20,000 articles a common word touches thousands of them on every query). `matched[i]` is a bit set over
   * `words` (the first 31 query terms).
   */
  match(message: string, language: string): LexicalMatches {
    const query = this.queryTerms(message, language);
    const denominator = query.reduce((sum, term) => sum + term.idf, 0);
    const result: LexicalMatches = {
      docs: [],
      scores: [],
      matched: [],
      words: query.map((term) => term.surface),
    };
    if (denominator === 0) return result;
    const n = this.size;
    const avgTitle = this.totals.title / Math.max(1, n) || 1;
    const avgTags = this.totals.tags / Math.max(1, n) || 1;
    const avgBody = this.totals.body / Math.max(1, n) || 1;
    const docCount = this.lengths.length / 3;
    if (this.scoreBuffer.length < docCount) {
      this.scoreBuffer = new Float64Array(docCount * 2);
      this.bestBuffer = new Float64Array(docCount * 2);
      this.maskBuffer = new Int32Array(docCount * 2);
    }
    const { scoreBuffer, bestBuffer, maskBuffer, lengths } = this;
    const touched: number[] = [];
    query.forEach((term, termIndex) => {
      // One query term contributes at most once per document, through its best target (exact, typo or synonym).
      const best: number[] = [];
      for (const target of term.targets) {
        const list = this.postings.get(target.term);
        if (!list) continue;
        const factor = target.weight * this.idf(list.length / 4);
        for (let i = 0; i < list.length; i += 4) {
          const doc = list[i]!;
          if (this.removed.size > 0 && this.removed.has(doc)) continue;
          const weighted =
            (this.boosts.title * list[i + 1]!) / (1 - B + (B * lengths[doc * 3]!) / avgTitle) +
            (this.boosts.tags * list[i + 2]!) / (1 - B + (B * lengths[doc * 3 + 1]!) / avgTags) +
            (this.boosts.body * list[i + 3]!) / (1 - B + (B * lengths[doc * 3 + 2]!) / avgBody);
          const value = factor * (weighted / (weighted + K1));
          if (bestBuffer[doc] === 0) best.push(doc);
          if (value > bestBuffer[doc]!) bestBuffer[doc] = value;
        }
      }
      const bit = termIndex < 31 ? 1 << termIndex : 0;
      for (const doc of best) {
        if (scoreBuffer[doc] === 0 && maskBuffer[doc] === 0) touched.push(doc);
        scoreBuffer[doc]! += bestBuffer[doc]!;
        maskBuffer[doc]! |= bit;
        bestBuffer[doc] = 0;
      }
    });
    for (const doc of touched) {
      result.docs.push(doc);
      result.scores.push(Math.min(0.999, scoreBuffer[doc]! / denominator));
      result.matched.push(maskBuffer[doc]!);
      scoreBuffer[doc] = 0;
      maskBuffer[doc] = 0;
    }
    return result;
  }

  toSnapshot(): LexicalSnapshot {
    const terms = [...this.postings.keys()];
    const offsets = new Int32Array(terms.length + 1);
    let total = 0;
    terms.forEach((term, i) => {
      offsets[i] = total;
      total += this.postings.get(term)!.length;
    });
    offsets[terms.length] = total;
    const postings = new Int32Array(total);
    terms.forEach((term, i) => {
      postings.set(this.postings.get(term)!, offsets[i]!);
    });
    return {
      boosts: { ...this.boosts },
      fieldLengths: { ...this.totals },
      terms,
      offsets,
      postings,
      lengths: Int32Array.from(this.lengths),
      removed: [...this.removed],
    };
  }

  static fromSnapshot(snapshot: LexicalSnapshot): LexicalIndex {
    const index = new LexicalIndex(snapshot.boosts);
    snapshot.terms.forEach((term, i) => {
      index.postings.set(term, snapshot.postings.subarray(snapshot.offsets[i]!, snapshot.offsets[i + 1]!));
    });
    for (const length of snapshot.lengths) index.lengths.push(length);
    for (const doc of snapshot.removed) index.removed.add(doc);
    index.totals = { ...snapshot.fieldLengths };
    return index;
  }

  private idf(df: number): number {
    const n = Math.max(this.size, df);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private queryTerms(message: string, language: string): QueryTerm[] {
    const surfaceByTerm = new Map<string, string>();
    for (const word of words(message)) {
      const [term] = terms(word, language);
      if (term !== undefined && !surfaceByTerm.has(term)) surfaceByTerm.set(term, word);
    }
    const sequence = terms(message, language);
    const query: QueryTerm[] = [];
    for (const [term, surface] of surfaceByTerm) {
      const list = this.postings.get(term);
      if (list) {
        // A word in most articles of a sizeable base tells none of them apart (its IDF is ~0) yet would cost a
        // pass over most postings on every query: it is treated as a stopword of this knowledge base.
        if (this.size >= COMMON_FROM_SIZE && list.length / 4 > this.size * COMMON_SHARE) continue;
        query.push({ term, targets: [{ term, weight: 1 }], surface, idf: this.idf(list.length / 4) });
        continue;
      }
      const corrections = this.typoCandidates(term);
      const targets = corrections.map((candidate) => ({ term: candidate, weight: FUZZY_WEIGHT }));
      // A word no article contains counts as rare: an unmatched "dow" makes "how is the dow today" out of scope.
      const idf = corrections.length
        ? Math.max(
            ...corrections.map((candidate) => this.idf((this.postings.get(candidate)?.length ?? 0) / 4)),
          )
        : this.idf(0);
      query.push({ term, targets, surface, idf });
    }
    for (const rule of this.synonymRules) {
      if (!containsPhrase(sequence, rule.phrase)) continue;
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
