/**
 * Constructors for the events Deskmate dispatches into the helpdesk's editor, taken from the page's own realm.
 *
 * Chrome's isolated world shares DOM objects with the page, so an event made in the content script reaches the
 * editor's listeners as is. Firefox gives content scripts "Xray" views instead: an event or DataTransfer created
 * in the content script reaches page listeners as an opaque cross-compartment wrapper, so `event.clipboardData`
 * reads as unusable and every editor ignores the synthetic paste (measured: ProseMirror, Quill, CKEditor 5, TinyMCE,
 * Lexical, Draft.js). Firefox's documented way through is to build the objects with the page's constructors
 * (`window.wrappedJSObject`) and hand them their init dictionaries with `cloneInto`.
 */

export interface PageRealm {
  newDataTransfer(): DataTransfer;
  newClipboardEvent(type: string, init: ClipboardEventInit): ClipboardEvent;
  newInputEvent(type: string, init: InputEventInit): InputEvent;
  /** `keyCode`/`which` are legacy members both engines still honour in the init dictionary. */
  newKeyboardEvent(
    type: string,
    init: KeyboardEventInit & { keyCode?: number; which?: number },
  ): KeyboardEvent;
}

/** Firefox content-script globals (absent in Chrome and in pages). */
type CloneInto = <T>(value: T, target: Window, options?: { wrapReflectors?: boolean }) => T;
interface XrayWindow extends Window {
  wrappedJSObject?: Window & typeof globalThis;
}

/** The realm whose constructors the page's editor will accept, for the document `el` is in. */
export function pageRealm(el: Element): PageRealm {
  const view = (el.ownerDocument.defaultView ?? window) as XrayWindow & typeof globalThis;
  const cloneInto = (globalThis as { cloneInto?: CloneInto }).cloneInto;
  const page = view.wrappedJSObject;
  if (page && cloneInto) {
    // wrapReflectors lets the DataTransfer (a DOM object) travel inside the cloned init dictionary.
    const into = <T>(init: T): T => cloneInto(init, view, { wrapReflectors: true });
    return {
      newDataTransfer: () => new page.DataTransfer(),
      newClipboardEvent: (type, init) => new page.ClipboardEvent(type, into(init)),
      newInputEvent: (type, init) => new page.InputEvent(type, into(init)),
      newKeyboardEvent: (type, init) => new page.KeyboardEvent(type, into(init)),
    };
  }
  return {
    newDataTransfer: () => new view.DataTransfer(),
    newClipboardEvent: (type, init) => new view.ClipboardEvent(type, init),
    newInputEvent: (type, init) => new view.InputEvent(type, init),
    newKeyboardEvent: (type, init) => new view.KeyboardEvent(type, init),
  };
}
