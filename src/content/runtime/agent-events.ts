/**
 * Whose event is this: the agent's, or the page's? A helpdesk page (or anything injected into it) can dispatch
 * any event it likes — a KeyboardEvent for Alt+Shift+C, a click, a paste — and Deskmate must never act on those
 * as if the agent had pressed or clicked: a page-made Alt+Shift+C would open the client switcher and list the
 * other clients' names, a page-made Enter would pick an answer or a quick fix.
 *
 * The browser tells: `isTrusted` is true only for events it made from the agent's input (or from its own work:
 * focus moving, a form submitted, a clipboard operation), and false for every event a script made with
 * `new Event()`/`dispatchEvent()` or `element.click()`. The page cannot forge it: the attribute is unforgeable
 * (an own, non-configurable property of each event), and our listeners run in the content script's isolated world,
 * where the page's scripts cannot patch anything.
 *
 * Everything here goes through `isAgentEvent`. Features get it by default from `context.listen` (which ignores
 * page-made events unless asked not to), direct listeners call `listenAgent` or `isAgentEvent`, and our UI's
 * shadow root drops page-made input events before any of its handlers (`shieldFromPageEvents`).
 *
 * The one place where page-made events must count is the send guard (guard/send-guard.ts, guard/hold.ts): a reply
 * the page's own script sends (its send button clicked from code, `form.requestSubmit()`, a made-up Ctrl+Enter)
 * leaves just the same, so it is checked just the same. Those listeners say so where they are added.
 */

/**
 * True when the browser made this event from the agent's input; false for an event a script made. A missing
 * `isTrusted` (test DOMs that do not model it) counts as made by a script: fail closed.
 */
export function isAgentEvent(event: Event): boolean {
  return event.isTrusted === true;
}

/**
 * The events that carry the agent's input (keys, pointer, text, clipboard, focus, drag): the ones our UI's shadow
 * root refuses when a script made them.
 */
export const INPUT_EVENT_TYPES: readonly string[] = [
  'keydown',
  'keyup',
  'keypress',
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'mousedown',
  'mouseup',
  'mouseover',
  'mouseout',
  'mouseenter',
  'mouseleave',
  'mousemove',
  'pointerdown',
  'pointerup',
  'pointermove',
  'pointerover',
  'pointerout',
  'pointerenter',
  'pointerleave',
  'touchstart',
  'touchend',
  'touchmove',
  'wheel',
  'beforeinput',
  'input',
  'change',
  'submit',
  'compositionstart',
  'compositionupdate',
  'compositionend',
  'paste',
  'copy',
  'cut',
  'focus',
  'blur',
  'focusin',
  'focusout',
  'dragstart',
  'drop',
];

/** Wraps a handler so that it only ever sees the agent's events. */
export function agentOnly<E extends Event>(handler: (event: E) => void): (event: E) => void {
  return (event) => {
    if (isAgentEvent(event)) handler(event);
  };
}

/** `addEventListener` for the agent's events only: what the page makes is never seen by `handler`. */
export function listenAgent<E extends Event = Event>(
  target: EventTarget,
  type: string,
  handler: (event: E) => void,
  options: AddEventListenerOptions = {},
): void {
  target.addEventListener(type, agentOnly(handler) as EventListener, options);
}

/**
 * Our UI's shadow root takes no input event a script made: each is stopped (and its default action cancelled — a
 * made-up click on a submit button would otherwise still submit) in the capture phase at the root, before any
 * handler inside. The root is closed, so the page cannot reach inside it today; this keeps it so for every button,
 * field and list we add, should an element of ours ever be handed out or moved.
 */
export function shieldFromPageEvents(root: ShadowRoot, signal?: AbortSignal): void {
  const stop = (event: Event) => {
    if (isAgentEvent(event)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  for (const type of INPUT_EVENT_TYPES)
    root.addEventListener(type, stop, { capture: true, ...(signal ? { signal } : {}) });
}
