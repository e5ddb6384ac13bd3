/**
 * Renders a feature's own UI (an underline layer, a card, a hint, a dialog) in a layer of the UI host, with the
 * Preact of the code that calls it. The modules the content script loads on demand (the data guard, the paste
 * guard) are separate files with their own copy of Preact (scripts/content-script.ts), and a component's hooks
 * work only under the copy they belong to: so each copy renders its own components, into containers that the one
 * UI host provides.
 */
import { type ComponentChildren, render } from 'preact';
import type { UiHost } from './ui-host.tsx';

/** Renders `children` in a new layer, unmounted and removed when the signal aborts; returns a re-render function. */
export function attachLayer(
  ui: UiHost,
  children: ComponentChildren,
  signal: AbortSignal,
): (next: ComponentChildren) => void {
  const container = ui.layer(signal);
  render(children, container);
  signal.addEventListener('abort', () => render(null, container), { once: true });
  return (next) => {
    if (!signal.aborted) render(next, container);
  };
}
