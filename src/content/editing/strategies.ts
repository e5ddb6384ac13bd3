/**
 * The ways text can be put into (or deleted from) an editor from the isolated world, where only DOM APIs and
 * events are available. Each one asks the editor (or the browser) to make the edit itself, so the editor's model
 * and undo stack see a normal edit instead of a DOM it did not write. Events are built in the page's realm (see
 * page-realm.ts) so Firefox's editors can read them too.
 */
import type { EditorKind } from './editor-kind.ts';
import { type PageRealm, pageRealm } from './page-realm.ts';

export type StrategyName =
  | 'execCommand'
  | 'paste'
  | 'beforeinput-paste'
  | 'beforeinput-text'
  | 'setRangeText'
  | 'beforeinput-delete'
  | 'keydown-delete';

export interface Payload {
  text: string;
  /** The caller's HTML, if any: used by every strategy that can carry HTML. */
  html?: string | undefined;
  /** What a paste carries as text/html: the caller's HTML, or paragraphs made from the lines (see below). */
  pasteHtml?: string | undefined;
}

/**
 * Editors whose plain-text paste loses blank lines: ProseMirror folds every run of newlines into one paragraph
 * break, CKEditor 5 turns '\n\n' into one. Given the lines as paragraphs (an empty one for a blank line) they keep
 * them. Draft.js does the opposite (it drops empty paragraphs from HTML), so it gets plain text only.
 */
export const PASTE_LINES_AS_PARAGRAPHS: ReadonlySet<EditorKind> = new Set(['prosemirror', 'ckeditor5']);

/** One `<p>` per line, `<p><br></p>` for a blank one, text escaped. */
export function linesToParagraphs(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => (line.length === 0 ? '<p><br></p>' : `<p>${escapeHtml(line)}</p>`))
    .join('');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Strategies per editor, best first; each is tried only if the previous one left the text untouched. The lists hold
 * what was proven in Chromium and Firefox ESR from a content script's isolated world (test/e2e/editors.e2e.ts runs
 * every entry on its own against the real editor and reads the result back through the editor's model):
 * - execCommand('insertText') runs the browser's own editing: native undo for fields and plain contenteditables,
 *   and ProseMirror, Quill and TinyMCE read the DOM change back into their model.
 * - A synthetic paste carrying a DataTransfer goes through the editors' paste pipelines (ProseMirror, Quill 2,
 *   CKEditor 5, TinyMCE, Lexical, Draft.js, Slate when text-only): lines become paragraphs, one undo step.
 * - Slate handles paste in `beforeinput` (`insertFromPaste` with a dataTransfer); CKEditor 5 and Slate also take
 *   `beforeinput` insertText.
 * Left out on purpose, as measured in Chromium: execCommand corrupts Draft.js (the model loses the greeting) and
 * Lexical, and changes Slate's DOM without its model (the text would vanish on the next render); CKEditor 5
 * re-renders over it.
 * Lexical ignores synthetic `beforeinput` (it waits for the browser's native insertion, which a synthetic event
 * never has); ProseMirror, Quill and TinyMCE ignore `beforeinput` too.
 */
export const STRATEGIES: Readonly<Record<EditorKind, readonly StrategyName[]>> = {
  textarea: ['execCommand', 'setRangeText'],
  input: ['execCommand', 'setRangeText'],
  // Also the kind of editors Deskmate does not recognise: the browser's editing first, then their paste handler.
  contenteditable: ['execCommand', 'paste'],
  prosemirror: ['paste', 'execCommand'],
  quill: ['paste', 'execCommand'],
  ckeditor5: ['paste', 'beforeinput-text'],
  tinymce: ['paste', 'execCommand'],
  lexical: ['paste'],
  slate: ['beforeinput-paste', 'paste', 'beforeinput-text'],
  draftjs: ['paste'],
};

/**
 * Strategies for deleting the selection (the data guard's "Remove"), best first, measured like STRATEGIES: the
 * browser's own delete where the editor reads DOM changes back, `beforeinput` deleteContentBackward where the
 * editor owns its input (CKEditor 5, Lexical, Slate), a Backspace keydown where the editor runs the key itself
 * (Draft.js). Left out: execCommand on Slate (changes the DOM, not the model); ProseMirror, Quill, TinyMCE and
 * Draft.js ignore `beforeinput` deletes, and TinyMCE ignores a synthetic Backspace.
 */
export const DELETE_STRATEGIES: Readonly<Record<EditorKind, readonly StrategyName[]>> = {
  textarea: ['execCommand', 'setRangeText'],
  input: ['execCommand', 'setRangeText'],
  contenteditable: ['execCommand'],
  prosemirror: ['execCommand'],
  quill: ['execCommand'],
  ckeditor5: ['beforeinput-delete', 'execCommand'],
  tinymce: ['execCommand'],
  lexical: ['beforeinput-delete', 'execCommand'],
  slate: ['beforeinput-delete'],
  draftjs: ['keydown-delete', 'execCommand'],
};

