/**
 * The detection engine: built-in detectors (one pass), whole-text detectors, the client's custom detectors,
 * allow-lists, overlap resolution and the minimum score, put together once per configuration and reused for
 * every scan. `detect()` is the one-call form; the composer uses `createIncrementalScanner` (incremental.ts).
 */
import { type AllowCheck, type AllowRule, compileAllowList } from './allow-list.ts';
import {
  type CompiledCustomDetector,
  type CustomDetectorSpec,
  compileCustomDetector,
  runCustomDetector,
} from './custom-detectors.ts';
import { BUILTIN_DETECTORS } from './detectors/index.ts';
import { resolveOverlapsInPlace } from './overlaps.ts';
import {
  type AnchoredFinding,
  type CompiledDetectors,
  compileDetectors,
  scanAnchors,
  scanTextDetectors,
} from './scanner.ts';
import type { ScoredCandidate } from './scoring.ts';
import type { Finding } from './types.ts';

export interface DetectionOptions {
  /** Default region for national phone numbers (ISO 3166 alpha-2). Default "US". */
  region?: string;
  /** More regions whose national phone formats count beside a phone word (the countries a client serves). */
  phoneRegions?: readonly string[];
  /** Report only these types (all when absent). */
  types?: readonly string[];
  /** Values and patterns never reported. */
  allow?: readonly AllowRule[];
  /** The QA lead's own detectors. */
  custom?: readonly CustomDetectorSpec[];
  /** Findings below this score are dropped: one number for all types, or per type. Default 0.6. */
  minScore?: number | ((type: string) => number);
}

export const DEFAULT_MIN_SCORE = 0.6;

export interface DetectionEngine {
  readonly region: string;
  /** Every finding in the text, sorted by start. */
  scan(text: string): Finding[];
  /** Raw (unresolved) findings of the built-in anchors in [from, to). */
  scanAnchors(text: string, from: number, to: number): AnchoredFinding[];
  /** Raw findings of the detectors that look at the whole text (PEM blocks, JWTs, custom patterns). */
  scanWhole(text: string): Finding[];
  /** Allow-lists, overlaps and minimum scores applied to raw findings. */
  finalize(text: string, raw: readonly Finding[]): Finding[];
}

export function createDetectionEngine(options: DetectionOptions = {}): DetectionEngine {
  const region = (options.region ?? 'US').toUpperCase();
  const phoneRegions = (options.phoneRegions ?? []).map((code) => code.toUpperCase());
  const enabled = options.types ? new Set(options.types) : undefined;
  const detectors: CompiledDetectors = compileDetectors(
    BUILTIN_DETECTORS.filter((detector) => !enabled || detector.types.some((type) => enabled.has(type))),
  );
  const custom: CompiledCustomDetector[] = (options.custom ?? [])
    .filter((spec) => !enabled || enabled.has(spec.type))
    .map(compileCustomDetector);
  const allowed: AllowCheck = compileAllowList(options.allow ?? []);
  // Without rules nothing is allowed: no need to cut each finding's value out of the text.
  const hasAllowRules = (options.allow ?? []).length > 0;
  const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
  const minScoreFor = typeof minScore === 'number' ? () => minScore : minScore;

  /** Allow-lists, overlaps and minimum scores over `owned`, an array of this call's own: it is sorted in place. */
  function finalizeOwned(text: string, owned: Finding[]): Finding[] {
    // Below-threshold readings are dropped before overlaps are resolved: a weak reading must not win a span
    // from a reportable one and then vanish with it.
    const candidates = owned.filter(
      (finding) =>
        finding.score >= minScoreFor(finding.type) &&
        !isMasked(text, finding.start, finding.end) &&
        (!enabled || enabled.has(finding.type)) &&
        !(hasAllowRules && allowed(finding.type, text.slice(finding.start, finding.end))),
    );
    const findings: Finding[] = [];
    for (const { type, start, end, score, reason, detector } of resolveOverlapsInPlace(
      keepSplits(text, candidates),
    )) {
      findings.push({ type, start, end, score, reason, detector });
    }
    return findings;
  }

  const engine: DetectionEngine = {
    region,
    scan(text) {
      const raw: Finding[] = scanAnchors(text, detectors, region, 0, text.length, phoneRegions);
      for (const finding of engine.scanWhole(text)) raw.push(finding);
      return finalizeOwned(text, raw);
    },
    scanAnchors(text, from, to) {
      return scanAnchors(text, detectors, region, from, to, phoneRegions);
    },
    scanWhole(text) {
      const found: Finding[] = scanTextDetectors(text, detectors, region);
      for (const detector of custom) found.push(...runCustomDetector(text, detector));
      return found;
    },
    finalize(text, raw) {
      // `raw` belongs to the caller (the composer keeps its findings between keystrokes): sort a copy.
      return finalizeOwned(text, raw.slice());
    },
  };
  return engine;
}

