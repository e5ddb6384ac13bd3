/**
 * Never silent: on a page where Deskmate is on but cannot guard the reply — no reply box found where the site says
 * there is one, or the reply box is in a frame from another site — the status bar and the Problems view say so in
 * plain words ("Not guarding: the reply box was not found — define it in Options › Sites"). Pages that have no
 * reply box (a ticket's history, a list) say nothing: only the adapter's `required` list claims a composer.
 */

import { isLive } from '../editing/editor-kind.ts';
import { composerFor, isShown, whyNotGuarding } from '../runtime/composer.ts';
import { requiredFields } from '../sites/diagnostics.ts';
import { firstDeep } from '../sites/query.ts';
import { urlLooksLikeTicket } from '../sites/read.ts';
import type { Feature } from './feature.ts';
import { DRIFT_GRACE_MS } from './site-health.ts';

/** While not guarding, the page is looked at again at most this often (to clear the warning when the box appears). */
const RECHECK_MS = 1_000;
/**
 * On a page with no reply box and nothing to say (a ticket's history, a mail being read), a change can only matter
 * by bringing a frame from another site: look that much less often there (the agent's focus moving looks at once).
 */
const QUIET_RECHECK_MS = 10_000;

export const guardCoverage: Feature = {
  id: 'guard-coverage',
  start({ site, url, dom, signal, workbench, request, listen }) {
    // The adapter's `required` list, with what its `requiredOn` adds for this page (RT's reply page, not its history).
    const claimsComposer = requiredFields(site, url).includes('composer');
    const needsComposer = () =>
      claimsComposer &&
      (urlLooksLikeTicket(site, url) ||
        (site.selectors.ticketView.length > 0 && firstDeep(document, site.selectors.ticketView) !== null));

    let shown: string | undefined;
    let quiet = false;
    // The reply box last found: while it is on the page and shown, Deskmate guards it and there is nothing to say
    // (one element measured, not every editor of the page, on each of a helpdesk's constant small changes).
    let guarding: Element | undefined;
    const reason = (): string | undefined => {
      if (guarding && isLive(guarding) && isShown(guarding)) return undefined;
      guarding = composerFor(site, document)?.editable;
      return guarding ? undefined : whyNotGuarding(site, document, needsComposer());
    };
    const check = () => {
      if (signal.aborted) return;
      let message: string | undefined;
      try {
        message = reason();
      } catch (error) {
        console.error('Deskmate: guard coverage check failed:', error);
        return;
      }
      quiet = !message && !guarding;
      if (message === shown) return;
      shown = message;
      void request('guard.coverage', { site: site.id, ...(message ? { notGuarding: message } : {}) }).catch(
        () => {},
      );
      if (!message) {
        workbench.statusBar.remove('guard-coverage');
        return;
      }
      workbench.statusBar.set(
        {
          id: 'guard-coverage',
          text: `⚠ ${message}`,
          tooltip:
            'Deskmate cannot check what you send on this page. Ask your Deskmate admin, or define the reply box ' +
            'in Options › Sites (click to open).',
          command: 'workbench.action.openSettings',
          alignment: 'left',
          priority: 60,
          severity: 'warning',
        },
        signal,
      );
    };

    const grace = setTimeout(() => {
      check();
      let last = 0;
      let pending: ReturnType<typeof setTimeout> | undefined;
      let painted = 0;
      const soon = (event?: Event) => {
        // The agent moved into a field: maybe a reply box to look at now.
        if (event?.type === 'focusin') {
          clearTimeout(pending);
          pending = undefined;
          last = 0;
        }
        if (pending || painted) return;
        pending = setTimeout(
          () => {
            pending = undefined;
            // Just after the next frame is painted, when the page's own layout is done and measuring is free,
            // rather than forcing one of our own in the middle of the page's changes.
            painted = requestAnimationFrame(() => {
              setTimeout(() => {
                painted = 0;
                last = Date.now();
                check();
              }, 0);
            });
          },
          Math.max(0, last + (quiet ? QUIET_RECHECK_MS : RECHECK_MS) - Date.now()),
        );
      };
      dom.onChange(() => soon(), signal);
      listen(document, 'focusin', soon, {
        capture: true,
        passive: true,
        pageEvents: 'only makes us look again',
      });
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(pending);
          cancelAnimationFrame(painted);
        },
        { once: true },
      );
    }, DRIFT_GRACE_MS);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(grace);
        if (shown) void request('guard.coverage', { site: site.id }).catch(() => {});
      },
      { once: true },
    );
  },
};
