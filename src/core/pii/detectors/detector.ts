/**
 * The shapes a detector plugs into the single scanning pass with. The scanner (../scanner.ts) walks the text once
 * and hands each detector only the pieces it can match, so adding a detector adds no pass over the text:
 *   - `number`:  a run of digit groups ("4111 1111 1111 1111", "+44 20 7946 0958", "123-45-6789");
 *   - `token`:   a word mixing letters and digits ("GB82WEST1234…", "AB123456C", "AKIA…"), or a long word;
 *   - `keyword`: a trigger word ("password", "born", "cvv") after which the detector looks for the value;
 *   - `at`:      an '@' (email addresses);
 *   - `text`:    a literal marker found with indexOf ("-----BEGIN", "eyJ"), for values that can be very long.
 */
import type { ContextWindow } from '../context.ts';
import type { Candidate } from '../scoring.ts';
import type { PiiType } from '../types.ts';

/** A match never starts further than this before its anchor (an email's local part before its '@'). */
export const MAX_MATCH_BEFORE_ANCHOR = 64;

export interface ScanContext {
  readonly text: string;
  /** ISO 3166 region for national phone numbers, e.g. "US". */
  readonly region: string;
  /** More regions whose national phone formats count beside a phone word (the policy's `phoneRegions`). */
  readonly phoneRegions?: readonly string[];
  emit(candidate: Candidate): void;
  /** The words around the positions looked at last (shared by the candidates of one anchor), when the scan has one. */
  readonly window?: ContextWindow;
}

/** A run of digit groups joined by single separators, starting at a digit, '+' or '('. */
export interface NumericRun {
  /** Offset of the first character ('+', '(' or a digit). */
  start: number;
  /** Starts with '+' (international phone number). */
  plus: boolean;
  /** The first group is in parentheses: "(212) 555-0142". */
  paren: boolean;
  /** Offsets of each digit group. */
  groupStarts: number[];
  groupEnds: number[];
  /** Separator text between group i and i + 1. */
  seps: string[];
  /** The character right before the run ('' at the start of the text). */
  before: string;
  /** The last group runs straight into a letter ("10am", "12345678Z"). */
  gluedToWord: boolean;
  /** Digits in all groups. */
  digits: number;
  /**
   * The first group's text once a detector has asked for it ('' until then): a plain 9-digit number is read as an
   * SSN, a routing, passport, SIN, TFN and TIN number, and is cut out of the text once for all of them.
   */
  firstGroup: string;
}

/** A word of [A-Za-z0-9_] characters. */
export interface Token {
  start: number;
  end: number;
  value: string;
  digits: number;
  letters: number;
}

interface DetectorBase {
  /** Stable id, recorded by the audit: `credit-card`, `us-ssn`, … */
  id: string;
  types: readonly PiiType[];
}

export interface NumberDetector extends DetectorBase {
  kind: 'number';
  /** Runs with fewer digits than this are not offered (most numbers in a ticket are times, prices, counts). */
  minDigits: number;
  onNumber(run: NumericRun, scan: ScanContext): void;
}

export interface TokenDetector extends DetectorBase {
  kind: 'token';
  /**
   * The shortest and longest words this detector can match: most words with a digit in a ticket are "1st",
   * "15th" or "10am", and the scanner offers them only to the detectors that read words that short.
   */
  minLength: number;
  maxLength: number;
  onToken(token: Token, scan: ScanContext): void;
}

export interface KeywordDetector extends DetectorBase {
  kind: 'keyword';
  /** Lowercase single words that trigger this detector. */
  keywords: readonly string[];
  onKeyword(keyword: string, start: number, end: number, scan: ScanContext): void;
}

export interface AtDetector extends DetectorBase {
  kind: 'at';
  onAt(at: number, scan: ScanContext): void;
}

export interface TextDetector extends DetectorBase {
  kind: 'text';
  /** Finds every value in the whole text (called once per scan, not per position). */
  scanText(scan: ScanContext): void;
}

export type Detector = NumberDetector | TokenDetector | KeywordDetector | AtDetector | TextDetector;

// ---- helpers for number detectors ----

export function groupDigits(text: string, run: NumericRun, from: number, to: number): string {
  let digits = '';
  for (let g = from; g < to; g++) digits += text.slice(run.groupStarts[g], run.groupEnds[g]);
  return digits;
}

/** True when the first `count` groups end at a number boundary (not glued to a following word). */
export function endsCleanly(run: NumericRun, count: number): boolean {
  return count < run.groupStarts.length || !run.gluedToWord;
}

/** The group after the first `count` is joined by '-', '.' or '/': the number goes on, it is part of a longer id. */
export function continuesTightly(run: NumericRun, count: number): boolean {
  const next = run.seps[count - 1];
  return next !== undefined && next.length === 1 && next !== ' ';
}

/** What matchShape found: read it before the next call (one object is reused, nothing is allocated per run). */
export interface ShapeMatch {
  kind: 'formatted' | 'plain';
  digits: string;
  end: number;
}
const shapeMatch: ShapeMatch = { kind: 'plain', digits: '', end: 0 };

function shapeTotal(shape: readonly number[]): number {
  let total = 0;
  for (let g = 0; g < shape.length; g++) total += shape[g]!;
  return total;
}

/**
 * The groups of `run` (from the first) form exactly `shape` with one consistent separator from `allowed`,
 * or a single unbroken group of the same total length when `allowPlain`. Allocation-free apart from the digits:
 * it runs for every digit run and every id shape. The result is valid until the next call.
 */
export function matchShape(
  text: string,
  run: NumericRun,
  shape: readonly number[],
  allowed: string,
  allowPlain = true,
): ShapeMatch | undefined {
  if (run.plus || run.paren) return undefined;
  const starts = run.groupStarts;
  const ends = run.groupEnds;
  const firstLength = ends[0]! - starts[0]!;
  const total = firstLength === shape[0] ? -1 : shapeTotal(shape);
  // Neither a plain group of the total length nor the shape's first group: most runs stop here.
  if (total >= 0 && (firstLength !== total || !allowPlain)) return undefined;
  if (allowPlain && firstLength === (total >= 0 ? total : shapeTotal(shape))) {
    if (endsCleanly(run, 1) && !continuesTightly(run, 1)) {
      if (run.firstGroup === '') run.firstGroup = text.slice(starts[0], ends[0]);
      shapeMatch.kind = 'plain';
      shapeMatch.digits = run.firstGroup;
      shapeMatch.end = ends[0]!;
      return shapeMatch;
    }
  }
  const count = shape.length;
  if (count < 2 || starts.length < count || !endsCleanly(run, count)) return undefined;
  for (let g = 0; g < count; g++) if (ends[g]! - starts[g]! !== shape[g]) return undefined;
  const seps = run.seps;
  const sep = seps[0]!;
  if (sep.length !== 1 || !allowed.includes(sep)) return undefined;
  for (let g = 1; g < count - 1; g++) if (seps[g] !== sep) return undefined;
  // "123-45-6789-12" is a longer id that merely starts like an SSN.
  if ((seps[count - 1] === sep && sep !== ' ') || continuesTightly(run, count)) return undefined;
  shapeMatch.kind = 'formatted';
  shapeMatch.digits = groupDigits(text, run, 0, count);
  shapeMatch.end = ends[count - 1]!;
  return shapeMatch;
}