const TAG = /^\[[A-Z][A-Z0-9 _-]{0,31}\]$/;
const MASK_CODE = 42; // '*'

/**
 * Whether a span is what masking left of a value: only mask characters and the layout masking keeps, or a tag
 * ("[PASSWORD]" after "password:"). It holds nothing of the value, so it is never reported again: that is what
 * lets masking reach its fixpoint.
 */
function isMasked(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  if (first === 91) {
    // The whole span lies in one tag (a password detector may stop before its ']').
    const close = text.indexOf(']', start);
    return close >= end - 1 && close - start <= 33 && TAG.test(text.slice(start, close + 1));
  }
  let masks = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === MASK_CODE) masks++;
    else if (!isLayoutCode(code)) return false;
  }
  return masks > 0;
}
/** The characters masking keeps (see policy/mask.ts): white space and - . / ( ). */
const isLayoutCode = (code: number) =>
  code === 32 ||
  code === 9 ||
  code === 10 ||
  code === 13 ||
  code === 45 ||
  code === 46 ||
  code === 47 ||
  code === 40 ||
  code === 41;

/**
 * Side by side in one run of spaced digit groups ("NHS 943 476 5919 665 033 0663"), values are told apart only by
 * each other:
 * - a reading from inside the run that counts only as a value of its own (needsSplit) is kept where another
 *   reading ends right before it: otherwise the groups before it are part of the same long number, not a value;
 * - an id read from the start of such a run (SPACED_IDS), followed by more groups of three digits or more, is kept
 *   where a reading that stands on its own (not needsSplit: two weak readings would vouch for each other) starts
 *   right after it; otherwise it is only the start of a long number ("9400 1000 0005 6784 5711 28"). A short group
 *   after it ("… 5919 2 weeks ago") is no continuation.
 */
function keepSplits(text: string, candidates: Finding[]): Finding[] {
  if (!candidates.some((c) => needsSplit(c) || needsFollower(text, c))) return candidates;
  candidates.sort((a, b) => a.start - b.start);
  const starts = new Set<number>();
  for (const candidate of candidates) if (!needsSplit(candidate)) starts.add(candidate.start);
  const ends = new Set<number>();
  const kept: Finding[] = [];
  for (const candidate of candidates) {
    // The reading follows its run's previous group and one space.
    if (needsSplit(candidate) && !ends.has(candidate.start - 1)) continue;
    if (needsFollower(text, candidate) && !starts.has(candidate.end + 1)) continue;
    kept.push(candidate);
    ends.add(candidate.end);
  }
  return kept;
}

/** The ids whose groups are written with spaces, as matchShape reads them from the start of a run. */
const SPACED_IDS: ReadonlySet<string> = new Set([
  'uk-nhs',
  'ca-sin',
  'au-tfn',
  'au-medicare',
  'in-aadhaar',
  'ph-philsys',
  'us-ssn',
  'us-itin',
]);

function needsFollower(text: string, finding: Finding): boolean {
  if (!SPACED_IDS.has(finding.detector) || text.charCodeAt(finding.end) !== 32) return false;
  let digits = 0;
  while (digits < 3 && isDigitCode(text.charCodeAt(finding.end + 1 + digits))) digits++;
  return digits >= 3;
}

const isDigitCode = (code: number) => code >= 48 && code <= 57;
const needsSplit = (finding: Finding) => (finding as Partial<ScoredCandidate>).needsSplit === true;

/** Scans once with the given options (builds the engine each call: keep an engine for repeated scans). */
export function detect(text: string, options: DetectionOptions = {}): Finding[] {
  return createDetectionEngine(options).scan(text);
}
