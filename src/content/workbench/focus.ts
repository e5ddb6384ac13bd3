/**
 * Moving the agent's focus into our UI (the palette's input, the fill-in form, the suggestions list) from wherever
 * it is. When the caret is in an editor inside an iframe, the page's frame holds the focus: `element.focus()` in
 * the top document can leave the keys going to the frame, and a rich editor may take focus back on its next tick
 * (CKEditor 4 restoring its selection). Keys typed then go to the page — to its single-key shortcuts, which on
 * Request Tracker navigate away and lose the draft. So: take the window's focus first, focus, and check once
 * after the page's own handlers have run.
 */
export function focusOurs(element: HTMLElement | null | undefined): void {
  if (!element) return;
  const has = () => (element.getRootNode() as Document | ShadowRoot).activeElement === element;
  const take = () => {
    const active = document.activeElement;
    if (active && (active.tagName === 'IFRAME' || active.tagName === 'FRAME')) {
      (active as HTMLElement).blur();
      window.focus();
    }
    element.focus({ preventScroll: true });
  };
  take();
  setTimeout(() => {
    if (element.isConnected && !has()) take();
  }, 0);
}
