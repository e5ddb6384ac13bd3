/**
 * Which adapter reads this page. The rule, in order (docs/DEPLOYMENT.md, "Custom sites"):
 *
 *   1. a custom site whose match patterns cover the URL and that says `overrides: true` — it takes the URL over
 *      from any built-in adapter (Zendesk with the company's own ticket fields, the demo helpdesk's host);
 *   2. else a built-in adapter whose patterns cover the URL, unless the agent or their admin turned Deskmate off
 *      on that helpdesk (`sites.disabled`: then Deskmate stays off on that helpdesk's pages, and only there);
 *   3. else the first custom site (in settings order) whose patterns cover the URL;
 *   4. else the generic fallback.
 *
 * A built-in adapter's patterns name exactly its hosts (the demo's, in a demo build, its one host and port), so a
 * custom site on the same host and another port, or on any other host, never competes with it.
 *
 * A custom site is laid over a base adapter: the built-in one it names in `adapter`; or, when it names none and
 * brings no selectors of its own, a self-hosted adapter (Request Tracker, Roundcube) whose `detect` selectors
 * match the page — which needs the page: the content script passes its document.
 */
import type { CustomSite } from '../../core/settings/custom-site.ts';
import type { SettingValues } from '../../core/settings/definitions.ts';
import { patternPort, withoutPort } from '../../core/settings/match-pattern.ts';
import { adapterMatchesUrl, compileMatchPattern, type SiteAdapter } from '../sites/adapter.ts';
import { builtInSites } from '../sites/built-in.ts';
import { customAdapterFromDefinition, type PatternCompiler } from '../sites/custom.ts';
import { genericAdapter, selfHostedAdapters } from '../sites/index.ts';
import { firstDeep } from '../sites/query.ts';

/** Whether one of a custom site's patterns covers the URL (a pattern that does not parse covers nothing). */
export function customSiteMatches(site: Pick<CustomSite, 'matches'>, url: string): boolean {
  return site.matches.some((pattern) => {
    try {
      return compileMatchPattern(pattern).test(url);
    } catch {
      return false;
    }
  });
}

const hasOwnSelectors = (site: CustomSite) =>
  Object.values(site.selectors ?? {}).some((list) => Array.isArray(list) && list.length > 0);

/**
 * The built-in adapter a custom site builds on: the one it names, or (named none, no selectors of its own) the
 * first self-hosted adapter whose `detect` selectors match `page`. Undefined when there is none (a name this
 * build does not have, such as `demo` in the store build, counts as none).
 */
export function baseAdapterOf(site: CustomSite, page?: ParentNode): SiteAdapter | undefined {
  if (site.adapter)
    return [...builtInSites, ...selfHostedAdapters].find((adapter) => adapter.id === site.adapter);
  if (!page || hasOwnSelectors(site)) return undefined;
  return selfHostedAdapters.find((adapter) => adapter.detect?.length && firstDeep(page, adapter.detect));
}

/**
 * A custom site as a site adapter. A definition that fails validation (e.g. a selector the browser rejects, a
 * ticket pattern re2js refuses) still gets the generic fallback on its pages rather than no Deskmate at all.
 * Its own patterns need `compile` (see PatternCompiler); without it the adapter reads no id with them.
 */
export function adapterFromCustomSite(
  site: CustomSite,
  compile?: PatternCompiler,
  page?: ParentNode,
): SiteAdapter {
  try {
    return customAdapterFromDefinition(site, compile, baseAdapterOf(site, page));
  } catch {
    return { ...genericAdapter, id: `custom:${site.id}`, name: site.name, matches: site.matches };
  }
}

export interface SiteChoice {
  adapter: SiteAdapter;
  enabled: boolean;
  /** A custom site whose own patterns wait for the pattern compiler (choose again with it). */
  needsPatterns: boolean;
}

/** The custom site that reads the URL, by the rule above; undefined when a built-in adapter or nothing does. */
export function customSiteFor(url: string, settings: SettingValues): CustomSite | undefined {
  const covering = settings['sites.custom'].filter((site) => customSiteMatches(site, url));
  const takingOver = covering.find((site) => site.overrides);
  if (takingOver) return takingOver;
  if (builtInSites.some((adapter) => adapterMatchesUrl(adapter, url))) return undefined;
  return covering[0];
}

/**
 * Whether a custom site's pattern covers the page only once its port is ignored, and nothing else claims it: the
 * content script is here because the browser's patterns take no port (Firefox: the site was registered for every
 * port of its host), and Deskmate does not belong on this one.
 */
export function coveredOnlyOnAnotherPort(url: string, settings: SettingValues): boolean {
  if (builtInSites.some((adapter) => adapterMatchesUrl(adapter, url))) return false;
  const sites = settings['sites.custom'];
  if (sites.some((site) => customSiteMatches(site, url))) return false;
  return sites.some((site) =>
    customSiteMatches(
      { matches: site.matches.filter((pattern) => patternPort(pattern) !== undefined).map(withoutPort) },
      url,
    ),
  );
}

/**
 * Whether Deskmate runs on the URL, by the same rule as chooseSite, without building the adapter (the content
 * script asks on every settings change; building a custom site's adapter validates its whole definition).
 */
export function siteEnabled(url: string, settings: SettingValues): boolean {
  if (customSiteFor(url, settings)) return true;
  const builtIn = builtInSites.find((adapter) => adapterMatchesUrl(adapter, url));
  return !builtIn || !settings['sites.disabled'].includes(builtIn.id);
}

export function chooseSite(
  url: string,
  settings: SettingValues,
  compile?: PatternCompiler,
  page?: ParentNode,
): SiteChoice {
  const custom = customSiteFor(url, settings);
  if (custom)
    return {
      adapter: adapterFromCustomSite(custom, compile, page),
      enabled: true,
      needsPatterns:
        !compile &&
        (custom.ticketPath !== undefined ||
          custom.ticketUrl !== undefined ||
          (custom.requiredOn?.length ?? 0) > 0),
    };
  const builtIn = builtInSites.find((adapter) => adapterMatchesUrl(adapter, url));
  if (builtIn)
    return {
      adapter: builtIn,
      enabled: !settings['sites.disabled'].includes(builtIn.id),
      needsPatterns: false,
    };
  return { adapter: genericAdapter, enabled: true, needsPatterns: false };
}
