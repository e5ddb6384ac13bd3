/**
 * Editors that live in a same-origin iframe (TinyMCE, Zoho Desk's reply frame, Salesforce's CKEditor frame) keep
 * their events in the frame's document: listeners on the top document never hear a key, an input or a click there.
 * This calls `attach` once for each such document the site's composer turns up in — at start, whenever the
 * page changes (the frame may be created, or re-created, later) and when focus moves — so a feature can add its
 * listeners there too.
 */
import { findEditable } from '../editing/index.ts';
import type { SiteAdapter } from '../sites/adapter.ts';
import { firstMatch } from '../sites/query.ts';
import type { DomWatcher } from './dom-watch.ts';

export function onComposerFrames(
  site: SiteAdapter,
  dom: DomWatcher,
  signal: AbortSignal,
  attach: (doc: Document, view: Window) => void,
): void {
  const seen = new WeakSet<Document>();
  const check = () => {
    const match = firstMatch(document, site.selectors.composer);
    // The adapter may name the frame itself: the editable inside it is what counts.
    const doc = (match ? findEditable(match.element) : undefined)?.ownerDocument;
    if (!doc || doc === document || seen.has(doc) || !doc.defaultView) return;
    seen.add(doc);
    attach(doc, doc.defaultView);
  };
  check();
  // A frame inside a shadow root appears without a mutation the document-level watcher sees; focus moving into it
  // reaches the top document (retargeted), before the agent's first key there. A page-made focusin only makes us
  // look again, so it is heard too.
  document.addEventListener('focusin', check, { capture: true, signal });
  let frame = 0;
  dom.onChange(() => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      check();
    });
  }, signal);
  signal.addEventListener('abort', () => cancelAnimationFrame(frame), { once: true });
}
