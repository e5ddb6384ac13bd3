/**
 * The one composer pipeline: where the agent writes the reply on this page, and what the page sends with it. The
 * data guard (underlines, quick fixes, the send guard and the hold while it loads), answer insertion and `;shortcut`
 * completion all ask `composerFor(site, document)`, so they always agree on which box is the reply.
 *
 * - The adapter's composer selectors come first: the first variant whose editor is VISIBLE wins. A match that is
 *   hidden (the textarea CKEditor 4 or TinyMCE keeps in sync behind the visible editor) is not the composer, but
 *   is checked on send (`synced`): it is what some pages submit.
 * - When the adapter names no composer, or none of its variants is on the page (drift, a custom site without
 *   selectors, the generic fallback), every visible editable surface is a candidate: textareas, text inputs that
 *   are not search boxes, contenteditable hosts, editors in same-origin iframes (CKEditor 4 and 5, TinyMCE,
 *   Quill…) and in open shadow roots. The one the agent is in wins, then the one they were last in, then the
 *   largest rich editor or textarea.
 * - `whyNotGuarding` says in plain words when no composer can be guarded on a page that needs one, so Deskmate is
 *   never silently off.
 */
import { editableRoot, findEditable, isLive } from '../editing/index.ts';
import type { SiteAdapter } from '../sites/adapter.ts';
import { queryAllDeep } from '../sites/query.ts';
import { anchorIn, frameDocument, isCrossOriginFrame } from './frames.ts';

export interface Composer {
  /** The editor the agent types in (a textarea, an input, or an editing host, maybe inside a frame). */
  editable: Element;
  /** Hidden text fields the page keeps in sync with the editor and may submit instead: checked on send too. */
  synced: readonly Element[];
  /** Found by the adapter's selectors, or by the generic search of visible editors. */
  source: 'adapter' | 'generic';
}

const OWN_HOST = 'deskmate-root';
const TEXT_INPUT_TYPES = new Set(['text', '']);
/** Inputs that are for finding, not for writing to a customer. */
const SEARCH_HINT = /search|filter|find|query|suche|recherche|buscar|zoek/i;

/** Visible on screen: laid out, not `visibility: hidden`, not zero-sized, and (in a frame) its frame visible too. */
export function isShown(element: Element): boolean {
  let current: Element | null = element;
  for (let depth = 0; current && depth < 16; depth++) {
    const visible: ((options?: object) => boolean) | undefined = (
      current as Element & { checkVisibility?: (options?: object) => boolean }
    ).checkVisibility;
    if (visible) {
      if (!visible.call(current, { visibilityProperty: true })) return false;
    } else if (current.getClientRects().length === 0) return false;
    const rect = current.getBoundingClientRect();
    // A body in an iframe may be shorter than its frame: the frame's size is what the agent sees.
    const isFrameBody = current.tagName === 'BODY' && current.ownerDocument.defaultView?.frameElement;
    if (!isFrameBody && (rect.width < 2 || rect.height < 2)) return false;
    current = current.ownerDocument.defaultView?.frameElement ?? null;
  }
  return true;
}

function isOurs(element: Element): boolean {
  return element.closest(`#${OWN_HOST}`) !== null;
}

function isWritable(element: Element): boolean {
  if (element.tagName === 'TEXTAREA') {
    const area = element as HTMLTextAreaElement;
    return !area.disabled && !area.readOnly;
  }
  if (element.tagName === 'INPUT') {
    const input = element as HTMLInputElement;
    if (input.disabled || input.readOnly || !TEXT_INPUT_TYPES.has(input.type)) return false;
    const role = input.getAttribute('role');
    if (role === 'searchbox' || role === 'combobox' || input.closest('[role="search"]')) return false;
    const hints = [input.name, input.id, input.placeholder, input.getAttribute('aria-label') ?? ''].join(' ');
    return !SEARCH_HINT.test(hints);
  }
  return true;
}

/**
 * Every editable surface under `root` in document order: text fields, editing hosts (the outermost
 * contenteditable), design-mode or contenteditable frame bodies, descending into same-origin frames and open
 * shadow roots. Hidden ones included (the caller decides what visible means).
 */
