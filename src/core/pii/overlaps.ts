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
  let cluster: T[] = [];
  let clusterEnd = -1;
  const flush = () => {
    if (cluster.length === 1) kept.push(cluster[0]!);
    else if (cluster.length > 1) {
      const chosen: T[] = [];
      for (const finding of cluster.sort(better)) {
        if (chosen.every((other) => finding.end <= other.start || finding.start >= other.end))
          chosen.push(finding);
      }
      kept.push(...chosen);
    }
    cluster = [];
  };
  for (const finding of sorted) {
    if (finding.start >= clusterEnd) {
      flush();
      clusterEnd = finding.end;
    } else clusterEnd = Math.max(clusterEnd, finding.end);
    cluster.push(finding);
  }
  flush();
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
