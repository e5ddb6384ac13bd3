/**
 * The single pass over the text. Irregexp jumps from one digit or '@' to the next (plain prose, most of a ticket,
 * is skipped natively); each word holding a digit is walked back to its start and offered once to the detectors
 * that can match it: digit runs to the number detectors, mixed words to the token detectors, '@' to the email
 * detector. Two more searches find trigger words ("password", "born", "cvv") and the prefixes of vendor keys.
 *
 * Every anchor (where a detector starts looking) is decided by a few characters before it (MAX_LOOK_BEHIND), and a
 * detector's match and context never reach further than MAX_REACH from its anchor. Scanning a slice of anchors
 * therefore gives exactly the findings a full scan gives for those anchors — which is what lets the composer
 * re-scan only the region around an edit (incremental.ts).
 */
import { CONTEXT_CHARS_AFTER, CONTEXT_CHARS_BEFORE, ContextWindow } from './context.ts';
import {
  type AtDetector,
  type Detector,
  type KeywordDetector,
  MAX_MATCH_BEFORE_ANCHOR,
  type NumberDetector,
  type NumericRun,
  type ScanContext,
  type TextDetector,
  type Token,
  type TokenDetector,
} from './detectors/detector.ts';
import { nameBefore, typeAfterNumber } from './detectors/street-address-europe.ts';
import { type Candidate, type ScoredCandidate, scoreCandidate } from './scoring.ts';

/** A match never ends further than this after its anchor (text detectors excepted). */
export const MAX_MATCH_AFTER_ANCHOR = 256;
export { MAX_MATCH_BEFORE_ANCHOR } from './detectors/detector.ts';

/** How far back the rules deciding an anchor look (a digit run before a separator, hex groups before a digit). */
const MAX_LOOK_BEHIND = 48;
/** How far an edit can change the findings of an anchor, in either direction. */
export const MAX_REACH =
  MAX_MATCH_AFTER_ANCHOR +
  MAX_MATCH_BEFORE_ANCHOR +
  CONTEXT_CHARS_BEFORE +
  CONTEXT_CHARS_AFTER +
  MAX_LOOK_BEHIND;

/** Digit runs longer than this are data dumps (hashes, serials), not identifiers: skipped whole. */
const MAX_RUN_DIGITS = 40;
const MAX_RUN_GROUPS = 12;

// Character classes for the ASCII range; everything else (accents, CJK, emoji) is "other".
const DIGIT = 1;
const UPPER = 2;
const LOWER = 4;
const UNDERSCORE = 8;
const WORD = DIGIT | UPPER | LOWER | UNDERSCORE;
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER;
for (let c = 97; c <= 122; c++) CLASS[c] = LOWER;
CLASS[95] = UNDERSCORE;

const classOf = (code: number) => (code < 128 ? CLASS[code]! : 0);
const isDigit = (code: number) => code >= 48 && code <= 57;

/** Separators allowed between digit groups: space, '-', '.', '/', '(' and ')'; at most two in a row. */
const isGroupSeparator = (code: number) =>
  code === 32 || code === 45 || code === 46 || code === 47 || code === 40 || code === 41;
/** A digit right after one of these and a digit is inside a number ("12:30", "1,234", "4111 1111"). */
const isJoiner = (code: number) => isGroupSeparator(code) || code === 44 || code === 58;

export interface CompiledDetectors {
  numbers: NumberDetector[];
  /** The number detectors' entry points and minimum digits, in the same order (no property look-up per run). */
  numberCalls: Array<NumberDetector['onNumber']>;
  numberMinDigits: number[];
  tokens: TokenDetector[];
  tokenCalls: Array<TokenDetector['onToken']>;
  tokenMinLength: number[];
  tokenMaxLength: number[];
  keywords: Map<string, KeywordDetector[]>;
  /** The keywords as one search (case-insensitive whole words); undefined when no keyword detector runs. */
  keywordPattern: RegExp | undefined;
  ats: AtDetector[];
  texts: TextDetector[];
}

