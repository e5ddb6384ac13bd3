/**
 * United States identifiers: SSN and ITIN (formatted 3-2-4 alone, plain 9 digits only with context), passport and
 * driver's licence numbers and bank account numbers (only with context: their shapes are anybody's numbers), and
 * ABA routing numbers (with context and the 3-7-1 checksum).
 */
import { abaRouting } from '../checksums.ts';
import { type ContextList, contextList } from '../context.ts';
import type { PiiType } from '../types.ts';
import { inUrl } from './cards.ts';
import {
  continuesTightly,
  endsCleanly,
  groupDigits,
  matchShape,
  type NumberDetector,
  type NumericRun,
  type ScanContext,
  type ShapeMatch,
  type TokenDetector,
} from './detector.ts';

const SSN_CONTEXT = contextList([
  'ssn',
  'ssns',
  'social security',
  'social',
  'ss#',
  'ss',
  'tax id',
  'taxpayer',
]);
const ITIN_CONTEXT = contextList(['itin', 'taxpayer', 'tax id', 'individual taxpayer', 'tax']);
const PASSPORT_CONTEXT = contextList(['passport', 'passport number', 'passport no']);
const LICENSE_CONTEXT = contextList([
  'driver license',
  'drivers license',
  'driver licence',
  'drivers licence',
  'driving licence',
  'driving license',
  'dl',
  'dln',
  'license number',
  'licence number',
  'license no',
  'licence no',
]);
const BANK_CONTEXT = contextList([
  'account',
  'acct',
  'bank account',
  'checking',
  'savings',
  'account number',
  'acc',
  'a/c',
]);
const ROUTING_CONTEXT = contextList([
  'routing',
  'aba',
  'rtn',
  'routing number',
  'transit',
  'routing transit',
]);

/** The value of `length` ASCII digits of `digits` from `from` (no substring, no Number()). */
function digitsValue(digits: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) value = value * 10 + digits.charCodeAt(i) - 48;
  return value;
}

/** Area 000, 666 and 900–999, group 00 and serial 0000 are never issued; 078-05-1120 and 123-45-6789 are famous fakes. */
export function plausibleSsn(digits: string): boolean {
  const area = digitsValue(digits, 0, 3);
  const group = digitsValue(digits, 3, 2);
  const serial = digitsValue(digits, 5, digits.length - 5);
  if (area === 0 || area === 666 || area >= 900 || group === 0 || serial === 0) return false;
  return digits !== '078051120' && digits !== '123456789' && !sameDigitNineTimes(digits);
}

/** /^(\d)\1{8}$/ without a RegExp. */
function sameDigitNineTimes(digits: string): boolean {
  if (digits.length !== 9) return false;
  const first = digits.charCodeAt(0);
  for (let i = 1; i < 9; i++) if (digits.charCodeAt(i) !== first) return false;
  return true;
}

/** ITINs start with 9 and have a group in 50–65, 70–88, 90–92 or 94–99. */
export function plausibleItin(digits: string): boolean {
  if (digits.charCodeAt(0) !== 57) return false; // '9'
  const group = digitsValue(digits, 3, 2);
  return (
    (group >= 50 && group <= 65) ||
    (group >= 70 && group <= 88) ||
    (group >= 90 && group <= 92) ||
    group >= 94
  );
}

const SSN_SHAPE: readonly number[] = [3, 2, 4];

/**
 * "123.45.6789", "123-45.6789", "123 45-6789": a 3-2-4 number with dots or mixed separators, as typed in forms and
 * chats. Counted as formatted, but without the dashed form's weight: it needs its context word to be reported.
 */
function mixedSsnShape(text: string, run: NumericRun): ShapeMatch | undefined {
  if (run.plus || run.paren || run.groupStarts.length < 3 || !endsCleanly(run, 3)) return undefined;
  for (let g = 0; g < 3; g++) if (run.groupEnds[g]! - run.groupStarts[g]! !== SSN_SHAPE[g]) return undefined;
  for (let g = 0; g < 2; g++) {
    const sep = run.seps[g]!;
    if (sep.length !== 1 || !'-. '.includes(sep)) return undefined;
  }
  // "123.45.6789.1" goes on: a longer id.
  if (continuesTightly(run, 3)) return undefined;
  return { kind: 'formatted', digits: groupDigits(text, run, 0, 3), end: run.groupEnds[2]! };
}
const NINE_DIGITS: readonly number[] = [9];

export const usSsnItin: NumberDetector = {
  kind: 'number',
  id: 'us-ssn',
  minDigits: 9,
  types: ['US_SSN', 'US_ITIN'],
  onNumber(run, scan) {
    if (inUrl(scan.text, run.start)) return;
    const shape = matchShape(scan.text, run, SSN_SHAPE, '- ') ?? mixedSsnShape(scan.text, run);
    if (!shape) return;
    const start = run.groupStarts[0]!;
    const formatted = shape.kind === 'formatted';
    if (plausibleItin(shape.digits)) {
      scan.emit({
        type: 'US_ITIN',
        start,
        end: shape.end,
        detector: 'us-itin',
        base: formatted ? 0.6 : 0.4,
        checksum: undefined,
        context: ITIN_CONTEXT,
        needsContext: !formatted,
        contextGiven: undefined,
        negativeApplies: true,
      });
    } else if (plausibleSsn(shape.digits)) {
      scan.emit({
        type: 'US_SSN',
        start,
        end: shape.end,
        detector: 'us-ssn',
        // A dashed 3-2-4 number is an SSN's signature; spaced or plain ones need the word.
        base: formatted && scan.text[run.groupEnds[0]!] === '-' && run.seps[1] === '-' ? 0.6 : 0.4,
        checksum: undefined,
        context: SSN_CONTEXT,
        needsContext: !formatted,
        contextGiven: undefined,
        negativeApplies: true,
      });
    }
  },
};

