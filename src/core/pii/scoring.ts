/**
 * Turns a detector's candidate into a scored finding, the way the best open-source recognizers do it and a
 * little better:
 *   - every pattern has a base score;
 *   - a passed checksum sets it to 1 (a failed one never gets here: the detector drops the match);
 *   - a whole-word context word near the match adds CONTEXT_BOOST (FAR_CONTEXT_BOOST a few words further);
 *   - a business label right before it ("order", "invoice", "tracking", "ref", "test") takes NEGATIVE_PENALTY off
 *     a value that has no checksum (one whose checksum passed keeps its score);
 *   - some patterns are only trusted with context (a bare 9-digit number is not a passport number).
 */
import { type ContextList, ContextWindow, judge, judged } from './context.ts';
import type { Finding, PiiType } from './types.ts';

export const CHECKSUM_SCORE = 1;
export const CONTEXT_BOOST = 0.35;
/** A context word further away (but still in the window) counts less: the nearer label names the value. */
export const FAR_CONTEXT_BOOST = 0.25;
export const NEGATIVE_PENALTY = 0.45;
/** Patterns that need context need it within this many words. */
export const REQUIRED_WITHIN = 3;

/**
 * What a detector proposes; `scoreCandidate` decides whether it becomes a finding and with which score.
 *
 * Every field is required and every detector writes them in this order, unused ones as `undefined`/the default:
 * V8 then gives all candidates one hidden class and scoring reads them with monomorphic loads. The nine shapes the
 * detectors used to write (optional fields left out, keys in different orders) cost about 5% of a full scan.
 * test/unit/pii/candidate-shape.test.ts holds the detectors to it.
 */
export interface Candidate {
  type: PiiType;
  start: number;
  end: number;
  detector: string;
  base: number;
  /** Name of the checksum that passed (`Luhn`, `mod 97`, …), if the pattern has one. */
  checksum: string | undefined;
  /** Words that raise the score near this match. */
  context: ContextList;
  /** Without one of the context words, the match is dropped. */
  needsContext: boolean;
  /** The context was already established by the detector (e.g. the expiry date right after a card number). */
  contextGiven: string | undefined;
  /** Whether business labels before the match lower its score (off for values after an explicit keyword). */
  negativeApplies: boolean;
}

/** The order of a candidate's fields, as every detector writes them (see Candidate). */
export const CANDIDATE_FIELDS: ReadonlyArray<keyof Candidate> = [
  'type',
  'start',
  'end',
  'detector',
  'base',
  'checksum',
  'context',
  'needsContext',
  'contextGiven',
  'negativeApplies',
];

/**
 * Detectors whose checksum comes with a structure that random numbers rarely have (a card's issuer range and
 * length, an IBAN's country, length and mod-97): a business label before their value never lowers it. A one-digit
 * checksum alone (Verhoeff, mod 11) passes one random number in ten, so "SKU 3215-1270-3307" stays an SKU.
 */
const LABEL_PROOF: ReadonlySet<string> = new Set(['credit-card', 'iban']);

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The finding a candidate becomes, or undefined when it lacks the context it needs. `anchor` (where the scanner
 * found it) is stored on the finding when given, so that the object has its final shape from the start.
 */
export function scoreCandidate(
  text: string,
  candidate: Candidate,
  window: ContextWindow = new ContextWindow(text),
  anchor = -1,
  /** The candidate was read from a group inside a digit run (see ScoredCandidate.needsSplit). */
  midRun = false,
  /**
   * Where its label is looked for before it: the start of its digit run when read from inside one ("NHS numbers
   * 943 476 5919 943 476 5870": the label names both), else its own start.
   */
  contextStart = candidate.start,
): ScoredCandidate | undefined {
  const given = candidate.contextGiven;
  const negativeApplies = candidate.negativeApplies;
  let positive: string | undefined = given;
  let near = false;
  let distance = 0;
  let negative = '';
  // A detector that names its context itself and ignores business labels needs nothing from the window.
  if (given === undefined || negativeApplies) {
    const required = candidate.needsContext && given === undefined;
    judge(contextStart, candidate.end, candidate.context, window, required);
    if (given === undefined) positive = judged.positive || undefined;
    near = judged.near;
    distance = judged.distance;
    negative = judged.negative;
  }
  // A bare number that needs its label needs it close: in "license B727…, agreement 6614…" the label is B727's.
  if (candidate.needsContext && !given && (!positive || distance > REQUIRED_WITHIN)) return undefined;
  let score = candidate.checksum ? CHECKSUM_SCORE : candidate.base;
  let reason = candidate.checksum ? `${candidate.checksum} checksum passed` : 'pattern matched';
  if (positive) {
    score += given || near ? CONTEXT_BOOST : FAR_CONTEXT_BOOST;
    reason += `; context word "${positive}"`;
  }
  // A business label lowers a value that only has its shape (or a weak checksum) for it. A card whose checksum and
  // issuer range passed, or an IBAN, keeps its score: customers write "my order was charged to 4111…".
  if (negative && negativeApplies && !(candidate.checksum && LABEL_PROOF.has(candidate.detector))) {
    score -= NEGATIVE_PENALTY;
    reason += `; negative context "${negative}"`;
  }
  return {
    type: candidate.type,
    start: candidate.start,
    end: candidate.end,
    score: round(Math.min(1, Math.max(0, score))),
    reason,
    detector: candidate.detector,
    anchor,
    needsSplit: midRun && !candidate.checksum,
  };
}

/** A scored candidate, before the engine resolves overlaps. */
export interface ScoredCandidate extends Finding {
  /** Where the scanner found it. */
  anchor: number;
  /**
   * Read from a group inside a digit run, with nothing but its shape for it: it counts only where another value
   * ends right before it ("card 4111 1111 1111 1111 415 555 2671"), not inside one long number ("tracking 9400
   * 1000 0000 6784 5711 28"). The engine decides, as it sees every reading of the run.
   */
  needsSplit: boolean;
}
