/**
 * The loader's hold: from the content script's first moment on a page until the send guard's own hold
 * (src/content/guard/hold.ts, in the main bundle) listens, a reply sent is held here and done again then, so the
 * guard checks it like any other send; when Deskmate is off on the page it is done again as soon as the worker says
 * so. This part runs on every page the content script matches, before anyone knows which site this is: it cannot
 * tell the site's send button from another (that takes the site adapter, in the main bundle), so it holds what MAY
 * be a send, and only while some field on the page holds text:
 * - a form being submitted;
 * - a click on a control (a button, a link, a submit input, a `role=button`);
 * - Ctrl/⌘+Enter in a field.
 * Plain Enter is not held (in a rich editor it makes a new line, which a key press done again cannot do): a chat
 * composer that sends on Enter is held from the moment the main bundle's hold listens.
 * Held events are stopped in the capture phase before the page's handlers and done again in order; what was not a
 * send happens a few milliseconds late. Page-made events are held too, like the send guard's (a script's submit
 * leaves just the same).
 */

import { replaySend, SEND_KINDS, type SendKind } from './replay-send.ts';

const CONTROL =
  'button, input[type="submit"], input[type="button"], input[type="image"], [role="button"], a[href]';
const FIELD =
  'textarea, input:not([type]), input[type="text"], input[type="email"], input[type="search"], ' +
  '[contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]';
/** However the main bundle fares, nothing stays held longer than this. */
const LONGEST_MS = 15_000;
const MOST_HELD = 8;

interface Held {
  kind: SendKind;
  /** What is done again: the control clicked, the form submitted, the element the key was pressed in. */
  target: Element;
  event: Event;
}

export interface EarlyHold {
  /** Stops holding and does the held events again, in order. Idempotent. */
  release(): void;
}

/** Elements of any frame's realm (`instanceof Element` is false for another frame's). */
const isElement = (node: unknown): node is Element => (node as Node | null)?.nodeType === 1;

const textOf = (field: Element): string =>
  field.tagName === 'TEXTAREA' || field.tagName === 'INPUT'
    ? (field as HTMLInputElement).value
    : (field.textContent ?? '');

/** Whether a field in `doc`, its open shadow roots or its same-origin frames holds text. */
export function someFieldHasText(doc: Document): boolean {
  if (doc.designMode === 'on' && doc.body?.textContent?.trim()) return true;
  const roots: Array<Document | ShadowRoot> = [doc];
  for (let i = 0; i < roots.length; i++) {
    const root = roots[i]!;
    for (const field of root.querySelectorAll(FIELD)) if (textOf(field).trim()) return true;
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node as Element;
      if (element.shadowRoot) roots.push(element.shadowRoot);
      if (element.tagName === 'IFRAME') {
        let inner: Document | null = null;
        try {
          inner = (element as HTMLIFrameElement).contentDocument;
        } catch {
          inner = null; // Another site's frame: not ours to read.
        }
        if (inner && inner !== doc && someFieldHasText(inner)) return true;
      }
    }
  }
  return false;
}

/** What this event would send if it were a send, or undefined when it cannot be one. */
function candidate(kind: SendKind, event: Event): Element | undefined {
  const path = event.composedPath().filter(isElement);
  if (kind === 'submit') return isElement(event.target) ? event.target : undefined;
  if (kind === 'click') return path.find((element) => element.matches(CONTROL));
  const key = event as KeyboardEvent;
  if (key.key !== 'Enter' || key.isComposing || !(key.ctrlKey || key.metaKey)) return undefined;
  const field = path.find((element) => element.matches(FIELD) || (element as HTMLElement).isContentEditable);
  return field && textOf(field).trim() ? (path[0] ?? field) : undefined;
}

/** Does a held event again, as it was done (the send guard's own way: runtime/replay-send.ts). */
function replay({ kind, target, event }: Held): void {
  if (target.isConnected) replaySend(target.ownerDocument.defaultView ?? window, kind, target, event);
}

/** Starts holding in `view` and in the same-origin frames it has now. */
export function holdEarly(view: Window = window): EarlyHold {
  const listening = new AbortController();
  const held: Held[] = [];
  const onEvent = (kind: SendKind) => (event: Event) => {
    const target = candidate(kind, event);
    if (!target) return;
    const doc = target.ownerDocument;
    const top = view.document;
    if (!someFieldHasText(top) && (doc === top || !someFieldHasText(doc))) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (held.length < MOST_HELD) held.push({ kind, target, event });
  };
  const watch = (target: Window) => {
    for (const kind of SEND_KINDS)
      target.addEventListener(kind, onEvent(kind), { capture: true, signal: listening.signal });
  };
  watch(view);
  for (const frame of view.document.getElementsByTagName('iframe')) {
    try {
      if (frame.contentDocument && frame.contentWindow) watch(frame.contentWindow);
    } catch {
      // Another site's frame: its events are not ours.
    }
  }
  const release = () => {
    if (listening.signal.aborted) return;
    listening.abort();
    clearTimeout(timer);
    for (const event of held.splice(0)) replay(event);
  };
  const timer = setTimeout(release, LONGEST_MS);
  return { release };
}