export function compileDetectors(detectors: readonly Detector[]): CompiledDetectors {
  const compiled: CompiledDetectors = {
    numbers: [],
    numberCalls: [],
    numberMinDigits: [],
    tokens: [],
    tokenCalls: [],
    tokenMinLength: [],
    tokenMaxLength: [],
    keywords: new Map(),
    keywordPattern: undefined,
    ats: [],
    texts: [],
  };
  for (const detector of detectors) {
    switch (detector.kind) {
      case 'number':
        compiled.numbers.push(detector);
        compiled.numbers.sort((a, b) => a.minDigits - b.minDigits);
        break;
      case 'token':
        compiled.tokens.push(detector);
        break;
      case 'keyword':
        for (const keyword of detector.keywords) {
          const list = compiled.keywords.get(keyword) ?? [];
          list.push(detector);
          compiled.keywords.set(keyword, list);
        }
        break;
      case 'at':
        compiled.ats.push(detector);
        break;
      case 'text':
        compiled.texts.push(detector);
        break;
    }
  }
  compiled.numberCalls = compiled.numbers.map((detector) => detector.onNumber.bind(detector));
  compiled.numberMinDigits = compiled.numbers.map((detector) => detector.minDigits);
  compiled.tokenCalls = compiled.tokens.map((detector) => detector.onToken.bind(detector));
  compiled.tokenMinLength = compiled.tokens.map((detector) => detector.minLength);
  compiled.tokenMaxLength = compiled.tokens.map((detector) => detector.maxLength);
  // Longest first, so "birthday" is not cut to "birth"; \b makes the keyword the whole word.
  const words = [...compiled.keywords.keys()].sort((a, b) => b.length - a.length);
  if (words.length) compiled.keywordPattern = new RegExp(`\\b(?:${words.join('|')})\\b`, 'gi');
  return compiled;
}

/** A raw finding plus the anchor it came from (the incremental scanner keeps them by anchor). */
export type AnchoredFinding = ScoredCandidate;

/**
 * Where the words worth a look are: at their first digit (the word is then walked back to its start) and at '@'.
 * Irregexp skips the plain prose in between natively, several times faster than a JavaScript loop over each
 * character would.
 */
const DIGIT_OR_AT = /[\d@]/g;
/**
 * Vendor key prefixes, for the rare key whose random part happens to contain no digit: found by String#indexOf
 * of a rare mark each holds (far faster than a search with alternatives, which tries every position), then
 * checked exactly, case-sensitively, at a word start.
 */
const KEY_PREFIX_AT = /(?:AKIA|ASIA|[sr]k_(?:live|test)_|gh[pousr]_|github_pat_|AIza|xox[abprs]-)/y;
/** The marks, and how far before each the prefix may start: sk_live_/rk_test_ (2), gh?_ (3), github_pat_ (6). */
const KEY_PREFIX_MARKS: ReadonlyArray<readonly [mark: string, backs: readonly number[]]> = [
  ['AKIA', [0]],
  ['ASIA', [0]],
  ['AIza', [0]],
  ['xox', [0]],
  ['_', [2, 3, 6]],
];

/** Where a vendor key prefix starts a word in [from, to), ascending (the text is read up to `limit`). */
function keyPrefixStarts(text: string, from: number, to: number, limit: number): number[] {
  const starts: number[] = [];
  const view = prefixView(text, limit);
  for (const [mark, backs] of KEY_PREFIX_MARKS) {
    const furthestBack = backs[backs.length - 1]!;
    for (
      let at = view.indexOf(mark, from);
      at >= 0 && at - furthestBack < to;
      at = view.indexOf(mark, at + 1)
    ) {
      for (const back of backs) {
        const start = at - back;
        if (start < from || start >= to || isWordCode(text.charCodeAt(start - 1))) continue;
        KEY_PREFIX_AT.lastIndex = start;
        if (KEY_PREFIX_AT.test(view) && !starts.includes(start)) starts.push(start);
      }
    }
  }
  return starts.sort((a, b) => a - b);
}
/** A word longer than this is a hash or Base64 blob, not an identifier: its start is not searched for. */
const MAX_TOKEN_LENGTH = 256;

