/**
 * Runs the content script on sites outside the manifest, once the browser has granted host access to them:
 * - custom sites (in-house CRMs, helpdesks without a built-in adapter) configured in any layer;
 * - paste sites, the non-helpdesk sites a client's data-guard policy lists in `guard.pasteSites` (there the
 *   content script runs only the paste guard).
 * The built-in adapters' hosts are in the manifest; these are registered at run time, so Deskmate has access to
 * nothing an admin, a QA lead or an agent did not add. Called at start and whenever settings or permissions
 * change; it converges the registered scripts on what is wanted.
 */
import { pasteSiteMatchPatterns } from '../core/pii/policy/paste-sites.ts';
import { originsOf } from '../core/settings/custom-site.ts';
import { browser, browserPatterns } from '../platform/browser.ts';
import type { SettingsService } from './settings-service.ts';

const PREFIX = 'custom-site-';
const PASTE_PREFIX = 'paste-site-';

/** The match patterns of every paste site any client's policy lists, and which of them are not granted yet. */
export async function pasteSiteAccess(
  settings: SettingsService,
): Promise<{ sites: string[]; origins: string[]; missing: string[] }> {
  const sites = await settings.pasteSites();
  const origins = sites.flatMap(pasteSiteMatchPatterns);
  const missing: string[] = [];
  for (const origin of origins)
    if (!(await browser.permissions.contains({ origins: [origin] }))) missing.push(origin);
  return { sites, origins, missing };
}

export async function syncSites(settings: SettingsService): Promise<string[]> {
  const wanted = [...(await wantedCustomSites(settings)), ...(await wantedPasteSites(settings))];
  return converge(wanted);
}

async function wantedPasteSites(
  settings: SettingsService,
): Promise<Array<{ id: string; matches: string[] }>> {
  const wanted: Array<{ id: string; matches: string[] }> = [];
  for (const site of await settings.pasteSites()) {
    const matches = pasteSiteMatchPatterns(site);
    const granted: string[] = [];
    for (const origin of matches)
      if (await browser.permissions.contains({ origins: [origin] })) granted.push(origin);
    if (granted.length) wanted.push({ id: `${PASTE_PREFIX}${site}`, matches: granted });
  }
  return wanted;
}

async function wantedCustomSites(
  settings: SettingsService,
): Promise<Array<{ id: string; matches: string[] }>> {
  const ids: Array<string | null> = [null, ...(await settings.clients()).map((client) => client.id)];
  const sites = new Map<string, string[]>();
  for (const id of ids) {
    for (const site of (await settings.resolve(id)).values['sites.custom'])
      sites.set(site.id, originsOf(site));
  }
  const wanted: Array<{ id: string; matches: string[] }> = [];
  for (const [id, origins] of sites) {
    // Where patterns take no port (Firefox), the host's every port: the content script checks the port itself.
    const matches = browserPatterns(origins);
    if (await browser.permissions.contains({ origins: matches }))
      wanted.push({ id: `${PREFIX}${id}`, matches });
  }
  return wanted;
}

/**
 * A file of the extension as `scripting.registerContentScripts` takes it: a path relative to the extension's
 * root. Chrome's `runtime.getManifest()` gives the manifest's paths as written (`content/deskmate.js`); Firefox
 * gives full URLs (`moz-extension://<uuid>/content/deskmate.js`), which its registerContentScripts refuses ("must
 * be a relative URL"), so Deskmate never started on a custom site in Firefox.
 */
export function extensionRelativePath(path: string, root: string): string {
  if (root && path.startsWith(root)) return path.slice(root.length);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    const url = new URL(path);
    return decodeURIComponent(url.pathname).replace(/^\/+/, '');
  }
  return path.replace(/^\/+/, '');
}

/** The content script's files, relative to the extension's root (see extensionRelativePath). */
export function contentScriptFiles(): string[] {
  const root = browser.runtime.getURL('');
  const js = browser.runtime.getManifest().content_scripts?.[0]?.js ?? [];
  return js.map((file) => extensionRelativePath(file, root));
}

async function converge(wanted: Array<{ id: string; matches: string[] }>): Promise<string[]> {
  // The same script the manifest runs on built-in helpdesks (its file name is the build's).
  const js = contentScriptFiles();
  const root = browser.runtime.getURL('');
  const registered = await browser.scripting.getRegisteredContentScripts();
  const stale = registered.filter(
    (script) =>
      (script.id.startsWith(PREFIX) || script.id.startsWith(PASTE_PREFIX)) &&
      !wanted.some((w) => w.id === script.id),
  );
  if (stale.length)
    await browser.scripting.unregisterContentScripts({ ids: stale.map((script) => script.id) });
  const done: string[] = [];
  for (const script of wanted) {
    const existing = registered.find((candidate) => candidate.id === script.id);
    const definition = { id: script.id, matches: script.matches, js, runAt: 'document_idle' as const };
    try {
      if (!existing) await browser.scripting.registerContentScripts([definition]);
      // A script registered by an earlier version may name files this one no longer has.
      else if (
        JSON.stringify(existing.matches) !== JSON.stringify(script.matches) ||
        JSON.stringify((existing.js ?? []).map((file) => extensionRelativePath(file, root))) !==
          JSON.stringify(js)
      ) {
        await browser.scripting.updateContentScripts([definition]);
      }
      done.push(script.id);
    } catch (error) {
      // One site the browser refuses (a pattern it does not take) must not keep Deskmate off the others.
      console.error(`Deskmate: could not run on the site "${script.id}":`, error);
    }
  }
  return done;
}
