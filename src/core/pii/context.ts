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

/** FNV-1a over lowercase UTF-16 code units. */
const FNV_OFFSET = 0x811c9dc5 | 0;
function mix(hash: number, code: number): number {
  return Math.imul(hash ^ code, 16777619);
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
 * between two of them is skipped, so "driver's" hashes as "drivers".
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
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let hash = FNV_OFFSET;
    while (i < to) {
      const code = text.charCodeAt(i);
      const folded = code < 128 ? ASCII_WORD_LOWER[code]! : 0;
      if (folded !== 0) {
        // ASCII letter or digit: the common case, one table look-up.
        hash = Math.imul(hash ^ folded, 16777619);
        i++;
      } else if (code >= 128 && isWordChar(code)) {
        hash = mix(hash, lower(code));
        i++;
      } else if (isApostrophe(code) && i + 1 < to && isWordChar(text.charCodeAt(i + 1))) i++;
      else break;
    }
    // Thirty bits keep the hash a small integer in V8: no boxing, fast set lookups.
    pushHash(out, hash & 0x3fffffff);
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

/** The word hashes just before `start` (nearest last), never a word cut in half by the window's edge. */
function hashesBefore(text: string, start: number, out: HashList): void {
  let from = Math.max(0, start - CONTEXT_CHARS_BEFORE);
  if (from > 0)
    while (from < start && isWordChar(text.charCodeAt(from - 1)) && isWordChar(text.charCodeAt(from))) from++;
  // One forward pass over the window; only the last WORDS_BEFORE words count.
  BEFORE_SCRATCH.length = 0;
  hashWordsInto(text, from, start, BEFORE_SCRATCH);
  const skip = BEFORE_SCRATCH.length > WORDS_BEFORE ? BEFORE_SCRATCH.length - WORDS_BEFORE : 0;
  out.length = 0;
  for (let k = skip; k < BEFORE_SCRATCH.length; k++) pushHash(out, BEFORE_SCRATCH.items[k]!);
}
const BEFORE_SCRATCH = newHashList();

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