const isWordCode = (code: number) => code < 128 && (CLASS[code]! & WORD) !== 0;
const isHexLetter = (code: number) => (code >= 65 && code <= 70) || (code >= 97 && code <= 102);

function wordEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isWordCode(text.charCodeAt(end))) end++;
  return end;
}

/**
 * The start of the letters-only hex groups ("AB:CD:" in "AB:CD:12:…") joined by ':' or '-' right before
 * `tokenStart`, or -1. No trigger lands on them (they have no digit), so the digit after them brings them in.
 * Looks back over at most eight groups of four.
 */
function hexChainStart(text: string, tokenStart: number): number {
  let found = -1;
  let at = tokenStart;
  for (let groups = 0; groups < 8; groups++) {
    const sep = text.charCodeAt(at - 1);
    if (sep !== 58 && sep !== 45) break;
    let groupStart = at - 1;
    while (groupStart > 0 && at - 1 - groupStart < 4 && isHexLetter(text.charCodeAt(groupStart - 1)))
      groupStart--;
    if (groupStart === at - 1 || isWordCode(text.charCodeAt(groupStart - 1))) break;
    found = groupStart;
    at = groupStart;
  }
  return found;
}
const isUpper = (code: number) => code >= 65 && code <= 90;

/** Room after the range for a keyword or key prefix that starts inside it. */
const KEYWORD_MARGIN = 32;

/**
 * The text up to `length`: a global regex searches to the end of its input, so an incremental re-scan of a few
 * hundred characters would otherwise search the rest of the draft on every keystroke. Offsets are unchanged.
 */
function prefixView(text: string, length: number): string {
  return length < text.length ? text.slice(0, length) : text;
}

function countDigits(text: string, from: number, to: number): number {
  let digits = 0;
  for (let k = from; k < to; k++) if (isDigit(text.charCodeAt(k))) digits++;
  return digits;
}

/**
 * The scan context handed to the detectors: scores each candidate and collects the findings. One class (not an
 * object literal with a closure per scan), so that `scan.emit` is the same function in every scan and V8 keeps
 * the detectors' calls to it optimised from one scan to the next.
 */
class Collector implements ScanContext {
  /** Where the detectors being called started looking (set by the scanner before each call). */
  anchor = 0;
  /** The detectors are reading a digit run from one of its later groups (set by the scanner). */
  midRun = false;
  /** Where that digit run starts (set with midRun): the label before the run is the one its values share. */
  runStart = -1;
  readonly found: AnchoredFinding[] = [];
  readonly window: ContextWindow;
  constructor(
    readonly text: string,
    readonly region: string,
    /** Whole-text detectors: each finding is its own anchor. */
    private readonly anchorIsStart: boolean,
    readonly phoneRegions: readonly string[] = [],
  ) {
    this.window = new ContextWindow(text);
  }
  emit(candidate: Candidate): void {
    const anchor = this.anchorIsStart ? candidate.start : this.anchor;
    const finding = scoreCandidate(
      this.text,
      candidate,
      this.window,
      anchor,
      this.midRun,
      this.midRun && this.runStart >= 0 && this.runStart < candidate.start ? this.runStart : candidate.start,
    );
    if (finding) this.found.push(finding);
  }
}

/**
 * Scores and collects the candidates of the anchors in [from, to). The whole text stays visible to the
 * detectors, so matches and context may extend beyond the range.
 */
