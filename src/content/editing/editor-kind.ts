/**
 * Which editor an element belongs to, told from the DOM markers each editor leaves (the content script runs in the
 * isolated world and cannot see `window.quill` or any other page global), and where the real editable is.
 */

export type EditorKind =
  | 'textarea'
  | 'input'
  | 'contenteditable'
  | 'prosemirror'
  | 'quill'
  | 'ckeditor5'
  | 'tinymce'
  | 'lexical'
  | 'slate'
  | 'draftjs';

/** Checked in order on the editable root: the first marker that matches names the editor. */
const MARKERS: ReadonlyArray<readonly [EditorKind, string]> = [
  ['prosemirror', '.ProseMirror'],
  ['quill', '.ql-editor'],
  ['ckeditor5', '.ck-editor__editable'],
  ['lexical', '[data-lexical-editor]'],
  ['slate', '[data-slate-editor]'],
  ['draftjs', '.public-DraftEditor-content'],
  // TinyMCE's classic mode edits the <body id="tinymce"> of an iframe it creates.
  ['tinymce', 'body#tinymce, .mce-content-body'],
];

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', '']);

/** The editor kind of an editable element (or of the editable it sits in). */
export function detectEditor(el: Element): EditorKind {
  if (el.tagName === 'TEXTAREA') return 'textarea';
  if (el.tagName === 'INPUT') return 'input';
  const root = editableRoot(el) ?? el;
  for (const [kind, selector] of MARKERS) if (root.matches(selector)) return kind;
  return 'contenteditable';
}

/**
 * The real editable for `from`: the element itself when it is a text field or editing host, the editing host it
 * sits in, the focused editable of a document, or the first editable found below — descending into same-origin
 * iframes (TinyMCE, Zendesk's frame-hosted composer). Cross-origin frames are skipped: their DOM is out of reach.
 */
export function findEditable(from: Element | Document): Element | undefined {
  if (isDocument(from)) {
    const active = deepActiveElement(from);
    if (active) {
      const editable = editableAt(active);
      if (editable) return editable;
    }
    return from.body ? findEditable(from.body) : undefined;
  }
  const own = editableAt(from);
  if (own) return own;
  if (from.tagName === 'IFRAME') {
    const doc = frameDocument(from as HTMLIFrameElement);
    return doc ? findEditable(doc) : undefined;
  }
  for (const candidate of from.querySelectorAll('textarea, input, [contenteditable], iframe')) {
    if (candidate.tagName === 'IFRAME') {
      const doc = frameDocument(candidate as HTMLIFrameElement);
      const inner = doc ? findEditable(doc) : undefined;
      if (inner) return inner;
      continue;
    }
    const editable = editableAt(candidate);
    if (editable) return editable;
  }
  return undefined;
}

/** The element itself if it is a writable text field, else the editing host it belongs to. */
function editableAt(el: Element): Element | undefined {
  if (el.tagName === 'TEXTAREA') return isWritable(el as HTMLTextAreaElement) ? el : undefined;
  if (el.tagName === 'INPUT') {
    const input = el as HTMLInputElement;
    return TEXT_INPUT_TYPES.has(input.type) && isWritable(input) ? el : undefined;
  }
  return editableRoot(el);
}

function isWritable(field: HTMLTextAreaElement | HTMLInputElement): boolean {
  return !field.disabled && !field.readOnly;
}

/** The outermost contenteditable ancestor (the editing host), as editors mount their root there. */
export function editableRoot(el: Element): Element | undefined {
  if (!(el as HTMLElement).isContentEditable) {
    // A document in design mode (some legacy iframe editors) is edited through its body.
    return el.ownerDocument.designMode === 'on' ? (el.ownerDocument.body ?? undefined) : undefined;
  }
  let host: Element = el;
  for (
    let parent = el.parentElement;
    parent && (parent as HTMLElement).isContentEditable;
    parent = parent.parentElement
  ) {
    host = parent;
  }
  return host;
}

/** The focused element, following focus into shadow roots and same-origin iframes. */
function deepActiveElement(doc: Document): Element | undefined {
  let active: Element | null = doc.activeElement;
  while (active) {
    if (active.shadowRoot?.activeElement) {
      active = active.shadowRoot.activeElement;
    } else if (active.tagName === 'IFRAME') {
      // A frame whose focus rests on a non-editable body holds nothing to type into: stop at the frame.
      const inner = frameDocument(active as HTMLIFrameElement);
      const innerActive = inner?.activeElement;
      if (!innerActive || (innerActive === inner.body && !editableRoot(innerActive))) return active;
      active = innerActive;
    } else {
      break;
    }
  }
  return active ?? undefined;
}

function frameDocument(frame: HTMLIFrameElement): Document | undefined {
  try {
    return frame.contentDocument ?? undefined;
  } catch {
    return undefined; // cross-origin
  }
}

function isDocument(node: Element | Document): node is Document {
  return node.nodeType === 9;
}

/**
 * Whether an element is still on the page. `isConnected` alone is not enough for an editor in an iframe: when the
 * app removes the frame, its document lives on (detached, with no window) and its body still reports connected.
 */
export function isLive(el: Element): boolean {
  return el.isConnected && el.ownerDocument.defaultView !== null;
}