export function editableSurfaces(root: Document | ShadowRoot | Element, limit = 200): Element[] {
  const out: Element[] = [];
  const visit = (scope: Document | ShadowRoot | Element, depth: number) => {
    if (depth > 8) return;
    if (scope.nodeType === 9) {
      const doc = scope as Document;
      const body = doc.body;
      if (body && (doc.designMode === 'on' || body.isContentEditable)) {
        out.push(body);
        return;
      }
    }
    const walker = (scope.ownerDocument ?? (scope as Document)).createTreeWalker(scope, 1 /* elements */);
    for (let node = walker.nextNode() as Element | null; node; node = walker.nextNode() as Element | null) {
      if (out.length >= limit) return;
      // Our own UI's host: its shadow root is closed, so nothing of ours is ever a candidate anyway.
      if (node.id === OWN_HOST) continue;
      const tag = node.tagName;
      if (tag === 'TEXTAREA' || tag === 'INPUT') {
        if (isWritable(node)) out.push(node);
      } else if (tag === 'IFRAME' || tag === 'FRAME') {
        const inner = frameDocument(node);
        if (inner?.defaultView) visit(inner, depth + 1);
      } else if ((node as HTMLElement).isContentEditable && editableRoot(node) === node) {
        out.push(node);
      }
      if (node.shadowRoot) visit(node.shadowRoot, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}

/** The element that has the agent's focus, followed into shadow roots and same-origin frames. */
export function deepFocus(doc: Document): Element | undefined {
  let active: Element | null = doc.activeElement;
  for (let depth = 0; active && depth < 16; depth++) {
    if (active.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    else if (active.tagName === 'IFRAME' || active.tagName === 'FRAME') {
      const inner = frameDocument(active);
      if (!inner?.activeElement) break;
      active = inner.activeElement;
    } else break;
  }
  return active ?? undefined;
}

/** The editable the agent is in, when it is one a reply can be written in. */
function focusedEditable(doc: Document): Element | undefined {
  const active = deepFocus(doc);
  if (!active) return undefined;
  if (active.tagName === 'TEXTAREA' || active.tagName === 'INPUT')
    return isWritable(active) ? active : undefined;
  const root = editableRoot(active);
  return root && !isOurs(root) ? root : undefined;
}

/** How much an editor looks like the reply box: rich editors and textareas before one-line inputs, bigger first. */
function weight(element: Element): number {
  const rect = (
    element.tagName === 'BODY' ? (element.ownerDocument.defaultView?.frameElement ?? element) : element
  ).getBoundingClientRect();
  const area = Math.max(1, rect.width * rect.height);
  return element.tagName === 'INPUT' ? area / 100 : area;
}

/** The hidden text fields a page keeps beside (or in the same form as) its visible editor. */
function syncedFields(editable: Element, top: Document): Element[] {
  const anchor = anchorIn(editable, top);
  const form = anchor.closest('form');
  const out: Element[] = [];
  const consider = (field: Element) => {
    if (field === editable || out.includes(field) || isShown(field)) return;
    out.push(field);
  };
  if (form) for (const field of form.querySelectorAll('textarea')) consider(field);
  // Editors that mount next to their textarea (CKEditor 4's `div.cke` after the textarea, TinyMCE's `.tox`).
  for (
    let parent = anchor.parentElement, depth = 0;
    parent && depth < 3;
    parent = parent.parentElement, depth++
  )
    for (const field of parent.querySelectorAll(':scope > textarea')) consider(field);
  return out;
}

/** Remembered per document: the composer the agent last wrote in (generic mode), while it is live and visible. */
const lastUsed = new WeakMap<Document, Element>();
/**
 * The last full search of a document that found an editor (the search walks every element, shadow roots and frames
 * included): reused for a short while while that editor is still there. A search that found nothing is never
 * reused: the editor may appear at any moment, and the send guard must see it at once.
 */
const lastSearch = new WeakMap<Document, { at: number; found: Element | undefined }>();
const SEARCH_REUSE_MS = 300;

function mostReplyLike(doc: Document): Element | undefined {
  const now = performance.now();
  const previous = lastSearch.get(doc);
  if (
    previous?.found &&
    now - previous.at < SEARCH_REUSE_MS &&
    isLive(previous.found) &&
    isShown(previous.found)
  )
    return previous.found;
  let best = 0;
  let found: Element | undefined;
  for (const candidate of editableSurfaces(doc)) {
    if (!isShown(candidate)) continue;
    const score = weight(candidate);
    if (score > best) {
      best = score;
      found = candidate;
    }
  }
  lastSearch.set(doc, { at: now, found });
  return found;
}

/** Where the reply is written on this page, or undefined when there is no visible editor to guard. */
export function composerFor(site: SiteAdapter, doc: Document = document): Composer | undefined {
  const own = site.selectors.composer ?? [];
  const hidden: Element[] = [];
  for (const selector of own) {
    for (const match of queryAllDeep(doc, selector)) {
      const editable = findEditable(match);
      if (!editable || isOurs(editable)) continue;
      if (isShown(editable)) {
        const synced = syncedFields(editable, doc);
        for (const field of hidden) if (!synced.includes(field)) synced.push(field);
        return { editable, synced, source: 'adapter' };
      }
      hidden.push(editable);
    }
  }
  // Generic: the editor the agent is in, the one they were last in, else the most reply-like visible one.
  const focused = focusedEditable(doc);
  let editable: Element | undefined = focused && isShown(focused) ? focused : undefined;
  const last = lastUsed.get(doc);
  if (!editable && last && isLive(last) && isShown(last)) editable = last;
  editable ??= mostReplyLike(doc);
  if (!editable) return undefined;
  if (editable === focused) lastUsed.set(doc, editable);
  return { editable, synced: syncedFields(editable, doc), source: 'generic' };
}

/** Every visible editable field in a form (the send guard checks all of what a submit sends). */
export function fieldsOfForm(form: Element): Element[] {
  return editableSurfaces(form).filter(isShown);
}

const SEND_WORDS =
  /\b(send|reply|respond|submit|post|update|comment|antworten|senden|absenden|envoyer|r[ée]pondre|enviar|responder|verzenden|beantwoorden|invia|rispondi)\b/i;

function labelOf(element: Element): string {
  const input = element as HTMLInputElement;
  return [
    element.getAttribute('aria-label') ?? '',
    element.getAttribute('title') ?? '',
    element.tagName === 'INPUT' ? input.value : (element.textContent ?? ''),
  ]
    .join(' ')
    .slice(0, 200);
}

/**
 * The controls that send what is in the composer: the adapter's send selectors, the composer's form's submit
 * buttons, and the buttons near the editor whose label says send (up to ten containers up, the nearest first: Roundcube's Send is in a toolbar seven up).
 */
export function sendControls(site: SiteAdapter, doc: Document, composer: Composer | undefined): Element[] {
  const out = new Set<Element>();
  for (const selector of site.selectors.send ?? [])
    for (const element of queryAllDeep(doc, selector)) out.add(element);
  if (!composer) return [...out];
  const anchor = anchorIn(composer.editable, doc);
  const form = anchor.closest('form');
  if (form)
    for (const button of form.querySelectorAll(
      'button:not([type]), button[type="submit"], input[type="submit"]',
    ))
      out.add(button);
  let parent = anchor.parentElement;
  for (let depth = 0; parent && depth < 10; depth++, parent = parent.parentElement) {
    let found = false;
    for (const button of parent.querySelectorAll(
      'button, input[type="submit"], input[type="button"], [role="button"]',
    )) {
      if (button.closest(`#${OWN_HOST}`) || !SEND_WORDS.test(labelOf(button))) continue;
      out.add(button);
      found = true;
    }
    if (found) break;
  }
  return [...out];
}

/**
 * Why Deskmate cannot guard the reply on this page, in words for the agent, or undefined when it can (or when the
 * page has nothing to guard). `needsComposer`: the adapter says this page has a reply box (its `required` list).
 */
export function whyNotGuarding(site: SiteAdapter, doc: Document, needsComposer: boolean): string | undefined {
  if (composerFor(site, doc)) return undefined;
  // A large frame from another site where an editor would be: Deskmate cannot read it, and says so.
  for (const frame of doc.querySelectorAll('iframe, frame')) {
    if (!isCrossOriginFrame(frame) || !isShown(frame)) continue;
    const rect = frame.getBoundingClientRect();
    if (rect.width < 200 || rect.height < 60) continue;
    let origin = 'another site';
    try {
      origin = new URL((frame as HTMLIFrameElement).src, doc.baseURI).host || origin;
    } catch {}
    if (needsComposer || site.id === 'generic' || site.id.startsWith('custom:'))
      return `Not guarding: the reply box is in a frame from ${origin}, which Deskmate cannot read`;
  }
  if (needsComposer) return 'Not guarding: the reply box was not found — define it in Options › Sites';
  return undefined;
}