export function scanAnchors(
  text: string,
  detectors: CompiledDetectors,
  region: string,
  from: number,
  to: number,
  phoneRegions: readonly string[] = [],
): AnchoredFinding[] {
  const scan = new Collector(text, region, false, phoneRegions);
  const found = scan.found;
  const start = Math.max(0, from);
  const end = Math.min(to, text.length);

  // Keywords are handled now; key prefixes after the digit pass (the order findings are reported in).
  const words = detectors.keywordPattern;
  if (words) {
    words.lastIndex = start;
    const view = prefixView(text, end + KEYWORD_MARGIN);
    for (let match = words.exec(view); match && match.index < end; match = words.exec(view)) {
      const found = match[0];
      scan.anchor = match.index;
      const keyword = found.toLowerCase();
      for (const detector of detectors.keywords.get(keyword) ?? []) {
        detector.onKeyword(keyword, match.index, match.index + found.length, scan);
      }
    }
  }

  // Anchors can sit a little before the word that brings them in (hex groups, "AB " before NINO digits).
  const inRange = (at: number) => at >= start && at < end;
  const skipContinuation = (run: NumericRun | undefined) => {
    if (run === undefined) return;
    const resume = continuationEnd(run);
    if (resume > DIGIT_OR_AT.lastIndex) DIGIT_OR_AT.lastIndex = resume;
  };
  DIGIT_OR_AT.lastIndex = start;
  const triggers = prefixView(text, end + MAX_TOKEN_LENGTH);
  // test() rather than exec(): no match array per trigger, the position is lastIndex - 1 (triggers are one character).
  while (DIGIT_OR_AT.test(triggers)) {
    const at = DIGIT_OR_AT.lastIndex - 1;
    if (text.charCodeAt(at) === 64) {
      if (inRange(at)) {
        scan.anchor = at;
        for (const detector of detectors.ats) detector.onAt(at, scan);
      }
      continue;
    }
    // The word around the digit: back to its start, forward to its end (counting its digits on the way); the
    // next search starts after it.
    let tokenStart = at;
    let digits = 1;
    const limit = Math.max(0, at - MAX_TOKEN_LENGTH);
    for (; tokenStart > limit; tokenStart--) {
      const code = text.charCodeAt(tokenStart - 1);
      if (code >= 128) break;
      const kind = CLASS[code]!;
      if ((kind & WORD) === 0) break;
      if (kind === DIGIT) digits++;
    }
    let tokenEnd = at + 1;
    for (; tokenEnd < text.length; tokenEnd++) {
      const code = text.charCodeAt(tokenEnd);
      if (code >= 128) break;
      const kind = CLASS[code]!;
      if ((kind & WORD) === 0) break;
      if (kind === DIGIT) digits++;
    }
    DIGIT_OR_AT.lastIndex = tokenEnd;
    if (tokenStart >= end + MAX_LOOK_BEHIND) break;
    const first = text.charCodeAt(tokenStart);
    if (tokenStart === limit && isWordCode(text.charCodeAt(limit - 1))) continue; // a blob, not an identifier
    const before = text.charCodeAt(tokenStart - 1);
    // (A hex chain needs a hex letter right before the ':' or '-': "10:45" and "555-0142" have a digit there.)
    if ((before === 58 || before === 45) && isHexLetter(text.charCodeAt(tokenStart - 2))) {
      // "AB:CD:12:…": letter-only hex groups before this word start a MAC or IPv6 address.
      const hexStart = hexChainStart(text, tokenStart);
      if (hexStart >= 0 && inRange(hexStart)) {
        scan.anchor = hexStart;
        scanToken(text, hexStart, wordEnd(text, hexStart), 0, detectors, scan);
      }
    }
    if (isDigit(first)) {
      // "+44 20…", "(212) 555…": the number's anchor is the '+' or '(' before it.
      if ((before === 43 || before === 40) && startsHere(text, tokenStart - 1)) {
        scan.anchor = tokenStart - 1;
        if (inRange(scan.anchor)) skipContinuation(scanNumber(text, scan.anchor, detectors, scan));
        continue;
      }
      // "415 555 2671 4111 1111 1111 1111", "4111111111111111,4012888888881881": a group after a space or a comma
      // inside a digit run may start a value of its own, whatever the groups before it are. It gets a number
      // reading (the detectors judge it; overlap resolution keeps the best readings of the whole run), but is no
      // word of its own for the token detectors.
      const midRun = !startsHere(text, tokenStart);
      if (midRun && before !== 32 && before !== 44) continue;
      // "AB 12 34 56 C" (or "ab 12 34 56 c", typed in lower case): the two letters before the digits start a
      // National Insurance number.
      const letters = tokenStart - 3;
      if (
        !midRun &&
        before === 32 &&
        inRange(letters) &&
        isAsciiLetter(text.charCodeAt(letters)) &&
        isAsciiLetter(text.charCodeAt(letters + 1)) &&
        !isWordCode(text.charCodeAt(letters - 1))
      ) {
        scan.anchor = letters;
        scanToken(text, letters, letters + 2, 0, detectors, scan);
      }
      if (!inRange(tokenStart)) continue;
      scan.anchor = tokenStart;
      scan.midRun = midRun;
      scan.runStart = midRun ? digitRunStart(text, tokenStart) : -1;
      const run = scanNumber(
        text,
        tokenStart,
        detectors,
        scan,
        digits === tokenEnd - tokenStart ? tokenEnd : -1,
      );
      scan.midRun = false;
      if (!midRun) scanToken(text, tokenStart, tokenEnd, digits, detectors, scan);
      skipContinuation(run);
    } else if (inRange(tokenStart)) {
      scan.anchor = tokenStart;
      scanToken(text, tokenStart, tokenEnd, digits, detectors, scan);
    }
  }

  const prefixStarts = detectors.tokens.length ? keyPrefixStarts(text, start, end, end + KEYWORD_MARGIN) : [];
  for (const prefixStart of prefixStarts) {
    const tokenEnd = wordEnd(text, prefixStart);
    // Words with a digit were offered by the pass above.
    if (countDigits(text, prefixStart, tokenEnd) > 0 || tokenEnd - prefixStart > MAX_TOKEN_LENGTH) continue;
    scan.anchor = prefixStart;
    scanToken(text, prefixStart, tokenEnd, 0, detectors, scan);
  }
  return found;
}