/** Runs one strategy on the focused editable whose selection is already where the text goes. */
export function runStrategy(strategy: StrategyName, kind: EditorKind, el: Element, payload: Payload): void {
  const doc = el.ownerDocument;
  const realm = pageRealm(el);
  switch (strategy) {
    case 'execCommand': {
      // TinyMCE records undo levels around its own commands, not the browser's: without checkpoints the edit
      // joins the agent's typing and one Ctrl+Z takes out both (measured).
      if (kind === 'tinymce') tinymceUndoCheckpoint(realm, el);
      browserEdit(doc, kind, el, payload);
      if (kind === 'tinymce') tinymceUndoCheckpoint(realm, el);
      return;
    }
    case 'paste': {
      const event = realm.newClipboardEvent('paste', {
        clipboardData: dataTransfer(realm, payload),
        // Firefox ignores `clipboardData` here and builds the event's DataTransfer from these two (non-standard)
        // members instead; other browsers ignore them.
        ...{ dataType: 'text/plain', data: payload.text },
        bubbles: true,
        cancelable: true,
        composed: true,
      });
      const html = payload.pasteHtml ?? payload.html;
      if (html !== undefined && event.clipboardData && !event.clipboardData.types.includes('text/html')) {
        event.clipboardData.setData('text/html', html);
      }
      el.dispatchEvent(event);
      return;
    }
    case 'beforeinput-paste':
      el.dispatchEvent(
        realm.newInputEvent('beforeinput', {
          inputType: 'insertFromPaste',
          dataTransfer: dataTransfer(realm, payload),
          bubbles: true,
          cancelable: true,
          composed: true,
        }),
      );
      return;
    case 'beforeinput-text':
      el.dispatchEvent(
        realm.newInputEvent('beforeinput', {
          inputType: 'insertText',
          data: payload.text,
          bubbles: true,
          cancelable: true,
          composed: true,
        }),
      );
      return;
    case 'beforeinput-delete':
      // How editors that own their input (CKEditor 5, Lexical, Slate) are asked to delete the selection.
      el.dispatchEvent(
        realm.newInputEvent('beforeinput', {
          inputType: 'deleteContentBackward',
          bubbles: true,
          cancelable: true,
          composed: true,
        }),
      );
      return;
    case 'keydown-delete':
      // Editors that run Backspace themselves on keydown (TinyMCE, Draft.js) delete the selection through their
      // own command, which records it for undo. keyCode is what they read; unhandled, a synthetic key does nothing.
      el.dispatchEvent(
        realm.newKeyboardEvent('keydown', {
          key: 'Backspace',
          code: 'Backspace',
          keyCode: 8,
          which: 8,
          bubbles: true,
          cancelable: true,
          composed: true,
        }),
      );
      return;
    case 'setRangeText': {
      // Last resort for fields where execCommand is unavailable: no native undo, but frameworks see an input event.
      const field = el as HTMLTextAreaElement | HTMLInputElement;
      field.setRangeText(payload.text, field.selectionStart ?? 0, field.selectionEnd ?? 0, 'end');
      field.dispatchEvent(
        realm.newInputEvent('input', { inputType: 'insertText', data: payload.text, bubbles: true }),
      );
      return;
    }
  }
}

/** The browser's own editing (`document.execCommand`): delete, insert HTML, or insert the text's lines. */
function browserEdit(doc: Document, kind: EditorKind, el: Element, payload: Payload): void {
  if (payload.text.length === 0) {
    doc.execCommand('delete');
    return;
  }
  // insertHTML only when the caller gave HTML and the target is rich.
  if (payload.html !== undefined && !isField(el)) {
    doc.execCommand('insertHTML', false, payload.html);
    return;
  }
  // In a field, or in Chromium, one insertText keeps the lines. Firefox turns a '\n' in a contenteditable into a
  // <br>, which editors with a model read as a soft break or drop, so for them each line break is a paragraph.
  if (kind === 'textarea' || kind === 'input' || kind === 'contenteditable') {
    doc.execCommand('insertText', false, payload.text);
    return;
  }
  payload.text.split(/\r\n|\r|\n/).forEach((line, index) => {
    if (index > 0) doc.execCommand('insertParagraph');
    if (line.length > 0) doc.execCommand('insertText', false, line);
  });
}

/**
 * Makes TinyMCE save an undo level now: it does so on an `input` event of type insertReplacementText (what a
 * browser spell-check correction fires), ending any typing burst. Other editors never see this event.
 */
function tinymceUndoCheckpoint(realm: PageRealm, el: Element): void {
  el.dispatchEvent(realm.newInputEvent('input', { inputType: 'insertReplacementText', bubbles: true }));
}

function dataTransfer(realm: PageRealm, payload: Payload): DataTransfer {
  const data = realm.newDataTransfer();
  data.setData('text/plain', payload.text);
  const html = payload.pasteHtml ?? payload.html;
  if (html !== undefined) data.setData('text/html', html);
  return data;
}

function isField(el: Element): boolean {
  return el.tagName === 'TEXTAREA' || el.tagName === 'INPUT';
}
