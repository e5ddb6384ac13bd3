/**
 * Site health: says so when the helpdesk's markup no longer matches its adapter ("Zendesk adapter: composer not
 * found", a warning in the status bar) instead of failing silently, and offers "Copy site diagnostics" in the
 * palette: a JSON report of which selector variants matched, with no customer data, for support staff to attach
 * to a bug. While an adapter has drifted, guarding and inserting fall back to the generic adapter
 * (sites/fallback.ts). Nothing here ever throws into the page.
 */
import { browser } from '../../platform/browser.ts';
import { adapterMatchesUrl } from '../sites/adapter.ts';
import {
  driftMessage,
  missingRequired,
  requiredFields,
  type SelectorField,
  siteDiagnostics,
} from '../sites/diagnostics.ts';
import { urlLooksLikeTicket } from '../sites/read.ts';
import type { Feature } from './feature.ts';

/** How long a ticket page may take to render its required parts before the adapter counts as drifted. */
export const DRIFT_GRACE_MS = 4_000;
/** While drifted, the page is re-checked at most this often (to clear the warning when the parts appear). */
const RECHECK_MS = 1_000;

function version(): string {
  try {
    return browser.runtime.getManifest().version;
  } catch {
    return 'unknown';
  }
}

/** Copies text from the palette's user gesture; falls back to a selected textarea and execCommand('copy'). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.cssText = 'position:fixed;top:-1000px;left:-1000px;opacity:0';
    (document.body ?? document.documentElement).append(area);
    try {
      area.select();
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

export const siteHealth: Feature = {
  id: 'site-health',
  // The diagnostics command helps on any page Deskmate runs on; drift is only reported for a client's pages.
  appliesTo: () => true,
  start({ site, url, dom, signal, workbench, tab }) {
    workbench.commands.register(
      {
        id: 'deskmate.site.copyDiagnostics',
        title: 'Copy site diagnostics',
        category: 'Deskmate',
        run: async () => {
          const report = siteDiagnostics(site, location.href, document, version(), (pattern) =>
            adapterMatchesUrl({ ...site, matches: [pattern] }, location.href),
          );
          const copied = await copyText(JSON.stringify(report, null, 2));
          if (signal.aborted) return;
          workbench.statusBar.set(
            {
              id: 'site-diagnostics',
              text: copied ? 'Site diagnostics copied' : 'Could not copy site diagnostics',
              tooltip: 'Selector matches and counts only: no customer data',
              alignment: 'right',
              severity: copied ? 'info' : 'warning',
            },
            signal,
          );
          const clear = setTimeout(() => workbench.statusBar.remove('site-diagnostics'), 4_000);
          signal.addEventListener('abort', () => clearTimeout(clear), { once: true });
        },
      },
      signal,
    );

    if (!tab.value.client || site.id === 'generic' || requiredFields(site, url).length === 0) return;
    if (!urlLooksLikeTicket(site, url)) return;

    let drifted: SelectorField[] = [];
    const show = (missing: SelectorField[]) => {
      if (signal.aborted) return;
      if (missing.join() === drifted.join()) return;
      drifted = missing;
      workbench.contextKeys.set('siteDrift', missing.length > 0, signal);
      if (missing.length === 0) {
        workbench.statusBar.remove('site-health');
        return;
      }
      workbench.statusBar.set(
        {
          id: 'site-health',
          text: `⚠ ${driftMessage(site, missing)}`,
          tooltip:
            `The page looks like a ticket, but ${site.name}'s markup no longer matches Deskmate's adapter. ` +
            'Deskmate guards every text box on the page instead (generic mode). ' +
            'Run "Copy site diagnostics" from the palette and send it to your Deskmate admin.',
          command: 'deskmate.site.copyDiagnostics',
          alignment: 'right',
          priority: 110,
          severity: 'warning',
        },
        signal,
      );
    };
    const check = () => {
      try {
        show(missingRequired(site, document, url));
      } catch (error) {
        console.error('Deskmate: site health check failed:', error);
      }
    };

    const grace = setTimeout(() => {
      check();
      // Only while drifted: notice the parts appearing (a slow render, a tab switched back) and clear the warning.
      let last = 0;
      let pending: ReturnType<typeof setTimeout> | undefined;
      dom.onChange(() => {
        if (drifted.length === 0 || pending) return;
        const wait = Math.max(0, last + RECHECK_MS - Date.now());
        pending = setTimeout(() => {
          pending = undefined;
          last = Date.now();
          check();
        }, wait);
      }, signal);
      signal.addEventListener('abort', () => clearTimeout(pending), { once: true });
    }, DRIFT_GRACE_MS);
    signal.addEventListener('abort', () => clearTimeout(grace), { once: true });
  },
};
