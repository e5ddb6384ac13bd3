/**
 * What counts as "sending a reply" on a helpdesk page, and how to do that send again later. Shared by the send
 * guard and by the hold that stands in for it while the guard's detection engine is still loading, so it must stay
 * free of the engine (src/core/pii): this module is part of the content script's eager start.
 */
import { type Composer, fieldsOfForm, sendControls } from '../runtime/composer.ts';
import { anchorIn } from '../runtime/frames.ts';
import type { SendKind } from '../runtime/replay-send.ts';
import type { SiteAdapter } from '../sites/adapter.ts';

export { replaySend, SEND_KINDS, type SendKind } from '../runtime/replay-send.ts';

/** The element the send goes through, when this event is a send; undefined otherwise. */
/**
 * Whether the event can be a send at all, before looking for the composer (which costs a tenth of a millisecond,
 * on every key the agent types): only Enter (with or without modifiers; not while composing) among the keys.
 */
export function mayBeSend(event: Event, kind: SendKind): boolean {
  if (kind !== 'keydown') return true;
  const key = event as KeyboardEvent;
  return key.key === 'Enter' && !key.isComposing;
}

export function sendTarget(
  site: SiteAdapter,
  doc: Document,
  event: Event,
  kind: SendKind,
  found: Composer,
): Element | undefined {
  const sendButtons = () => sendControls(site, doc, found);
  const composer = found.editable;
  const path = event.composedPath();
  if (kind === 'click') {
    const buttons = sendButtons();
    const hit = path.find((node): node is Element => buttons.includes(node as Element));
    if (!hit || (hit as HTMLButtonElement).disabled) return undefined;
    return hit;
  }
  if (kind === 'submit') {
    const form = event.target as HTMLFormElement;
    // The editor may sit in a frame or a shadow root inside the form: compare what holds it in this document.
    const holder = anchorIn(composer, form.ownerDocument);
    return form.contains(holder) || sendButtons().some((button) => form.contains(button)) ? form : undefined;
  }
  const key = event as KeyboardEvent;
  if (key.key !== 'Enter' || key.isComposing || !path.includes(composer)) return undefined;
  if (key.ctrlKey || key.metaKey) return composer;
  // A single-line composer, or a chat composer whose adapter says Enter sends, sends on Enter; rich editors
  // otherwise make a new line (Shift+Enter is a new line everywhere).
  if (key.shiftKey) return undefined;
  return composer.tagName === 'INPUT' || site.sendsOnEnter ? composer : undefined;
}

/**
 * Everything a send takes with it that the guard must check: the composer, the hidden fields kept in sync with it,
 * and the other visible fields of the form being submitted (a subject line leaks a card just as well).
 */
export function outgoingFields(found: Composer, target: Element, doc: Document): Element[] {
  const fields = [found.editable, ...found.synced];
  // A Ctrl+Enter in an iframe editor: the form is the one holding the frame, in the top document.
  const form =
    target.tagName === 'FORM'
      ? target
      : ((target as HTMLButtonElement).form ?? anchorIn(target, doc).closest('form') ?? null);
  if (form) for (const field of fieldsOfForm(form)) if (!fields.includes(field)) fields.push(field);
  return fields;
}
