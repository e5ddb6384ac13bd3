/**
 * Which adapter reads this page: a built-in one whose patterns match (unless the agent or their admin turned
 * Deskmate off on that helpdesk), else a custom site from settings, else the generic fallback.
 */
import type { CustomSite } from '../../core/settings/custom-site.ts';
import type { SettingValues } from '../../core/settings/definitions.ts';
import { adapterMatchesUrl, matchPatternToRegExp, type SiteAdapter } from '../sites/adapter.ts';
import { genericAdapter, siteAdapters } from '../sites/index.ts';

export function adapterFromCustomSite(site: CustomSite): SiteAdapter {
  const selectors = site.selectors ?? {};
  let ticketPath: RegExp | undefined;
  try {
    ticketPath = site.ticketPath ? new RegExp(site.ticketPath) : undefined;
  } catch {
    ticketPath = undefined; // An invalid expression reads no ticket id rather than breaking the page.
  }
  return {
    id: `custom:${site.id}`,
    name: site.name,
    matches: site.matches,
    ...(ticketPath ? { ticketPath } : {}),
    selectors: {
      ...genericAdapter.selectors,
      ...Object.fromEntries(Object.entries(selectors).filter(([, list]) => list && list.length > 0)),
      ticketView: selectors.ticketView ?? [],
    },
    required: selectors.composer ? ['composer'] : [],
  };
}

export function chooseSite(url: string, settings: SettingValues): { adapter: SiteAdapter; enabled: boolean } {
  const builtIn = siteAdapters.find((adapter) => adapterMatchesUrl(adapter, url));
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
