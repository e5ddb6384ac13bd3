/**
 * Payment cards: 12–19 digits, plain or grouped with one kind of separator, a known issuer range and a valid Luhn
 * check digit. The expiry date and CVV are only reported right after a card number or after their own label
 * ("exp", "CVV", "security code"): a lone "12/27" or "123" is nobody's secret.
 */
import { luhn } from '../checksums.ts';
import { contextList } from '../context.ts';
import {
  endsCleanly,
  type KeywordDetector,
  type NumberDetector,
  type NumericRun,
  type ScanContext,
} from './detector.ts';

const CARD_CONTEXT = contextList([
  'card',
  'cards',
  'credit',
  'debit',
  'visa',
  'mastercard',
  'amex',
  'american express',
  'discover',
  'maestro',
  'jcb',
  'cc',
  'ccn',
  'payment',
  'charged',
  'billing',
]);
const NO_CONTEXT = contextList([]);
/** A card-length Luhn number outside the known ranges, beside a card word: 0.9 (0.8 a few words away), below 1. */
const UNKNOWN_RANGE_BASE = 0.55;

/** Whether the number falls in a range an issuer uses for that length. */
export function knownIssuer(digits: string): boolean {
  return issuerFits(
    digits.length,
    digits[0] === '4',
    Number(digits.slice(0, 2)),
    Number(digits.slice(0, 3)),
    Number(digits.slice(0, 4)),
    Number(digits.slice(0, 6)),
  );
}

/** knownIssuer from the number's length, whether it starts with 4, and its first two, three, four and six digits. */
function issuerFits(
  length: number,
  startsWith4: boolean,
  two: number,
  three: number,
  four: number,
  six: number,
): boolean {
  if (startsWith4) return length === 13 || length === 16 || length === 19; // Visa
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return length === 16; // Mastercard
  if (two === 34 || two === 37) return length === 15; // American Express
  if (four >= 2200 && four <= 2204) return length >= 16; // Mir
  if (four === 6011 || two === 65 || (three >= 644 && three <= 649) || (six >= 622126 && six <= 622925)) {
    return length >= 16; // Discover
  }
  if ((three >= 300 && three <= 305) || two === 36 || two === 38 || two === 39 || four === 3095) {
    return length >= 14; // Diners Club
  }
  if (four >= 3528 && four <= 3589) return length >= 16; // JCB
  if (four === 1800 || four === 2131) return length === 15; // JCB's legacy 15-digit ranges
  if (two === 62 || two === 60 || two === 81 || two === 82) return length >= 16; // UnionPay, RuPay
  if (two === 50 || (two >= 56 && two <= 69)) return length >= 12; // Maestro
  return false;
}

/**
 * A number that sits in a URL or a path ("…/orders/4111…", "?id=4111…", "#4111") is an id, never a card. After '='
 * only inside a URL: a form's "card=4111…" or "aadhaar=2345…", typed or pasted as key=value, is the customer's data.
 */
export function inUrl(text: string, start: number): boolean {
  const before = text.charCodeAt(start - 1);
  if (before === 47 || before === 63 || before === 35) return true; // / ? #
  if (before !== 61 && before !== 38) return false; // = &
  // The word the value is glued to: a URL's has its '?' (or its path) before the key. (The look back stays well
  // within the scanner's MAX_REACH, which the composer's incremental re-scan relies on.)
  for (let at = start - 2; at >= 0 && start - at < 160; at--) {
    const code = text.charCodeAt(at);
    if (code === 32 || code === 10 || code === 9 || code === 13 || code === 34 || code === 39 || code === 60)
      return false;
    if (code === 63 || code === 47) return true;
  }
  return false;
}

/**
 * How many groups of the run form the card number (0: none). Allocation-free: it runs for every long number.
 * `knownRange` false: a number of card length (13–19 digits) that passes Luhn in a range the issuer table does not
 * know (a new range, a private-label card), which counts only next to a card word, at a lower score.
 */