/** Whole-text detectors (PEM blocks, JWTs): their matches can be thousands of characters long. */
export function scanTextDetectors(
  text: string,
  detectors: CompiledDetectors,
  region: string,
): AnchoredFinding[] {
  const scan = new Collector(text, region, true);
  for (const detector of detectors.texts) detector.scanText(scan);
  return scan.found;
}

/**
 * Whether position i can start a number or a token: not inside a word, and not a digit group continuing a number
 * ("1111" in "4111 1111", "30" in "12:30"). Looks back over at most one digit run (MAX_LOOK_BEHIND).
 */
function startsHere(text: string, i: number): boolean {
  if (i === 0) return true;
  const before = text.charCodeAt(i - 1);
  if (classOf(before) & WORD) return false;
  if (!isDigit(text.charCodeAt(i))) return true;
  if (before === 43 || before === 40) return false;
  if (!(isJoiner(before) && i >= 2 && isDigit(text.charCodeAt(i - 2)))) return true;
  // The digit before the joiner may end a word ("ipv6 2001:…"), which does not make this a continuation.
  let k = i - 2;
  const limit = Math.max(0, i - 2 - MAX_RUN_DIGITS);
  while (k > limit && isDigit(text.charCodeAt(k - 1))) k--;
  return k > 0 && (classOf(text.charCodeAt(k - 1)) & (UPPER | LOWER | UNDERSCORE)) !== 0;
}

