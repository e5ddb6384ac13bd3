/**
 * How long each piece of the guard's main-thread work took (a frame: scan, text map, placement, render; a slice of
 * a large scan; a DOM-mutation callback), the latest 1,000. The benchmark reads them from the content script's
 * isolated world through the DevTools protocol; the page cannot see them. Durations only, never text.
 */
/**
 * `customers`: the customer-aware check of the reply (inside a frame), measured on its own for the benchmark;
 * `messages`: taking the customer's messages' findings from the worker (and telling the customer memory);
 * `place`: placing the underlines after an edit, in a task after the frame (guard-view.ts `animationFrame`).
 */
export type WorkKind = 'frame' | 'place' | 'slice' | 'mutation' | 'customers' | 'messages';

export const workTimes: Array<{ kind: WorkKind; ms: number }> = [];
const KEPT = 1000;

export function timed<T>(kind: WorkKind, work: () => T): T {
  const started = performance.now();
  try {
    return work();
  } finally {
    workTimes.push({ kind, ms: performance.now() - started });
    if (workTimes.length > KEPT) workTimes.splice(0, workTimes.length - KEPT);
  }
}
