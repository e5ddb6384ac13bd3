/**
 * Stands in for the send guard while its detection engine loads: a reply sent in that moment is stopped in the
 * capture phase (before the page's handlers) and sent again, once, when the guard is ready, so that the guard
 * checks it like any other. Nothing is ever sent unchecked and nothing the agent did is lost.
 */
import { isLive, readText } from '../editing/index.ts';
import { composerFor } from '../runtime/composer.ts';
import type { SiteAdapter } from '../sites/adapter.ts';
import {
  mayBeSend,
  outgoingFields,
  replaySend,
  SEND_KINDS,
  type SendKind,
  sendTarget,
} from './send-events.ts';

export interface SendHold {
  /** Stops holding; a held send is done again (for the guard, now listening, to check). */
  release(): void;
  /** Also holds sends made in another window (the composer's same-origin iframe). */
  /** Holds sends made in `view` too (a frame), until `until` aborts (the frame's listeners were erased). */
  watch(view: Window, until?: AbortSignal): void;
}

export function holdSends(options: {
  site: SiteAdapter;
  signal: AbortSignal;
  /** A send was held: the guard is needed now. */
  onHeld(): void;
  view?: Window;
}): SendHold {
  const view = options.view ?? window;
  const doc = view.document;
  const listening = new AbortController();
  const stop = AbortSignal.any([listening.signal, options.signal]);
  let held: { kind: SendKind; target: Element; event: Event } | undefined;

  const watched = new WeakMap<Window, AbortSignal>();
  const watch = (target: Window, until?: AbortSignal) => {
    if (watched.get(target)?.aborted === false || stop.aborted) return;
    const watching = until ? AbortSignal.any([stop, until]) : stop;
    watched.set(target, watching);
    for (const kind of SEND_KINDS) {
      // Page-made sends too, deliberately (see send-guard.ts): they leave just the same.
      target.addEventListener(
        kind,
        (event) => {
          if (!mayBeSend(event, kind)) return;
          const composer = composerFor(options.site, doc);
          if (!composer) return;
          const sendAt = sendTarget(options.site, doc, event, kind, composer);
          if (!sendAt || !outgoingFields(composer, sendAt, doc).some((field) => readText(field).trim()))
            return;
          event.preventDefault();
          event.stopImmediatePropagation();
          // Several presses while loading are one send.
          held = { kind, target: sendAt, event };
          options.onHeld();
        },
        { capture: true, signal: watching },
      );
    }
  };
  watch(view);

  return {
    watch,
    release() {
      listening.abort();
      const send = held;
      held = undefined;
      if (send && !options.signal.aborted && isLive(send.target))
        replaySend(send.target.ownerDocument.defaultView ?? view, send.kind, send.target, send.event);
    },
  };
}