/**
 * Whether a number can start any value at all. Most numbers in a ticket are short and stand alone ("3 days",
 * "$25", "10:45 today" ends at the colon's second group): every number shape needs six digits or more, a
 * separator or colon followed by more digits, or — house numbers — a capitalised word or unit letter after it.
 * This look at the next two characters spares parsing the rest.
 */
function mayStartValue(text: string, start: number, digitsEnd: number): boolean {
  const first = text.charCodeAt(start);
  if (first === 43 || first === 40) return true;
  // "::1": an IPv6 address that starts with its '::'.
  if (text.charCodeAt(start - 1) === 58 && text.charCodeAt(start - 2) === 58) return true;
  const i = digitsEnd;
  if (i - start >= 6) return true;
  const next = text.charCodeAt(i);
  const after = text.charCodeAt(i + 1);
  if (next === 32 && (isDigit(after) || isUpper(after) || after === 40 || after === 45)) return true;
  if (next === 44 && after === 32) return true;
  if (isGroupSeparator(next) || next === 58) return true;
  if ((classOf(next) & (UPPER | LOWER)) !== 0 && (after === 32 || after === 44)) return true;
  // The house numbers of streets written name first ("Calle Mayor 5", "Hauptstraße 12", "Av. Paulista, 1578")
  // and of the French order ("10 rue de Rivoli"), last: most short numbers are turned away before.
  return i - start <= 4 && (typeAfterNumber(text, i) || nameBefore(text, start) !== undefined);
}

/** Offers the number at `start` to the number detectors; returns the run they read (undefined: none). */
function scanNumber(
  text: string,
  start: number,
  detectors: CompiledDetectors,
  scan: ScanContext,
  knownDigitsEnd = -1,
): NumericRun | undefined {
  if (!detectors.numbers.length) return undefined;
  // Where the digits from `start` end: known to the caller when the word around them holds only digits.
  let digitsEnd = knownDigitsEnd;
  if (digitsEnd < 0) {
    digitsEnd = start;
    while (isDigit(text.charCodeAt(digitsEnd))) digitsEnd++;
  }
  if (!mayStartValue(text, start, digitsEnd)) return undefined;
  const run = parseRun(text, start, scratch, digitsEnd);
  if (!run) return undefined;
  // Sorted by minDigits: the short times, prices and counts of a ticket stop after a detector or two.
  const calls = detectors.numberCalls;
  const minDigits = detectors.numberMinDigits;
  for (let k = 0; k < calls.length; k++) {
    if (minDigits[k]! > run.digits) break;
    calls[k]!(run, scan);
  }
  return run;
}

const isAsciiLetter = (code: number) => (code | 32) >= 97 && (code | 32) <= 122;

/**
 * The start of the digit run a later group belongs to: back over its groups and the single separators (space,
 * dash, dot, comma) between them. Bounded: a run is at most a few dozen characters worth reading.
 */
function digitRunStart(text: string, groupStart: number): number {
  let at = groupStart;
  for (let steps = 0; steps < 64 && at > 1; steps++) {
    const sep = text.charCodeAt(at - 1);
    const isSep = sep === 32 || sep === 45 || sep === 46 || sep === 44;
    if (!isSep || !isDigit(text.charCodeAt(at - 2))) break;
    at -= 2;
    while (at > 0 && isDigit(text.charCodeAt(at - 1))) at--;
  }
  return at;
}

/**
 * Where the trigger search may resume after a number: the end of its last group reached through one-character
 * separators other than a space. Each of those groups is glued to the number ("1111" in "4111-1111", "0" in
 * "10.0"), so it never starts a value (startsHere), and no hex chain ends right before it: visiting them would
 * find nothing. A group after a space or a two-character separator (") " in "(212) 555-0142") can start a new
 * reading and is visited as usual.
 */