function cardPrefix(text: string, run: NumericRun, knownRange = true): number {
  let digits = 0;
  let best = 0;
  const sep = run.seps[0];
  for (let k = 1; k <= run.groupStarts.length; k++) {
    const length = run.groupEnds[k - 1]! - run.groupStarts[k - 1]!;
    digits += length;
    if (digits > 19) break;
    // Grouped cards use one separator, a space or a dash, between groups of at least three digits.
    if (k > 1 && (length < 3 || run.seps[k - 2] !== sep || (sep !== ' ' && sep !== '-'))) break;
    // Every way a card is written in groups starts with four digits (4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3): a run read
    // from "476 5919 943 476", inside two NHS numbers side by side, is no card however its Luhn digit falls.
    if (k > 1 && run.groupEnds[0]! - run.groupStarts[0]! !== 4) break;
    if (digits < 12 || !endsCleanly(run, k)) continue;
    // "4111-1111-1111-1111-2" continues with the same dash: a longer reference, not a card.
    if (k > 1 && sep === '-' && run.seps[k - 1] === sep) continue;
    // The first six digits (a card run has twelve or more), as knownIssuer reads them, without a string.
    const six = leadingSix(text, run);
    const fits = issuerFits(
      digits,
      six >= 400000 && six <= 499999,
      Math.floor(six / 10000),
      Math.floor(six / 1000),
      Math.floor(six / 100),
      six,
    );
    if ((knownRange ? fits : !fits && digits >= 13) && runLuhn(text, run, k)) best = k;
  }
  return best;
}

/** The first six digits of the run as a number (its groups hold digits only; a card run has twelve or more). */
function leadingSix(text: string, run: NumericRun): number {
  let value = 0;
  let count = 0;
  for (let g = 0; g < run.groupStarts.length && count < 6; g++) {
    for (let i = run.groupStarts[g]!; i < run.groupEnds[g]! && count < 6; i++, count++) {
      value = value * 10 + text.charCodeAt(i) - 48;
    }
  }
  return value;
}

/** luhn() of the digits of the run's first `groups` groups, read in place. */
function runLuhn(text: string, run: NumericRun, groups: number): boolean {
  let sum = 0;
  let double = false;
  for (let g = groups - 1; g >= 0; g--) {
    for (let i = run.groupEnds[g]! - 1; i >= run.groupStarts[g]!; i--) {
      let d = text.charCodeAt(i) - 48;
      if (double) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      double = !double;
    }
  }
  return sum % 10 === 0;
}

export const creditCard: NumberDetector = {
  kind: 'number',
  id: 'credit-card',
  minDigits: 12,
  types: ['CREDIT_CARD', 'CARD_EXPIRY', 'CARD_CVV'],
  onNumber(run, scan) {
    if (run.plus || run.paren || inUrl(scan.text, run.start)) return;
    const known = cardPrefix(scan.text, run);
    const groups = known || cardPrefix(scan.text, run, false);
    if (!groups) return;
    const end = run.groupEnds[groups - 1]!;
    scan.emit({
      type: 'CREDIT_CARD',
      start: run.groupStarts[0]!,
      end,
      detector: 'credit-card',
      // Luhn alone passes one number in ten: without a known issuer range it is a card only beside a card word.
      base: known ? 0.5 : UNKNOWN_RANGE_BASE,
      checksum: known ? 'Luhn' : undefined,
      context: CARD_CONTEXT,
      needsContext: !known,
      contextGiven: undefined,
      negativeApplies: true,
    });
    // The expiry and CVV typed after it count only after a card of a known range (their own labels still do).
    if (known) emitDetailsAfterCard(run, groups, scan);
  },
};

/** "4111 1111 1111 1111 12/27 123": the expiry and CVV typed right after the number. */
function emitDetailsAfterCard(run: NumericRun, groups: number, scan: ScanContext): void {
  let g = groups;
  const length = (index: number) => run.groupEnds[index]! - run.groupStarts[index]!;
  const value = (index: number) => Number(scan.text.slice(run.groupStarts[index], run.groupEnds[index]));
  if (
    g + 1 < run.groupStarts.length &&
    run.seps[g] === '/' &&
    length(g) <= 2 &&
    value(g) >= 1 &&
    value(g) <= 12
  ) {
    const yearLength = length(g + 1);
    if ((yearLength === 2 || yearLength === 4) && endsCleanly(run, g + 2)) {
      emitDetail('CARD_EXPIRY', run.groupStarts[g]!, run.groupEnds[g + 1]!, 'card number', scan);
      g += 2;
    }
  }
  if (g < run.groupStarts.length && (length(g) === 3 || length(g) === 4) && endsCleanly(run, g + 1)) {
    if (g + 1 === run.groupStarts.length || run.seps[g] === ' ') {
      emitDetail('CARD_CVV', run.groupStarts[g]!, run.groupEnds[g]!, 'card number', scan);
    }
  }
}

