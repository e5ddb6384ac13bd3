/**
 * Context words: whole words (or phrases of whole words) found in a small window around a match.
 *
 * Presidio matches context by substring, which is why its "lic" fires inside "public"; here the window is split into
 * words and compared word by word, so "dl" matches "DL:" but never "handle". Matching is case-insensitive and
 * ignores apostrophes ("driver's" = "drivers").
 *
 * This runs for every candidate, so it allocates nothing per word: each word of the window is reduced to a 32-bit
 * hash as its characters are read, and the lists are sets of hashes (two different words sharing a 30-bit hash
 * is a one-in-a-billion event, and would only add a context word). The windows are bounded in characters, then in
 * words, so the cost per candidate is constant whatever the text's length.
 */

/** How far around a match the context words are looked for. */
export const CONTEXT_CHARS_BEFORE = 48;
export const CONTEXT_CHARS_AFTER = 32;
const WORDS_BEFORE = 6;
const WORDS_AFTER = 3;
/** Negative context is a label right before the value ("order 123…", "tracking no. 1Z…"). */
const NEGATIVE_WORDS_BEFORE = 3;
/** Context words this close (in words) to the match count fully; further ones count less. */
export const NEAR_WORDS = 2;

/** A compiled list of context words and phrases. */
export interface ContextList {
  /** Hashes of the single words. */
  readonly words: ReadonlySet<number>;
  /** Phrases as sequences of word hashes. */
  readonly phrases: ReadonlyArray<readonly number[]>;
  /** The phrases by the hash of their first word, so a window's words are looked up, not compared to each phrase. */
  readonly phrasesByFirst: ReadonlyMap<number, ReadonlyArray<readonly number[]>>;
  /** The entry each single-word hash or phrase stands for, to explain a score ("context word "card""). */
  readonly names: ReadonlyMap<number | readonly number[], string>;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isWordChar(code: number): boolean {
  if (code < 128)
    return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER_OR_DIGIT.test(String.fromCharCode(code));
}

const isApostrophe = (code: number) => code === 39 || code === 0x2019;

/** FNV-1a over lowercase UTF-16 code units. */
const FNV_OFFSET = 0x811c9dc5 | 0;
function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, 16777619);
}
function lower(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  if (code < 128) return code;
  return String.fromCharCode(code).toLowerCase().charCodeAt(0);
}

/**
 * Appends the hashes of the words of text[from, to) to `out` and returns it. A word is a run of letters and digits;
 * an apostrophe between two of them is skipped, so "driver's" hashes as "drivers".
 */
function hashWords(text: string, from: number, to: number, out: number[]): number[] {
  let i = from;
  while (i < to) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let hash = FNV_OFFSET;
    while (i < to) {
      const code = text.charCodeAt(i);
      if (isWordChar(code)) {
        hash = mix(hash, lower(code));
        i++;
      } else if (isApostrophe(code) && i + 1 < to && isWordChar(text.charCodeAt(i + 1))) i++;
      else break;
    }
    // Thirty bits keep the hash a small integer in V8: no boxing, fast set lookups.
    out.push(hash & 0x3fffffff);
  }
  return out;
}

function hashesOf(phrase: string): number[] {
  return hashWords(phrase, 0, phrase.length, []);
}

export function contextList(entries: readonly string[]): ContextList {
  const words = new Set<number>();
  const phrases: number[][] = [];
  const names = new Map<number | readonly number[], string>();
  const phrasesByFirst = new Map<number, number[][]>();
  for (const entry of entries) {
    const parts = hashesOf(entry);
    if (parts.length === 1) {
      words.add(parts[0]!);
      names.set(parts[0]!, entry);
    } else if (parts.length > 1) {
      phrases.push(parts);
      names.set(parts, entry);
      const sameFirst = phrasesByFirst.get(parts[0]!) ?? [];
      sameFirst.push(parts);
      phrasesByFirst.set(parts[0]!, sameFirst);
    }
  }
  return { words, phrases, names, phrasesByFirst };
}

/** The word hashes just before `start` (nearest last), never a word cut in half by the window's edge. */
function hashesBefore(text: string, start: number): number[] {
  let from = Math.max(0, start - CONTEXT_CHARS_BEFORE);
  if (from > 0)
    while (from < start && isWordChar(text.charCodeAt(from - 1)) && isWordChar(text.charCodeAt(from))) from++;
  const words = hashWords(text, from, start, []);
  return words.length > WORDS_BEFORE ? words.slice(words.length - WORDS_BEFORE) : words;
}

/** The word hashes just after `end`, never a word cut in half by the window's edge. */
function hashesAfter(text: string, end: number): number[] {
  let to = Math.min(text.length, end + CONTEXT_CHARS_AFTER);
  if (to < text.length)
    while (to > end && isWordChar(text.charCodeAt(to)) && isWordChar(text.charCodeAt(to - 1))) to--;
  const words = hashWords(text, end, to, []);
  return words.length > WORDS_AFTER ? words.slice(0, WORDS_AFTER) : words;
}