function continuationEnd(run: NumericRun): number {
  const seps = run.seps;
  let last = 0;
  while (last < seps.length && seps[last]!.length === 1 && seps[last] !== ' ') last++;
  return last > 0 ? run.groupEnds[last]! : -1;
}

/** The one NumericRun the scanner fills for each digit run: detectors read it during their call and keep nothing. */
const scratch: NumericRun = {
  start: 0,
  plus: false,
  paren: false,
  groupStarts: [],
  groupEnds: [],
  seps: [],
  before: '',
  gluedToWord: false,
  digits: 0,
  firstGroup: '',
};

/** The one-character separators as strings, without a substring per separator. */
const SEPARATOR_TEXT: readonly string[] = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));

/** Reads the digit groups from `start`; undefined for runs too long to be one identifier. */
export function parseRun(
  text: string,
  start: number,
  run: NumericRun = scratch,
  /** The end of the digits from `start`, when the caller has read them already (start must then be a digit). */
  firstDigitsEnd = -1,
): NumericRun | undefined {
  let i = start;
  const plus = text.charCodeAt(i) === 43;
  if (plus) i++;
  const paren = text.charCodeAt(i) === 40;
  if (paren) i++;
  run.start = start;
  run.plus = plus;
  run.paren = paren;
  // Reused, not reallocated: detectors read the run during their call and keep nothing.
  // (pop() rather than `length = 0`, which V8 runs as a slow runtime call.)
  const { groupStarts, groupEnds, seps } = run;
  while (groupStarts.length) groupStarts.pop();
  while (groupEnds.length) groupEnds.pop();
  while (seps.length) seps.pop();
  run.before = start > 0 ? text[start - 1]! : '';
  let digits = 0;
  for (;;) {
    const groupStart = i;
    if (groupStart === start && firstDigitsEnd > start) i = firstDigitsEnd;
    else while (isDigit(text.charCodeAt(i))) i++;
    digits += i - groupStart;
    if (digits > MAX_RUN_DIGITS || run.groupStarts.length >= MAX_RUN_GROUPS) {
      // A first group this long is a data dump, not an identifier. Past the first, the run is read up to here:
      // the later groups get readings of their own (each group after a space is an anchor), so a card in a
      // long row of numbers is still found.
      if (run.groupStarts.length === 0) return undefined;
      digits -= i - groupStart;
      i = run.groupEnds[run.groupEnds.length - 1]!;
      run.seps.pop();
      break;
    }
    run.groupStarts.push(groupStart);
    run.groupEnds.push(i);
    let next = i;
    while (next < i + 2 && isGroupSeparator(text.charCodeAt(next))) next++;
    if (next === i || !isDigit(text.charCodeAt(next))) break;
    run.seps.push(next === i + 1 ? SEPARATOR_TEXT[text.charCodeAt(i)]! : text.slice(i, next));
    i = next;
  }
  run.gluedToWord = (classOf(text.charCodeAt(i)) & (UPPER | LOWER | UNDERSCORE)) !== 0;
  run.digits = digits;
  run.firstGroup = '';
  return run;
}

const scratchToken: Token = { start: 0, end: 0, value: '', digits: 0, letters: 0 };

function scanToken(
  text: string,
  start: number,
  end: number,
  digits: number,
  detectors: CompiledDetectors,
  scan: ScanContext,
): void {
  if (digits === end - start || !detectors.tokens.length) return; // pure digits: the number detectors had them
  // One token object, refilled: detectors read it during their call and keep nothing.
  const token = scratchToken;
  token.start = start;
  token.end = end;
  token.value = text.slice(start, end);
  token.digits = digits;
  token.letters = end - start - digits;
  const calls = detectors.tokenCalls;
  const minLength = detectors.tokenMinLength;
  const maxLength = detectors.tokenMaxLength;
  const length = end - start;
  for (let k = 0; k < calls.length; k++) {
    if (length >= minLength[k]! && length <= maxLength[k]!) calls[k]!(token, scan);
  }
}