/**
 * Reports an expiry date or CVV. `contextGiven` is the card number or the unambiguous label ("CVV") next to it;
 * without one, a card word must be near ("card expires 12/27"), since "expires 12/31" alone is an offer's date.
 */
function emitDetail(
  type: 'CARD_EXPIRY' | 'CARD_CVV',
  start: number,
  end: number,
  contextGiven: string | undefined,
  scan: ScanContext,
): void {
  scan.emit({
    type,
    start,
    end,
    detector: type === 'CARD_CVV' ? 'card-cvv' : 'card-expiry',
    base: 0.5,
    checksum: undefined,
    context: contextGiven ? NO_CONTEXT : CARD_CONTEXT,
    needsContext: !contextGiven,
    contextGiven,
    negativeApplies: false,
  });
}

// After the label: optional filler words and punctuation, then the value. Bounded repetition keeps it linear.
const CVV_AFTER_LABEL =
  /(?:\s*(?:code|number|no|num|is|[:=#.-]))?(?:\s*(?:is|[:=#-]))?\s*(\d{3,4})(?![\d/])/y;
const SECURITY_CODE = /\s+code(?: on the back)?(?:\s*(?:is|[:=#-]))?(?:\s*[:=#-])?\s*(\d{3,4})(?![\d/])/y;
const EXPIRY_AFTER_LABEL =
  /(?:\s*(?:date|is|on|[:=.-]))?(?:\s*(?:is|on|[:=-]))?\s*((?:0?[1-9]|1[0-2])\s?[/-]\s?(?:\d{2}|20\d{2}))(?![\d/])/y;

function matchAfter(pattern: RegExp, text: string, from: number): { start: number; end: number } | undefined {
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  const value = match?.[1];
  if (!match || value === undefined) return undefined;
  const end = match.index + match[0].length;
  return { start: end - value.length, end };
}

const CARD_EXPIRY_LABELS = new Set(['exp', 'expiry', 'expiration']);
/** How far back a card number still vouches for an expiry label ("card 4111… and it expires 09/28"). */
const CARD_LOOKBACK = 64;
const DIGIT_RUN = /\d(?:[ -]?\d){11,18}/g;

function cardNumberBefore(text: string, position: number): boolean {
  const window = text.slice(Math.max(0, position - CARD_LOOKBACK), position);
  for (const match of window.matchAll(DIGIT_RUN)) {
    const digits = match[0].replace(/\D/g, '');
    if (knownIssuer(digits) && luhn(digits)) return true;
  }
  return false;
}

export const cardDetailsAfterLabel: KeywordDetector = {
  kind: 'keyword',
  id: 'card-details',
  types: ['CARD_EXPIRY', 'CARD_CVV'],
  keywords: ['cvv', 'cvc', 'csc', 'cvn', 'security', 'exp', 'expiry', 'expires', 'expiration', 'expiring'],
  onKeyword(keyword, start, end, scan) {
    if (keyword === 'security') {
      const match = matchAfter(SECURITY_CODE, scan.text, end);
      // The look back for a card number (a search of its own) only when there is a code to vouch for.
      if (!match) return;
      const given = cardNumberBefore(scan.text, start) ? 'card number' : undefined;
      emitDetail('CARD_CVV', match.start, match.end, given, scan);
      return;
    }
    if (keyword.startsWith('exp')) {
      const match = matchAfter(EXPIRY_AFTER_LABEL, scan.text, end);
      if (!match) return;
      // "exp"/"expiry" are card words; "expires" is anybody's, unless a card number was just written.
      const given = CARD_EXPIRY_LABELS.has(keyword)
        ? keyword
        : cardNumberBefore(scan.text, start)
          ? 'card number'
          : undefined;
      emitDetail('CARD_EXPIRY', match.start, match.end, given, scan);
      return;
    }
    const match = matchAfter(CVV_AFTER_LABEL, scan.text, end);
    if (match) emitDetail('CARD_CVV', match.start, match.end, keyword, scan);
  },
};