/**
 * Proposes a value these detectors only trust next to its label ("routing", "account", "passport", "licence"):
 * the same literal for all of them, in Candidate's field order.
 */
function emitLabelled(
  scan: ScanContext,
  type: PiiType,
  detector: string,
  start: number,
  end: number,
  context: ContextList,
  checksum?: string,
): void {
  scan.emit({
    type,
    start,
    end,
    detector,
    base: 0.4,
    checksum,
    context,
    needsContext: true,
    contextGiven: undefined,
    negativeApplies: true,
  });
}

/** Nine digits in groups with one separator throughout ("021-000-021", "0210-0002-1", "021 000 021"). */
function groupedNine(text: string, run: NumericRun): ShapeMatch | undefined {
  if (run.plus || run.paren || run.groupStarts.length < 2) return undefined;
  const sep = run.seps[0]!;
  if (sep !== '-' && sep !== ' ') return undefined;
  let digits = 0;
  for (let g = 0; g < run.groupStarts.length; g++) {
    digits += run.groupEnds[g]! - run.groupStarts[g]!;
    if (digits > 9) return undefined;
    if (digits < 9) {
      if (run.seps[g] !== sep) return undefined;
      continue;
    }
    if (!endsCleanly(run, g + 1) || run.seps[g] === sep || continuesTightly(run, g + 1)) return undefined;
    return { kind: 'formatted', digits: groupDigits(text, run, 0, g + 1), end: run.groupEnds[g]! };
  }
  return undefined;
}

export const usRoutingNumber: NumberDetector = {
  kind: 'number',
  id: 'aba-routing',
  minDigits: 9,
  types: ['ABA_ROUTING_NUMBER'],
  onNumber(run, scan) {
    const shape = matchShape(scan.text, run, NINE_DIGITS, '') ?? groupedNine(scan.text, run);
    if (!shape || !abaRouting(shape.digits)) return;
    emitLabelled(
      scan,
      'ABA_ROUTING_NUMBER',
      'aba-routing',
      run.groupStarts[0]!,
      shape.end,
      ROUTING_CONTEXT,
      '3-7-1',
    );
  },
};

export const usBankNumber: NumberDetector = {
  kind: 'number',
  id: 'us-bank-number',
  minDigits: 8,
  types: ['US_BANK_NUMBER'],
  onNumber(run, scan) {
    if (run.plus || run.paren || (run.groupStarts.length > 1 && run.seps[0] !== ' ')) return;
    const length = run.groupEnds[0]! - run.groupStarts[0]!;
    if (length < 8 || length > 17 || !endsCleanly(run, 1)) return;
    emitLabelled(
      scan,
      'US_BANK_NUMBER',
      'us-bank-number',
      run.groupStarts[0]!,
      run.groupEnds[0]!,
      BANK_CONTEXT,
    );
  },
};

export const usPassportNumber: NumberDetector = {
  kind: 'number',
  id: 'us-passport',
  types: ['US_PASSPORT'],
  minDigits: 9,
  onNumber(run, scan) {
    const shape = matchShape(scan.text, run, NINE_DIGITS, '');
    if (!shape) return;
    emitLabelled(scan, 'US_PASSPORT', 'us-passport', run.groupStarts[0]!, shape.end, PASSPORT_CONTEXT);
  },
};

const PASSPORT_TOKEN = /^[A-Z]\d{8}$/;
const LICENSE_TOKEN = /^[A-Z]{1,2}\d{4,14}$|^\d{1,3}[A-Z]{1,2}\d{3,8}$/;

/** Next-generation passport numbers (a letter and 8 digits) and letter-led driver's licence numbers. */
export const usLetterIds: TokenDetector = {
  kind: 'token',
  id: 'us-letter-ids',
  types: ['US_PASSPORT', 'US_DRIVER_LICENSE'],
  // Four digits or more and a letter; at most sixteen characters.
  minLength: 5,
  maxLength: 16,
  onToken(token, scan) {
    if (token.digits < 4) return;
    if (PASSPORT_TOKEN.test(token.value)) {
      emitLabelled(scan, 'US_PASSPORT', 'us-passport', token.start, token.end, PASSPORT_CONTEXT);
    }
    if (LICENSE_TOKEN.test(token.value)) {
      emitLabelled(scan, 'US_DRIVER_LICENSE', 'us-driver-license', token.start, token.end, LICENSE_CONTEXT);
    }
  },
};

/** All-digit licence numbers (many states use 7–9 digits): only with a licence word near. */
export const usNumericLicense: NumberDetector = {
  kind: 'number',
  id: 'us-driver-license',
  types: ['US_DRIVER_LICENSE'],
  minDigits: 7,
  onNumber(run, scan) {
    if (run.plus || run.paren) return;
    const length = run.groupEnds[0]! - run.groupStarts[0]!;
    if (length < 7 || length > 12 || !endsCleanly(run, 1) || (run.seps[0] && run.seps[0] !== ' ')) return;
    emitLabelled(
      scan,
      'US_DRIVER_LICENSE',
      'us-driver-license',
      run.groupStarts[0]!,
      run.groupEnds[0]!,
      LICENSE_CONTEXT,
    );
  },
};
