/**
 * Which adapter reads this page: a built-in one whose patterns match (unless the agent or their admin turned
 * Deskmate off on that helpdesk), else a custom site from settings, else the generic fallback.
 */
import type { CustomSite } from '../../core/settings/custom-site.ts';
import type { SettingValues } from '../../core/settings/definitions.ts';
import { adapterMatchesUrl, compileMatchPattern, type SiteAdapter } from '../sites/adapter.ts';
import { builtInSites } from '../sites/built-in.ts';
import { customAdapterFromDefinition, type PatternCompiler } from '../sites/custom.ts';
import { genericAdapter } from '../sites/index.ts';

/**
 * A custom site as a site adapter. A definition that fails validation (e.g. a selector the browser rejects, a
 * ticket pattern re2js refuses) still gets the generic fallback on its pages rather than no Deskmate at all.
 * Its ticket patterns need `compile` (see PatternCompiler); without it the adapter reads no id from the URL.
 */
export function adapterFromCustomSite(site: CustomSite, compile?: PatternCompiler): SiteAdapter {
  try {
    return customAdapterFromDefinition(site, compile);
  } catch {
    return { ...genericAdapter, id: `custom:${site.id}`, name: site.name, matches: site.matches };
  }
}

export interface SiteChoice {
  adapter: SiteAdapter;
  enabled: boolean;
  /** A custom site whose ticket patterns wait for the pattern compiler (choose again with it). */
  needsPatterns: boolean;
}

export function chooseSite(url: string, settings: SettingValues, compile?: PatternCompiler): SiteChoice {
  const builtIn = builtInSites.find((adapter) => adapterMatchesUrl(adapter, url));
  if (builtIn)
    return {
      adapter: builtIn,
      enabled: !settings['sites.disabled'].includes(builtIn.id),
      needsPatterns: false,
    };
  const custom = settings['sites.custom'].find((site) =>
    site.matches.some((pattern) => {
      try {
        return compileMatchPattern(pattern).test(url);
      } catch {
        return false;
      }
    }),
  );
  if (custom)
    return {
      adapter: adapterFromCustomSite(custom, compile),
      enabled: true,
      needsPatterns: !compile && custom.ticketPath !== undefined,
    };
  return { adapter: genericAdapter, enabled: true, needsPatterns: false };
}
