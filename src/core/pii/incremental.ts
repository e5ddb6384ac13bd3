/**
 * Incremental re-scanning for the composer, which re-scans on every keystroke.
 *
 * The scanner's findings are a pure function of their anchor's neighbourhood: an anchor is decided by the few
 * characters before it, and its match and context reach at most MAX_REACH characters either way (scanner.ts).
 * So after an edit, only anchors within MAX_REACH of the changed range can change: they are re-scanned, the
 * raw findings of all other anchors are kept (shifted by the edit's length change), and overlaps, allow-lists and
 * scores are resolved again over the whole set — exactly what a full scan would return, at the cost of scanning
 * about 2 × MAX_REACH characters. Whole-text detectors (PEM blocks and JWTs, found with indexOf; custom patterns)
 * run over the whole text each time.
 */
import { commonPrefixLength, commonSuffixLength } from '../text-diff.ts';
import { createDetectionEngine, type DetectionEngine, type DetectionOptions } from './engine.ts';
import { applyPolicy, type EvaluatedFinding, engineFor } from './policy/evaluate.ts';
import type { RedactionPolicy } from './policy/schema.ts';
import { type AnchoredFinding, MAX_REACH } from './scanner.ts';
import type { Finding } from './types.ts';

export interface IncrementalScanner<F extends Finding> {
  /** Findings of `text`, re-scanning only around what changed since the previous call. */
  update(text: string): F[];
  /** How many characters the last update scanned (for the status bar's diagnostics and the benchmark). */
  readonly lastScannedChars: number;
}

/** The common prefix and suffix of two strings; the suffix never overlaps the prefix. */
export function diffBounds(before: string, after: string): { prefix: number; suffix: number } {
  const prefix = commonPrefixLength(before, after);
  return {
    prefix,
    suffix: commonSuffixLength(before, after, Math.min(before.length, after.length) - prefix),
  };
}

function isPolicy(value: RedactionPolicy | DetectionOptions): value is RedactionPolicy {
  return (value as RedactionPolicy).version === 1;
}

export function createIncrementalScanner(
  policy: RedactionPolicy,
  region?: string,
): IncrementalScanner<EvaluatedFinding>;
export function createIncrementalScanner(options?: DetectionOptions): IncrementalScanner<Finding>;
export function createIncrementalScanner(
  policyOrOptions: RedactionPolicy | DetectionOptions = {},
  region?: string,
): IncrementalScanner<Finding> {
  if (isPolicy(policyOrOptions)) {
    const policy = policyOrOptions;
    const inner = incremental(engineFor(policy, region));
    return {
      update: (text) => applyPolicy(inner.update(text), policy),
      get lastScannedChars() {
        return inner.lastScannedChars;
      },
    };
  }
  return incremental(createDetectionEngine(policyOrOptions));
}

/** What must be re-scanned after an edit, and the anchored findings that stay (shifted past the edit). */
export interface EditWindow {
  from: number;
  to: number;
  kept: AnchoredFinding[];
}

/**
 * The re-scan an edit from `previous` to `text` needs: only anchors within MAX_REACH of the changed range can
 * change, so [from, to) is scanned again and every other anchor's findings are kept (those after the edit shifted
 * by its length change). The one algorithm of the incremental re-scan: the composer's scanner
 * (content/guard/composer-scanner.ts, which also slices very large windows) uses it too.
 */
export function editWindow(
  previous: string | undefined,
  text: string,
  anchored: readonly AnchoredFinding[],
): EditWindow {
  if (previous === undefined) return { from: 0, to: text.length, kept: [] };
  if (previous === text) return { from: 0, to: 0, kept: [...anchored] };
  const { prefix, suffix } = diffBounds(previous, text);
  const delta = text.length - previous.length;
  const oldEditEnd = previous.length - suffix;
  const from = Math.max(0, prefix - MAX_REACH);
  const to = Math.min(text.length, text.length - suffix + MAX_REACH);
  const kept: AnchoredFinding[] = [];
  for (const finding of anchored) {
    if (finding.anchor < from) kept.push(finding);
    else if (finding.anchor >= oldEditEnd + MAX_REACH) {
      const anchor = finding.anchor + delta;
      // Anchors shifted into the re-scanned window are found again by the re-scan.
      if (anchor >= to)
        kept.push({ ...finding, anchor, start: finding.start + delta, end: finding.end + delta });
    }
  }
  return { from, to, kept };
}

function incremental(engine: DetectionEngine): IncrementalScanner<Finding> {
  let previous: string | undefined;
  let anchored: AnchoredFinding[] = [];
  let scanned = 0;
  return {
    get lastScannedChars() {
      return scanned;
    },
    update(text) {
      if (previous !== text) {
        const { from, to, kept } = editWindow(previous, text, anchored);
        anchored = kept
          .concat(to > from ? engine.scanAnchors(text, from, to) : [])
          .sort((a, b) => a.anchor - b.anchor);
        scanned = to - from;
      }
      previous = text;
      return engine.finalize(text, (anchored as Finding[]).concat(engine.scanWhole(text)));
    },
  };
}
