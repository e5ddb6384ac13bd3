/**
 * WebExtension match patterns (`*://*.zendesk.com/*`), as the built-in adapters, custom sites and the manifest use
 * them: one parser for the settings' validation (src/core/settings/custom-site.ts) and the content script's site
 * choice (src/content/sites/adapter.ts re-exports it). Match patterns come from settings too, so no regular
 * expression is built from them: the path's `*`s are matched by the linear glob matcher, the scheme and host
 * compared as strings.
 */
import { globMatches } from './url-glob.ts';

/** A compiled URL test (match patterns, and what replaces them in tests). */
export interface UrlTest {
  test(url: string): boolean;
}

/**
 * A match pattern as a test over full URLs. A pattern without a port matches any port; one with a port (Chrome's
 * syntax) only that port. Throws, without quoting the pattern, when it is not `scheme://host/path`.
 */
/** Compiled patterns by source: the same few patterns are tested on every page load and every navigation. */
const compiled = new Map<string, UrlTest>();

export function compileMatchPattern(pattern: string): UrlTest {
  let test = compiled.get(pattern);
  if (!test) {
    test = compileUncached(pattern);
    // Bounded: settings hold a few dozen patterns; a flood of distinct ones is not kept.
    if (compiled.size < 500) compiled.set(pattern, test);
  }
  return test;
}

function compileUncached(pattern: string): UrlTest {
  if (pattern === '<all_urls>') return { test: (url) => /^(https?|file):\/\//.test(url) };
  const parsed = /^(\*|https?|file):\/\/([^/]*)(\/.*)$/.exec(pattern);
  // The pattern is not quoted: errors never echo settings values.
  if (!parsed) throw new Error('invalid match pattern (expected scheme://host/path)');
  const [, scheme, authority, path] = parsed as unknown as [string, string, string, string];
  // Chrome's patterns may name a port ("http://127.0.0.1:5178/*", the demo build): then only that port matches.
  const portAt = authority.lastIndexOf(':');
  const port =
    portAt >= 0 && /^(\d+|\*)$/.test(authority.slice(portAt + 1)) ? authority.slice(portAt + 1) : '*';
  const host = portAt >= 0 && port !== '*' ? authority.slice(0, portAt) : authority.replace(/:\*$/, '');
  const schemeMatches = (value: string) =>
    scheme === '*' ? value === 'http' || value === 'https' : value === scheme;
  const hostMatches = (value: string) => {
    if (host === '*') return value !== '';
    if (host.startsWith('*.')) return value === host.slice(2) || value.endsWith(host.slice(1));
    return value === host;
  };
  return {
    test(url) {
      const split = splitUrl(url);
      return (
        split !== undefined &&
        schemeMatches(split.scheme) &&
        hostMatches(split.host) &&
        (port === '*' || split.port === port) &&
        globMatches(path, split.rest)
      );
    },
  };
}

/** `scheme://host:port/rest…` in parts, read without a regular expression over the rest. */
function splitUrl(url: string): { scheme: string; host: string; port: string; rest: string } | undefined {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd <= 0) return undefined;
  const authorityStart = schemeEnd + 3;
  let authorityEnd = authorityStart;
  while (authorityEnd < url.length && !'/?#'.includes(url[authorityEnd]!)) authorityEnd++;
  let host = url.slice(authorityStart, authorityEnd);
  const colon = host.lastIndexOf(':');
  let port = '';
  if (colon >= 0 && /^\d+$/.test(host.slice(colon + 1))) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.includes(':')) return undefined;
  return { scheme: url.slice(0, schemeEnd), host, port, rest: url.slice(authorityEnd) };
}

/**
 * The match patterns a site in settings may use: http, https or `*` for both; a host, `*.` and a domain, or `*`;
 * an optional port (Chrome honours it; Firefox ignores ports in match patterns, see site-registration.ts); a path.
 * Not `<all_urls>` and not `file://`: Deskmate is for web apps.
 */
const SITE_PATTERN = /^(https?|\*):\/\/(\*|(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*)(:\d{1,5})?\/[^\s]*$/i;

/** Why a match pattern cannot be a site's, or undefined when it can (never quoting the pattern). */
export function sitePatternProblem(pattern: string): string | undefined {
  if (!SITE_PATTERN.test(pattern))
    return 'a match pattern such as https://crm.example.com/* (not <all_urls>)';
  return undefined;
}

/** A pattern's port, when it names one (`http://127.0.0.1:8080/*` → `8080`). */
export function patternPort(pattern: string): string | undefined {
  return /^[^:]+:\/\/[^/]*:(\d+)\//.exec(pattern)?.[1];
}

/** The pattern without its port (`http://127.0.0.1:8080/*` → `http://127.0.0.1/*`), for browsers without ports. */
export function withoutPort(pattern: string): string {
  return pattern.replace(/^([^:]+:\/\/[^/:]*):\d+\//, '$1/');
}