const NO_PHRASES: ReadonlyArray<readonly number[]> = [];

interface Hit {
  found: string;
  /** Index of the hit's first word ('first') or last word ('last') in the word list. */
  index: number;
}

/**
 * Where a context word or phrase occurs in `words`: the first occurrence (index of its first word) or the last one
 * (index of its last word), i.e. the one nearest to a match that follows or precedes the words.
 */
function locate(words: readonly number[], list: ContextList, which: 'first' | 'last'): Hit | undefined {
  let last: Hit | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    let hit: Hit | undefined;
    if (list.words.has(word)) hit = { found: list.names.get(word) ?? '', index: i };
    for (const phrase of list.phrasesByFirst.get(word) ?? NO_PHRASES) {
      if (i + phrase.length > words.length) continue;
      let matches = true;
      for (let k = 1; k < phrase.length && matches; k++) matches = words[i + k] === phrase[k];
      if (matches)
        hit = { found: list.names.get(phrase) ?? '', index: which === 'first' ? i : i + phrase.length - 1 };
    }
    if (hit && which === 'first') return hit;
    if (hit) last = hit;
  }
  return last;
}

/**
 * The words around the positions asked for last: the candidates of one anchor (an SSN, a passport and a
 * bank-number reading of the same 9 digits) share their start, so their context is read once.
 */
export class ContextWindow {
  private beforeAt = -1;
  private before: number[] = [];
  private afterAt = -1;
  private after: number[] = [];
  constructor(readonly text: string) {}
  wordsBefore(start: number): number[] {
    if (start !== this.beforeAt) {
      this.before = hashesBefore(this.text, start);
      this.beforeAt = start;
    }
    return this.before;
  }
  wordsAfter(end: number): number[] {
    if (end !== this.afterAt) {
      this.after = hashesAfter(this.text, end);
      this.afterAt = end;
    }
    return this.after;
  }
}

/** Whether a word or phrase of `list` is among the words just before `start`. */
export function hasContextBefore(text: string, start: number, list: ContextList): boolean {
  return locate(hashesBefore(text, start), list, 'last') !== undefined;
}

/** Labels that say a number is a business reference, not a person's data. */
export const NEGATIVE_CONTEXT = contextList([
  'order',
  'orders',
  'ord',
  'tracking',
  'track',
  'invoice',
  'inv',
  'ref',
  'reference',
  'test',
  'sku',
  'po',
  'confirmation',
  'transaction',
  'txn',
  'serial',
  'version',
  'build',
  'release',
  'firmware',
  'update',
  'patch',
  'model',
  'part',
  'shipment',
  'parcel',
  'rma',
  'receipt',
  'booking',
  'ticket',
  'case',
  'batch',
  'lot',
  // The same labels in the other languages tickets arrive in.
  'factura',
  'pedido',
  'facture',
  'commande',
  'rechnung',
  'bestellung',
  'fattura',
  'ordine',
  'fatura',
]);

export interface ContextVerdict {
  /** The positive context word found, if any (the nearest one). */
  positive?: string;
  /** The positive word is within NEAR_WORDS of the match: it counts more. */
  near?: boolean;
  /** How many words away the positive word is (1: right next to the match). */
  distance?: number;
  /** The negative context word found, if any. */
  negative?: string;
}

export function judgeContext(
  text: string,
  start: number,
  end: number,
  positive: ContextList,
  window: ContextWindow = new ContextWindow(text),
  positiveRequired = false,
): ContextVerdict {
  const before = window.wordsBefore(start);
  const verdict: ContextVerdict = {};
  const hasWords = positive.words.size > 0 || positive.phrases.length > 0;
  const beforeHit = hasWords ? locate(before, positive, 'last') : undefined;
  if (beforeHit) {
    verdict.positive = beforeHit.found;
    verdict.distance = before.length - beforeHit.index;
    verdict.near = verdict.distance <= NEAR_WORDS;
  }
  if (hasWords && !verdict.near) {
    const afterHit = locate(window.wordsAfter(end), positive, 'first');
    if (afterHit && (!beforeHit || afterHit.index < NEAR_WORDS)) {
      verdict.positive = afterHit.found;
      verdict.distance = afterHit.index + 1;
      verdict.near = afterHit.index < NEAR_WORDS;
    }
  }
  // Most bare numbers have no label at all: when a positive word is required and missing, stop here.
  if (positiveRequired && !verdict.positive) return verdict;
  const labels = before.length > NEGATIVE_WORDS_BEFORE ? before.slice(-NEGATIVE_WORDS_BEFORE) : before;
  const negative = locate(labels, NEGATIVE_CONTEXT, 'last');
  if (negative) {
    verdict.negative = negative.found;
    // The nearest label names the value: "card … order 4532…" is an order number.
    const negativeDistance = labels.length - negative.index;
    if (
      beforeHit &&
      verdict.positive === beforeHit.found &&
      negativeDistance < before.length - beforeHit.index
    ) {
      delete verdict.positive;
      delete verdict.near;
      delete verdict.distance;
    }
  }
  return verdict;
}
