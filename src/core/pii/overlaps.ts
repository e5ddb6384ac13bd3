/**
 * Overlapping findings. A digit run is read from each of its groups ("415 555 2671 4111 1111 1111 1111" holds a
 * phone reading, a card reading from "2671" and a card reading from "4111"), so overlapping readings compete.
 * Within each cluster of mutually overlapping spans the kept set is the one that covers the most, weighing each
 * finding by its score times its length (weighted interval scheduling): the phone and the real card together
 * beat the one misread card between them, while a longer or surer reading of one value still beats a shorter or
 * weaker one of the same characters (Presidio's rule: higher score, then the longer span). Clusters are found
 * first, so the choice stays local and the whole step is O(n log n).
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

/** How much a finding is worth keeping: its score times its length. */
const weight = (finding: Finding) => finding.score * (finding.end - finding.start);

/**
 * The non-overlapping subset of the cluster with the largest total weight, pushed onto `kept`. Ties go to the
 * subset holding the better finding (the old greedy order), so the choice is deterministic.
 */
function chooseInCluster<T extends Finding>(cluster: T[], kept: T[]): void {
  if (cluster.length === 2) {
    // Two overlapping findings (most clusters): only one can stay, the heavier one.
    const [a, b] = cluster as [T, T];
    const difference = weight(a) - weight(b);
    kept.push(difference > 1e-9 ? a : difference < -1e-9 ? b : better(a, b) <= 0 ? a : b);
    return;
  }
  // Ranked by the greedy order: a finding's rank breaks ties between subsets of equal weight.
  const rank = new Map<T, number>();
  const ranked = cluster.slice().sort(better);
  for (let index = 0; index < ranked.length; index++) rank.set(ranked[index]!, index);
  const byEnd = cluster.sort((a, b) => a.end - b.end || a.start - b.start || rank.get(a)! - rank.get(b)!);
  const n = byEnd.length;
  // best[i]: the best total over byEnd[0, i); take[i]: whether byEnd[i - 1] is in it; previous[i]: the last
  // finding that ends before byEnd[i - 1] starts.
  const best = new Float64Array(n + 1);
  const bestRank = new Float64Array(n + 1);
  const take = new Uint8Array(n + 1);
  const previous = new Int32Array(n + 1);
  bestRank[0] = Number.POSITIVE_INFINITY;
  for (let i = 1; i <= n; i++) {
    const finding = byEnd[i - 1]!;
    // The findings are sorted by end: binary search for how many end at or before this one's start.
    let low = 0;
    let high = i - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (byEnd[middle - 1]!.end <= finding.start) low = middle;
      else high = middle - 1;
    }
    const p = low;
    previous[i] = p;
    const withIt = best[p]! + weight(finding);
    const withItRank = Math.min(bestRank[p]!, rank.get(finding)!);
    const without = best[i - 1]!;
    const withoutRank = bestRank[i - 1]!;
    // Weights are sums of rounded scores times lengths: compare with a little slack for float error.
    const takeIt = withIt > without + 1e-9 || (withIt > without - 1e-9 && withItRank < withoutRank);
    take[i] = takeIt ? 1 : 0;
    best[i] = takeIt ? withIt : without;
    bestRank[i] = takeIt ? withItRank : withoutRank;
  }
  const chosen: T[] = [];
  for (let i = n; i > 0; ) {
    if (take[i]) {
      chosen.push(byEnd[i - 1]!);
      i = previous[i]!;
    } else i--;
  }
  for (let k = chosen.length - 1; k >= 0; k--) kept.push(chosen[k]!);
}

function isSorted(findings: readonly Finding[]): boolean {
  for (let i = 1; i < findings.length; i++)
    if (byStartThenEnd(findings[i - 1]!, findings[i]!) > 0) return false;
  return true;
}
