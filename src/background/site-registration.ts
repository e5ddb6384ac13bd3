/**
 * Runs the content script on the custom sites (in-house CRMs, helpdesks without a built-in adapter) that are
 * configured in any layer and whose host access the browser has granted. The built-in adapters' hosts are in
 * the manifest; these are registered at run time, so Deskmate has access to nothing an admin or agent did not
 * add. Called at start and whenever settings or permissions change; it converges the registered scripts on what
 * is wanted.
 */
import { originsOf } from '../core/settings/custom-site.ts';
import { browser } from '../platform/browser.ts';
import type { SettingsService } from './settings-service.ts';

const PREFIX = 'custom-site-';

export async function syncCustomSites(settings: SettingsService): Promise<string[]> {
  const ids: Array<string | null> = [null, ...(await settings.clients()).map((client) => client.id)];
  const sites = new Map<string, string[]>();
  for (const id of ids) {
    for (const site of (await settings.resolve(id)).values['sites.custom'])
      sites.set(site.id, originsOf(site));
  }
  const wanted: Array<{ id: string; matches: string[] }> = [];
  for (const [id, origins] of sites) {
    if (await browser.permissions.contains({ origins }))
      wanted.push({ id: `${PREFIX}${id}`, matches: origins });
  }

  // The same script the manifest runs on built-in helpdesks (its file name is the build's).
  const js = browser.runtime.getManifest().content_scripts?.[0]?.js ?? [];
  const registered = await browser.scripting.getRegisteredContentScripts();
  const stale = registered.filter(
    (script) => script.id.startsWith(PREFIX) && !wanted.some((w) => w.id === script.id),
  );
  if (stale.length)
    await browser.scripting.unregisterContentScripts({ ids: stale.map((script) => script.id) });
  for (const script of wanted) {
    const existing = registered.find((candidate) => candidate.id === script.id);
    const definition = { id: script.id, matches: script.matches, js, runAt: 'document_idle' as const };
    if (!existing) await browser.scripting.registerContentScripts([definition]);
    else if (JSON.stringify(existing.matches) !== JSON.stringify(script.matches)) {
      await browser.scripting.updateContentScripts([definition]);
    }
  }
  return wanted.map((script) => script.id);
}
