/**
 * The composer's scanner: the core's incremental re-scan (only the anchors near an edit are scanned again:
 * core/pii/incremental.ts `editWindow`, the one implementation), plus what the page needs on top: when an edit changes
 * more text than a frame can scan (a 1 MB paste), the re-scan runs in slices between which the page gets the main
 * thread back (`scheduler.yield`, else a task), so no single task blocks the page. Meanwhile the previous findings
 * stay shown; when the slices are done the caller is told, and the next update is incremental again.
 */

import { type EditWindow, editWindow } from '../../core/pii/incremental.ts';
import {
  applyPolicy,
  type EvaluatedFinding,
  engineFor,
  type Finding,
  type RedactionPolicy,
} from '../../core/pii/index.ts';
import type { AnchoredFinding } from '../../core/pii/scanner.ts';
import { timed } from './timing.ts';

/** Characters scanned before checking the clock. */
const SLICE_CHARS = 4096;
/** Main-thread budget per task of a sliced scan. */
const SLICE_MS = 8;
/** Windows up to this size are scanned at once (a keystroke, a paragraph pasted). */
export const SYNC_LIMIT = 32_768;

export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export class ComposerScanner {
  private readonly engine;
  private previous: string | undefined;
  private anchored: AnchoredFinding[] = [];
  private running: Promise<void> | undefined;
  /** Characters the last update scanned (the benchmark reports it). */
  lastScannedChars = 0;

  constructor(
    readonly policy: RedactionPolicy,
    private readonly syncLimit = SYNC_LIMIT,
  ) {
    this.engine = engineFor(policy);
  }

  /** True while a sliced scan is under way. */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /**
   * The findings of `text`, or undefined when the change is too large to scan now: a sliced scan then starts (or
   * continues) and `done` is called when it has finished; call `update` again then.
   */
  update(text: string, done: () => void): EvaluatedFinding[] | undefined {
    if (this.running) return undefined;
    const { from, to, kept } = this.window(text);
    if (to - from > this.syncLimit) {
      this.running = this.sliced(text, from, to, kept).finally(() => {
        this.running = undefined;
        done();
      });
      return undefined;
    }
    this.commit(text, kept, to > from ? this.engine.scanAnchors(text, from, to) : []);
    this.lastScannedChars = to - from;
    return this.findings(text);
  }

  private findings(text: string): EvaluatedFinding[] {
    const raw = (this.anchored as Finding[]).concat(this.engine.scanWhole(text));
    return applyPolicy(this.engine.finalize(text, raw), this.policy);
  }

  private commit(text: string, kept: AnchoredFinding[], scanned: AnchoredFinding[]): void {
    this.anchored = kept.concat(scanned).sort((a, b) => a.anchor - b.anchor);
    this.previous = text;
  }

  private async sliced(text: string, from: number, to: number, kept: AnchoredFinding[]): Promise<void> {
    const scanned: AnchoredFinding[] = [];
    let at = from;
    while (at < to) {
      timed('slice', () => {
        const started = performance.now();
        while (at < to && performance.now() - started < SLICE_MS) {
          const end = Math.min(to, at + SLICE_CHARS);
          for (const finding of this.engine.scanAnchors(text, at, end)) scanned.push(finding);
          at = end;
        }
      });
      if (at < to) await yieldToPage();
    }
    this.commit(text, kept, scanned);
    this.lastScannedChars = to - from;
  }

  /** What must be re-scanned after the edit from the previous text, and the findings that stay. */
  private window(text: string): EditWindow {
    return editWindow(this.previous, text, this.anchored);
  }
}
