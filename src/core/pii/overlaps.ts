/**
 * Overlapping findings: keep the higher score, then the longer span (Presidio's rule), so a phone-number reading
 * of a card number loses to the Luhn-checked card. Findings are grouped into clusters of mutually overlapping
 * spans first, so the greedy choice stays local and the whole step is O(n log n).
 */
import type { Finding } from './types.ts';

function better(a: Finding, b: Finding): number {
  return (
    b.score - a.score ||
    b.end - b.start - (a.end - a.start) ||
    a.start - b.start ||
    (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) ||
    (a.detector < b.detector ? -1 : a.detector > b.detector ? 1 : 0)
  );
}

export function resolveOverlaps<T extends Finding>(findings: readonly T[]): T[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: T[] = [];
  // A cluster is a run sorted[clusterStart, i): most hold one finding and need no array of their own.
  let clusterStart = 0;
  let clusterEnd = -1;
  const flush = (to: number) => {
    if (to - clusterStart === 1) kept.push(sorted[clusterStart]!);
    else if (to - clusterStart > 1) {
      const firstChosen = kept.length;
      for (const finding of sorted.slice(clusterStart, to).sort(better)) {
        let free = true;
        for (let k = firstChosen; k < kept.length && free; k++) {
          const other = kept[k]!;
          free = finding.end <= other.start || finding.start >= other.end;
        }
        if (free) kept.push(finding);
      }
    }
    clusterStart = to;
  };
  for (let i = 0; i < sorted.length; i++) {
    const finding = sorted[i]!;
    if (finding.start >= clusterEnd) {
      flush(i);
      clusterEnd = finding.end;
    } else clusterEnd = Math.max(clusterEnd, finding.end);
  }
  flush(sorted.length);
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
