/**
 * Deskmate's content script, injected into the helpdesk pages the site adapters match, and registered by the
 * worker for custom and paste sites (background/site-registration.ts).
 */
import { browser } from '../platform/browser.ts';
import { boot } from './runtime/boot.ts';
// Registers the loader the built script's on-demand imports call (scripts/content-script.ts).
import './runtime/lazy.ts';

/**
 * One Deskmate per frame. The same script can be injected twice into one page: by the manifest and by a custom
 * site registered for a built-in helpdesk's host (a custom site that takes it over), or by two custom sites whose
 * patterns overlap. Both run in the extension's one isolated world, so the first leaves a mark there and a second
 * stops, unless the first no longer runs (its extension context went away: an update or reload).
 */
const INSTANCE = Symbol.for('deskmate.content.instance');
const scope = globalThis as unknown as Record<symbol, { alive(): boolean } | undefined>;

if (!scope[INSTANCE]?.alive()) {
  const extension = new AbortController();
  const runtime = browser.runtime;
  scope[INSTANCE] = {
    alive() {
      try {
        return !extension.signal.aborted && Boolean(runtime?.id);
      } catch {
        return false;
      }
    },
  };
  boot(extension).catch((error) => console.error('Deskmate could not start on this page:', error));
}
