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

const byStartThenLongest = (a: Finding, b: Finding) => a.start - b.start || b.end - a.end;
const byStartThenEnd = (a: Finding, b: Finding) => a.start - b.start || a.end - b.end;

export function resolveOverlaps<T extends Finding>(findings: readonly T[]): T[] {
  return resolveOverlapsInPlace([...findings]);
}

/** resolveOverlaps on an array the caller owns (it is sorted in place): one copy fewer per scan. */
export function resolveOverlapsInPlace<T extends Finding>(sorted: T[]): T[] {
  sorted.sort(byStartThenLongest);
  const kept: T[] = [];
  // A cluster is a run sorted[clusterStart, i): most hold one finding and need no array of their own.
  let clusterStart = 0;
  let clusterEnd = -1;
  for (let i = 0; i <= sorted.length; i++) {
    const finding = sorted[i];
    if (finding !== undefined && finding.start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, finding.end);
      continue;
    }
    // sorted[clusterStart, i) is a complete cluster.
    if (i - clusterStart === 1) kept.push(sorted[clusterStart]!);
    else if (i - clusterStart > 1) chooseInCluster(sorted.slice(clusterStart, i), kept);
    clusterStart = i;
    if (finding !== undefined) clusterEnd = finding.end;
  }
  // The clusters are disjoint and in order: the list is sorted unless a cluster kept several findings out of order.
  return isSorted(kept) ? kept : kept.sort(byStartThenEnd);
}

function chooseInCluster<T extends Finding>(cluster: T[], kept: T[]): void {
  const firstChosen = kept.length;
  for (const finding of cluster.sort(better)) {
    let free = true;
    for (let k = firstChosen; k < kept.length && free; k++) {
      const other = kept[k]!;
      free = finding.end <= other.start || finding.start >= other.end;
    }
    if (free) kept.push(finding);
  }
}

function isSorted(findings: readonly Finding[]): boolean {
  for (let i = 1; i < findings.length; i++)
    if (byStartThenEnd(findings[i - 1]!, findings[i]!) > 0) return false;
  return true;
}
