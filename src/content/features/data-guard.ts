/**
 * The data guard (src/content/guard/session.ts) with its detection engine (src/core/pii: phone metadata, 35
 * detectors) is the biggest part of Deskmate's page code, so the helpdesk page does not pay for it while it
 * loads. This feature starts it when it is needed:
 * - the agent works in the composer (a click, a key, a paste) or selects text (a copy may be guarded);
 * - a reply is sent: the send is held (guard/hold.ts) and checked as soon as the guard is ready;
 * - the composer already holds text (a restored draft), seen in the first idle moment;
 * - otherwise once the page has settled, to flag the customer's messages (read-only): when its DOM has not
 *   changed for a while, so that a helpdesk app still rendering its start does not have the guard's engine compile
 *   in the middle of it.
 */
import { readText } from '../editing/index.ts';
import { holdSends } from '../guard/hold.ts';
import { composerFor, deepFocus } from '../runtime/composer.ts';
import type { Feature } from './feature.ts';

/** The page has settled when its DOM has not changed for this long; the guard then starts in an idle moment… */
const SETTLE_MS = 2_500;
/** …or this long after the feature started, on a page that never stops changing (live timers, presence). */
const LATEST_MS = 10_000;
const IDLE_TIMEOUT_MS = 2_000;
/**
 * The agent working in the composer. Not focus alone: helpdesks put the caret in the reply box as the page loads
 * (RT's reply page), and loading the guard then competed with the page's own start for nothing — the agent's first
 * key or click loads it (a send before it is ready is held).
 */
const TRIGGERS = ['pointerdown', 'keydown', 'paste', 'beforeinput'] as const;

export const dataGuard: Feature = {
  id: 'data-guard',
  start(context) {
    const { site, signal, listen, workbench, frames, dom } = context;
    const findComposer = () => composerFor(site, document)?.editable;

    // The listeners that start the guard stop once it is starting: they would otherwise look up the composer on
    // every key the agent types for the rest of the page.
    const starting = new AbortController();
    const triggers = { capture: true, passive: true, signal: AbortSignal.any([signal, starting.signal]) };
    let loading: Promise<void> | undefined;
    const load = () => {
      starting.abort();
      loading ??= import('../guard/session.ts').then(
        ({ startDataGuard }) => {
          if (signal.aborted) return;
          startDataGuard(context, { forgotten });
          hold.release();
        },
        (error: unknown) => {
          // Only an extension being reloaded or removed gets here. Never trap the agent's reply: let it go, and say so.
          hold.release();
          workbench.statusBar.set(
            {
              id: 'guard-failed',
              text: '⚠ Data guard off',
              tooltip: `The data guard could not start on this page: ${(error as Error).message}. Reload the page.`,
              alignment: 'left',
              severity: 'error',
            },
            signal,
          );
        },
      );
      return loading;
    };
    const hold = holdSends({ site, signal, onHeld: () => void load() });

    // The customer-aware guard's memory is the agent's shift: the agent can end it by hand (shared machine, a break).
    // This tab's guard hears it at once (other tabs when the agent goes back to them).
    const forgotten = new EventTarget();
    workbench.commands.register(
      {
        id: 'deskmate.customers.forget',
        title: 'Forget the customers of this shift',
        category: 'Data guard',
        run: async () => {
          const { forgotten: count } = await context.request('customers.forget', {});
          forgotten.dispatchEvent(new Event('forgotten'));
          workbench.statusBar.set(
            {
              id: 'customers-forgotten',
              text: `Forgot the customers of ${count} ticket${count === 1 ? '' : 's'}`,
              tooltip: 'Deskmate no longer knows whose values were on the tickets of this shift.',
              alignment: 'left',
              severity: 'info',
            },
            signal,
          );
          setTimeout(() => workbench.statusBar.remove('customers-forgotten'), 5000);
        },
      },
      signal,
    );

    // Page-made events start the guard too, deliberately: starting it only ever checks more.
    const inComposer = (event: Event) => {
      const composer = findComposer();
      if (composer && event.composedPath().includes(composer)) void load();
    };
    for (const type of TRIGGERS) document.addEventListener(type, inComposer, triggers);
    // `composerFocus` for when-clauses (the quick-fix key, mod+., works in the composer only).
    // Read once focus has settled: moving into a frame's editor fires focusout and focusin in two documents, in an
    // order browsers do not agree on.
    let focusCheck: ReturnType<typeof setTimeout> | undefined;
    const trackFocus = () => {
      clearTimeout(focusCheck);
      focusCheck = setTimeout(() => {
        const composer = findComposer();
        const active = deepFocus(document);
        const inside = !!composer && !!active && composer.contains(active);
        workbench.contextKeys.set('composerFocus', inside);
        // The agent has written in a reply box on this page: answers can be inserted even where no ticket is read.
        if (inside) workbench.contextKeys.set('composerSeen', true, signal);
      }, 0);
    };
    signal.addEventListener('abort', () => clearTimeout(focusCheck), { once: true });
    signal.addEventListener('abort', () => workbench.contextKeys.delete('composerFocus'), { once: true });
    listen(document, 'focusin', trackFocus, { capture: true });
    listen(document, 'focusout', trackFocus, { capture: true });
    // A composer in a same-origin iframe: the agent's keys, focus and sends happen in the frame's document.
    frames.each(signal, (frameDoc, frame, attached) => {
      hold.watch(frame, attached);
      for (const type of TRIGGERS)
        frameDoc.addEventListener(type, inComposer, {
          ...triggers,
          signal: AbortSignal.any([triggers.signal, attached]),
        });
      listen(frameDoc, 'focusin', trackFocus, { capture: true, signal: attached });
      listen(frameDoc, 'focusout', trackFocus, { capture: true, signal: attached });
    });
    document.addEventListener(
      'selectionchange',
      () => {
        if (document.getSelection()?.isCollapsed === false) void load();
      },
      triggers,
    );

    // A restored draft: looked for in the first idle moment rather than in the middle of the page's start (finding
    // the reply box measures the page's layout, and an app may not have rendered it yet). A send meanwhile is held.
    const draft = () => {
      if (starting.signal.aborted || signal.aborted) return;
      const composer = findComposer();
      if (composer && readText(composer).trim()) void load();
    };
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(draft, { timeout: IDLE_TIMEOUT_MS });
      triggers.signal.addEventListener('abort', () => cancelIdleCallback(id), { once: true });
    } else setTimeout(draft, 0);
    const settled = () => {
      clearTimeout(quiet);
      clearTimeout(latest);
      if (starting.signal.aborted || signal.aborted) return;
      if (typeof requestIdleCallback === 'function')
        requestIdleCallback(() => void load(), { timeout: IDLE_TIMEOUT_MS });
      else void load();
    };
    let quiet = setTimeout(settled, SETTLE_MS);
    const latest = setTimeout(settled, LATEST_MS);
    dom.onChange(() => {
      clearTimeout(quiet);
      quiet = setTimeout(settled, SETTLE_MS);
    }, triggers.signal);
    triggers.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(quiet);
        clearTimeout(latest);
      },
      { once: true },
    );
  },
};
