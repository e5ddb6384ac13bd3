/**
 * What the content script's loader (src/content/index.ts) hands the main bundle (src/content/main.ts) that the
 * worker runs in the same isolated world once Deskmate is on for the page. The two are separate scripts, so this
 * goes through a `Symbol.for` key on that world's global, which the page cannot see.
 */
import type { TabContext } from '../../messaging/protocol.ts';

const KEY = Symbol.for('deskmate.content.handover');
const scope = globalThis as unknown as Record<symbol, Handover | undefined>;

export interface Handover {
  /**
   * The tab's context, as the worker answered the loader (it runs the main bundle before it answers, so the
   * main bundle is waiting for this when it comes). Rejects when the answer does not come.
   */
  readonly context: Promise<TabContext>;
  /** Aborts when this content script stops for good (the extension went away): the loader's mark reads it. */
  readonly extension: AbortController;
  /** Whether a setting changed since the loader asked: the context may be stale, ask again. */
  changedSince(): boolean;
  /**
   * The send guard's own hold listens now, or nothing is guarded here: the sends the loader held meanwhile are
   * done again (src/content/runtime/early-hold.ts). Idempotent.
   */
  release(): void;
}

export function publishHandover(handover: Handover): void {
  scope[KEY] = handover;
}

/** Takes the loader's handover (once): undefined when the main bundle was started without the loader. */
export function takeHandover(): Handover | undefined {
  const handover = scope[KEY];
  delete scope[KEY];
  return handover;
}
