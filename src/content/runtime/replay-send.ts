/**
 * What a send is made of, and doing one again: shared by the loader's early hold (runtime/early-hold.ts, on every
 * matched page) and the send guard's (guard/hold.ts, guard/send-guard.ts). No imports: the loader must stay small.
 */
export type SendKind = 'click' | 'keydown' | 'submit';

export const SEND_KINDS: readonly SendKind[] = ['click', 'keydown', 'submit'];

/** Does the send again, as the agent did it: a click, a form submit, or the key press. */
export function replaySend(view: Window, kind: SendKind, target: Element, event: Event): void {
  if (kind === 'click') (target as HTMLElement).click();
  else if (kind === 'submit') {
    const submitter = (event as SubmitEvent).submitter;
    (target as HTMLFormElement).requestSubmit(submitter?.isConnected ? submitter : undefined);
  } else {
    const key = event as KeyboardEvent;
    const init: KeyboardEventInit & { keyCode?: number; which?: number } = {
      key: key.key,
      code: key.code,
      keyCode: key.keyCode,
      which: key.which,
      ctrlKey: key.ctrlKey,
      metaKey: key.metaKey,
      shiftKey: key.shiftKey,
      altKey: key.altKey,
      bubbles: true,
      cancelable: true,
      composed: true,
    };
    const source = event.composedPath()[0];
    (source instanceof view.Node ? source : target).dispatchEvent(
      new (view as typeof window).KeyboardEvent('keydown', init),
    );
  }
}
