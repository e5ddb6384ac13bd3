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
  /**
   * A 1024-bit filter over the single words and the phrases' first words: a window's word whose bit is clear is
   * neither, which spares most set look-ups.
   */
  readonly filter: Int32Array;
}

const filterHas = (filter: Int32Array, hash: number) =>
  (filter[(hash >>> 5) & 31]! & (1 << (hash & 31))) !== 0;
function filterAdd(filter: Int32Array, hash: number): void {
  filter[(hash >>> 5) & 31] = filter[(hash >>> 5) & 31]! | (1 << (hash & 31));
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Per code unit: 0 not looked up yet, 1 a letter or digit, 2 anything else (filled lazily beyond ASCII). */
const WORD_CHAR = new Uint8Array(65536);
for (let code = 0; code < 128; code++)
  WORD_CHAR[code] =
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? 1 : 2;

function isWordChar(code: number): boolean {
  return code < 128 ? ASCII_WORD_LOWER[code] !== 0 : isOtherWordChar(code);
}

function isOtherWordChar(code: number): boolean {
  let kind = WORD_CHAR[code]!;
  if (kind === 0) {
    kind = LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 1 : 2;
    WORD_CHAR[code] = kind;
  }
  return kind === 1;
}

const isApostrophe = (code: number) => code === 39 || code === 0x2019;

/**
 * A word's hash: the polynomial sum of its lowercase UTF-16 code units, Σ c[i]·M^(n−1−i) mod 2^32, which reads
 * the same forward (Horner's rule) and backward from the word's end (the window before a match is read from the
 * match back, and stops after its last WORDS_BEFORE words). Murmur3's finaliser then mixes it, so that every bit
 * (the filter's and the thirty kept) depends on every character.
 */
const HASH_MULTIPLIER = 16777619;
function finishHash(sum: number): number {
  let hash = sum ^ (sum >>> 16);
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  // Thirty bits keep the hash a small integer in V8: no boxing, fast set lookups.
  return hash & 0x3fffffff;
}
/** The first code unit of each code unit's lower case, plus one (0: not looked up yet). */
const LOWER = new Uint16Array(65536);
function lower(code: number): number {
  if (code >= 65 && code <= 90) return code + 32;
  if (code < 128) return code;
  let folded = LOWER[code]!;
  if (folded === 0) {
    folded = String.fromCharCode(code).toLowerCase().charCodeAt(0) + 1;
    LOWER[code] = folded;
  }
  return folded - 1;
}

/** ASCII letters and digits to their lower case; 0 for every other ASCII character. */
const ASCII_WORD_LOWER = new Uint8Array(128);
for (let code = 0; code < 128; code++) if (WORD_CHAR[code] === 1) ASCII_WORD_LOWER[code] = lower(code);

/** Growable list of word hashes: the windows reuse theirs, so reading a window allocates nothing. */
interface HashList {
  items: Int32Array;
  length: number;
}
const newHashList = (): HashList => ({ items: new Int32Array(16), length: 0 });

function pushHash(list: HashList, hash: number): void {
  if (list.length === list.items.length) {
    const grown = new Int32Array(list.items.length * 2);
    grown.set(list.items);
    list.items = grown;
  }
  list.items[list.length++] = hash;
}

/**
 * Appends the hashes of the words of text[from, to) to `out`. A word is a run of letters and digits; an apostrophe
 * between two of them is skipped, so "driver's" hashes as "drivers". Runs for every candidate's window: one
 * table look-up per ASCII character, the rest only for the rare non-ASCII one.
 */
function hashWordsInto(
  text: string,
  from: number,
  to: number,
  out: HashList,
  maxWords = Number.MAX_SAFE_INTEGER,
): void {
  let i = from;
  let words = 0;
  while (i < to && words < maxWords) {
    let code = text.charCodeAt(i);
    // The folded (lower-case) code of a word character, 0 for any other character.
    let folded = code < 128 ? ASCII_WORD_LOWER[code]! : isOtherWordChar(code) ? lower(code) : 0;
    if (folded === 0) {
      i++;
      continue;
    }
    let sum = 0;
    for (;;) {
      sum = (Math.imul(sum, HASH_MULTIPLIER) + folded) | 0;
      if (++i >= to) break;
      code = text.charCodeAt(i);
      folded = code < 128 ? ASCII_WORD_LOWER[code]! : isOtherWordChar(code) ? lower(code) : 0;
      if (folded !== 0) continue;
      // "driver's": skip the apostrophe when a word character follows it inside the range.
      if (!isApostrophe(code) || i + 1 >= to) break;
      const next = text.charCodeAt(i + 1);
      folded = next < 128 ? ASCII_WORD_LOWER[next]! : isOtherWordChar(next) ? lower(next) : 0;
      if (folded === 0) break;
      i++;
    }
    pushHash(out, finishHash(sum));
    words++;
  }
}

function hashesOf(phrase: string): number[] {
  const list = newHashList();
  hashWordsInto(phrase, 0, phrase.length, list);
  return Array.from(list.items.subarray(0, list.length));
}

export function contextList(entries: readonly string[]): ContextList {
  const words = new Set<number>();
  const phrases: number[][] = [];
  const names = new Map<number | readonly number[], string>();
  const phrasesByFirst = new Map<number, number[][]>();
  const filter = new Int32Array(32);
  for (const entry of entries) {
    const parts = hashesOf(entry);
    if (parts.length > 0) filterAdd(filter, parts[0]!);
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
  return { words, phrases, names, phrasesByFirst, filter };
}

/**
 * The hashes of the last WORDS_BEFORE words before `start` (nearest last), never a word cut in half by the
 * window's edge. The words are read backward from `start`, so the window's older words are never read; the
 * words and their hashes are those a forward reading of the window would give (an apostrophe joins two word
 * characters of the window, "driver's" = "drivers").
 */
function hashesBefore(text: string, start: number, out: HashList): void {
  let from = Math.max(0, start - CONTEXT_CHARS_BEFORE);
  if (from > 0)
    while (from < start && isWordChar(text.charCodeAt(from - 1)) && isWordChar(text.charCodeAt(from))) from++;
  out.length = 0;
  let i = start;
  while (i > from && out.length < WORDS_BEFORE) {
    const code = text.charCodeAt(i - 1);
    let folded = code < 128 ? ASCII_WORD_LOWER[code]! : isOtherWordChar(code) ? lower(code) : 0;
    if (folded === 0) {
      i--;
      continue;
    }
    // A word ends at i: add its characters from the last, each weighted by the next power of the multiplier.
    let sum = 0;
    let weight = 1;
    for (;;) {
      sum = (sum + Math.imul(folded, weight)) | 0;
      weight = Math.imul(weight, HASH_MULTIPLIER);
      if (--i <= from) break;
      const previous = text.charCodeAt(i - 1);
      folded = previous < 128 ? ASCII_WORD_LOWER[previous]! : isOtherWordChar(previous) ? lower(previous) : 0;
      if (folded !== 0) continue;
      // An apostrophe between two word characters of the window is skipped.
      if (!isApostrophe(previous) || i - 2 < from) break;
      const beforeApostrophe = text.charCodeAt(i - 2);
      folded =
        beforeApostrophe < 128
          ? ASCII_WORD_LOWER[beforeApostrophe]!
          : isOtherWordChar(beforeApostrophe)
            ? lower(beforeApostrophe)
            : 0;
      if (folded === 0) break;
      i--;
    }
    pushHash(out, finishHash(sum));
  }
  // Read nearest first: put them nearest last, the order of the text.
  const items = out.items;
  for (let lo = 0, hi = out.length - 1; lo < hi; lo++, hi--) {
    const swap = items[lo]!;
    items[lo] = items[hi]!;
    items[hi] = swap;
  }
}

/** The word hashes just after `end`, never a word cut in half by the window's edge. */
function hashesAfter(text: string, end: number, out: HashList): void {
  let to = Math.min(text.length, end + CONTEXT_CHARS_AFTER);
  if (to < text.length)
    while (to > end && isWordChar(text.charCodeAt(to)) && isWordChar(text.charCodeAt(to - 1))) to--;
  out.length = 0;
  // Only the first WORDS_AFTER words count: stop there.
  hashWordsInto(text, end, to, out, WORDS_AFTER);
}

/** What the last `locate` found: the entry's name and the index of its first ('first') or last ('last') word. */
let hitName = '';
let hitIndex = -1;

/**
 * Where a context word or phrase occurs in words[from, to): the first occurrence (index of its first word) or the
 * last one (index of its last word), i.e. the one nearest to a match that follows or precedes the words. Returns
 * whether one was found; the entry and its index (relative to `from`) are left in hitName and hitIndex.
 */
function locate(words: Int32Array, from: number, to: number, list: ContextList, first: boolean): boolean {
  let found = false;
  const length = to - from;
  const byFirst = list.phrasesByFirst.size > 0 ? list.phrasesByFirst : undefined;
  const filter = list.filter;
  for (let i = 0; i < length; i++) {
    const word = words[from + i]!;
    if (!filterHas(filter, word)) continue;
    let hit = false;
    let name = '';
    let index = 0;
    if (list.words.has(word)) {
      hit = true;
      name = list.names.get(word) ?? '';
      index = i;
    }
    const phrases = byFirst?.get(word);
    if (phrases !== undefined) {
      for (const phrase of phrases) {
        if (i + phrase.length > length) continue;
        let matches = true;
        for (let k = 1; k < phrase.length && matches; k++) matches = words[from + i + k] === phrase[k];
        if (matches) {
          hit = true;
          name = list.names.get(phrase) ?? '';
          index = first ? i : i + phrase.length - 1;
        }
      }
    }
    if (hit) {
      hitName = name;
      hitIndex = index;
      if (first) return true;
      found = true;
    }
  }
  // 'last': hitName/hitIndex hold the last hit (a later word overwrote an earlier one).
  return found;
}

/**
 * The words around the positions asked for last: the candidates of one anchor (an SSN, a passport and a
 * bank-number reading of the same 9 digits) share their start, so their context is read once.
 */
export class ContextWindow {
  private beforeAt = -1;
  private readonly before: HashList = newHashList();
  private afterAt = -1;
  private readonly after: HashList = newHashList();
  constructor(readonly text: string) {}
  /** The hashes of the words before `start`, nearest last (valid until the next call). */
  wordsBefore(start: number): HashList {
    if (start !== this.beforeAt) {
      hashesBefore(this.text, start, this.before);
      this.beforeAt = start;
    }
    return this.before;
  }
  /** The hashes of the words after `end`, nearest first (valid until the next call). */
  wordsAfter(end: number): HashList {
    if (end !== this.afterAt) {
      hashesAfter(this.text, end, this.after);
      this.afterAt = end;
    }
    return this.after;
  }
}

/** Whether a word or phrase of `list` is among the words just before `start`. */
export function hasContextBefore(
  text: string,
  start: number,
  list: ContextList,
  window?: ContextWindow,
): boolean {
  // The scan's window when given: the other readings of the same number then find its words already hashed.
  const before = window ? window.wordsBefore(start) : sharedBefore;
  if (!window) hashesBefore(text, start, sharedBefore);
  return locate(before.items, 0, before.length, list, false);
}
const sharedBefore = newHashList();

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
  // More order, invoice and reference labels (German, Dutch, Portuguese, Spanish, French). Not the delivery words
  // ("envío", "livraison", "Lieferung"): they come before the customer's address, which they must not lower.
  'auftrag',
  'auftragsnummer',
  'bestellnummer',
  'rechnungsnummer',
  'bestelling',
  'factuur',
  'encomenda',
  'referencia',
  'referência',
  'référence',
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

/** The verdict of the last `judge` call, as scalars (no object per candidate). */
export const judged = {
  /** The positive context word found ('' when none): the nearest one. */
  positive: '',
  near: false,
  distance: 0,
  /** The negative context word found ('' when none). */
  negative: '',
};

/**
 * judgeContext without the verdict object: the result is left in `judged`. Returns early (without looking for
 * negative context) when a positive word is required and missing.
 */
export function judge(
  start: number,
  end: number,
  positive: ContextList,
  window: ContextWindow,
  positiveRequired: boolean,
): void {
  const before = window.wordsBefore(start);
  const count = before.length;
  judged.positive = '';
  judged.near = false;
  judged.distance = 0;
  judged.negative = '';
  const hasWords = positive.words.size > 0 || positive.phrases.length > 0;
  let beforeName = '';
  let beforeIndex = -1;
  if (hasWords && locate(before.items, 0, count, positive, false)) {
    beforeName = hitName;
    beforeIndex = hitIndex;
    judged.positive = hitName;
    judged.distance = count - hitIndex;
    judged.near = judged.distance <= NEAR_WORDS;
  }
  if (hasWords && !judged.near) {
    const after = window.wordsAfter(end);
    if (locate(after.items, 0, after.length, positive, true) && (beforeIndex < 0 || hitIndex < NEAR_WORDS)) {
      judged.positive = hitName;
      judged.distance = hitIndex + 1;
      judged.near = hitIndex < NEAR_WORDS;
    }
  }
  // Most bare numbers have no label at all: when a positive word is required and missing, stop here.
  if (positiveRequired && !judged.positive) return;
  const labels = count > NEGATIVE_WORDS_BEFORE ? NEGATIVE_WORDS_BEFORE : count;
  if (locate(before.items, count - labels, count, NEGATIVE_CONTEXT, false)) {
    judged.negative = hitName;
    // The nearest label names the value: "card … order 4532…" is an order number.
    const negativeDistance = labels - hitIndex;
    if (beforeIndex >= 0 && judged.positive === beforeName && negativeDistance < count - beforeIndex) {
      judged.positive = '';
      judged.near = false;
      judged.distance = 0;
    }
  }
}

export function judgeContext(
  text: string,
  start: number,
  end: number,
  positive: ContextList,
  window: ContextWindow = new ContextWindow(text),
  positiveRequired = false,
): ContextVerdict {
  judge(start, end, positive, window, positiveRequired);
  const verdict: ContextVerdict = {};
  if (judged.positive) {
    verdict.positive = judged.positive;
    verdict.distance = judged.distance;
    verdict.near = judged.near;
  }
  if (judged.negative) verdict.negative = judged.negative;
  return verdict;
}
