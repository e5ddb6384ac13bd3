/**
 * Every same-origin frame of the page, for whoever needs to hear the agent there. An editor in an iframe (CKEditor 4,
 * TinyMCE, Request Tracker's reply box, Zoho's reply frame) keeps its keys, pointer moves, focus and sends in the
 * frame's document: listeners on the top document hear none of them, so F1, Ctrl+., hover cards, `;` completion and
 * the send guard would all go deaf while the caret is there. Subscribers get each frame's document once — at start,
 * when the page changes (a frame may be created, or re-created, later), when a frame loads a new document, and when
 * focus moves into a frame inside a shadow root (which no query of the document finds).
 *
 * A frame's document can also lose every listener while staying the same object: `document.open()` (CKEditor 4 up
 * to 4.13 writes its editing frame that way, as Request Tracker's does) erases all listeners on the document, its
 * nodes and its window. Each attachment therefore gets its own signal, and each check probes the document with an
 * event only a live attachment hears; a deaf one is aborted and every subscriber attached again.
 */
import type { DomWatcher } from './dom-watch.ts';
import { frameDocument, sameOriginFrames } from './frames.ts';

/** `signal` ends this attachment: when the page goes, or when the document's listeners were erased. */
type Attach = (doc: Document, view: Window, signal: AbortSignal) => void;

const PROBE = 'deskmate-frame-probe';

interface Attachment {
  controller: AbortController;
  heard: boolean;
}

export class FrameWatcher {
  private readonly known: Document[] = [];
  private readonly subscribers = new Set<{ attach: Attach; signal: AbortSignal; seen: WeakSet<Document> }>();
  private readonly attachments = new WeakMap<Document, Attachment>();
  private frame = 0;
  /** The frame elements at the last full look, and whether a frame loaded since (its document may be new). */
  private lastFrames: Element[] = [];
  private frameLoaded = true;

  constructor(
    private readonly top: Document,
    dom: DomWatcher,
    private readonly signal: AbortSignal,
  ) {
    const soon = () => {
      if (this.frame || signal.aborted) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.check(false);
      });
    };
    dom.onChange(soon, signal);
    // A frame's `load` does not bubble, but is heard in the capture phase: its document was replaced (or rewritten).
    top.addEventListener(
      'load',
      () => {
        this.frameLoaded = true;
        soon();
      },
      { capture: true, signal },
    );
    // Focus moving into a frame (inside a shadow root too): look before the agent's first key there.
    top.addEventListener('focusin', () => this.check(), { capture: true, signal });
    signal.addEventListener('abort', () => cancelAnimationFrame(this.frame), { once: true });
  }

  /** Calls `attach` for every same-origin frame document, now and as they appear, until the signal aborts. */
  each(signal: AbortSignal, attach: Attach): void {
    if (signal.aborted) return;
    const subscriber = { attach, signal, seen: new WeakSet<Document>() };
    this.subscribers.add(subscriber);
    signal.addEventListener('abort', () => this.subscribers.delete(subscriber), { once: true });
    this.check();
  }

  /**
   * Looks for frames now (also what focus and a frame's load trigger). A page change (`always` false) looks only when
   * the page's frame elements changed: reaching into each frame's document on every change is what an editor's
   * start-up (CKEditor, TinyMCE) cost most, and a document replaced or rewritten in a frame fires `load`.
   */
  check(always = true): void {
    if (this.subscribers.size === 0) return;
    const frames = [this.top, ...this.known].flatMap((doc) => [
      ...doc.getElementsByTagName('iframe'),
      ...doc.getElementsByTagName('frame'),
    ]);
    const unchanged =
      !this.frameLoaded &&
      frames.length === this.lastFrames.length &&
      frames.every((frame, index) => frame === this.lastFrames[index]);
    if (!always && unchanged) return;
    this.frameLoaded = false;
    this.lastFrames = frames;
    const docs = sameOriginFrames(this.top);
    for (const doc of focusedFrames(this.top)) if (!docs.includes(doc)) docs.push(doc);
    this.known.length = 0;
    this.known.push(...docs);
    for (const doc of docs) {
      const view = doc.defaultView;
      if (!view) continue;
      const attachment = this.attachment(doc);
      for (const subscriber of this.subscribers) {
        if (subscriber.seen.has(doc) || subscriber.signal.aborted) continue;
        subscriber.seen.add(doc);
        try {
          subscriber.attach(doc, view, AbortSignal.any([subscriber.signal, attachment.controller.signal]));
        } catch (error) {
          console.error('Deskmate: attaching to a frame failed:', error);
        }
      }
    }
  }

  /** The document's live attachment: a new one (and every subscriber to attach again) when its listeners are gone. */
  private attachment(doc: Document): Attachment {
    const known = this.attachments.get(doc);
    if (known && !known.controller.signal.aborted) {
      known.heard = false;
      doc.dispatchEvent(new Event(PROBE));
      if (known.heard) return known;
      known.controller.abort();
    }
    const attachment: Attachment = { controller: new AbortController(), heard: false };
    const signal = AbortSignal.any([this.signal, attachment.controller.signal]);
    doc.addEventListener(
      PROBE,
      (event) => {
        attachment.heard = true;
        event.stopImmediatePropagation();
      },
      { signal },
    );
    this.attachments.set(doc, attachment);
    for (const subscriber of this.subscribers) subscriber.seen.delete(doc);
    return attachment;
  }

  /** The frame documents known at the last check. */
  get documents(): readonly Document[] {
    return this.known;
  }
}

/** The frames focus is in, through shadow roots: the chain from the top document down to the focused element. */
function focusedFrames(top: Document): Document[] {
  const out: Document[] = [];
  let active: Element | null = top.activeElement;
  for (let depth = 0; active && depth < 16; depth++) {
    if (active.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    else if (active.tagName === 'IFRAME' || active.tagName === 'FRAME') {
      const inner = frameDocument(active);
      if (!inner) break;
      out.push(inner);
      active = inner.activeElement;
    } else break;
  }
  return out;
}
