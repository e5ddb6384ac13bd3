/**
 * Which adapter reads this page: a built-in one whose patterns match (unless the agent or their admin turned
 * Deskmate off on that helpdesk), else a custom site from settings, else the generic fallback.
 */
import type { CustomSite } from '../../core/settings/custom-site.ts';
import type { SettingValues } from '../../core/settings/definitions.ts';
import { adapterMatchesUrl, matchPatternToRegExp, type SiteAdapter } from '../sites/adapter.ts';
import { builtInSites } from '../sites/built-in.ts';
import { customAdapterFromDefinition } from '../sites/custom.ts';
import { genericAdapter } from '../sites/index.ts';

/**
 * A custom site as a site adapter. A definition that fails validation (e.g. a selector the browser rejects)
 * still gets the generic fallback on its pages rather than no Deskmate at all.
 */
export function adapterFromCustomSite(site: CustomSite): SiteAdapter {
  try {
    return customAdapterFromDefinition(site);
  } catch {
    return { ...genericAdapter, id: `custom:${site.id}`, name: site.name, matches: site.matches };
  }
}

export function chooseSite(url: string, settings: SettingValues): { adapter: SiteAdapter; enabled: boolean } {
  const builtIn = builtInSites.find((adapter) => adapterMatchesUrl(adapter, url));
  if (builtIn) return { adapter: builtIn, enabled: !settings['sites.disabled'].includes(builtIn.id) };
  const custom = settings['sites.custom'].find((site) =>
    site.matches.some((pattern) => {
      try {
        return matchPatternToRegExp(pattern).test(url);
      } catch {
        return false;
      }
    }),
  );
  if (custom) return { adapter: adapterFromCustomSite(custom), enabled: true };
  return { adapter: genericAdapter, enabled: true };
}
