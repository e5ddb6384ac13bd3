/**
 * The non-helpdesk sites where a client's policy guards pasting (a chat tool, a translation site, a personal
 * notes app): entries are host names, or `*.domain` for a domain and all its subdomains. These become the match
 * patterns of the paste guard's content script, and tell the worker whose policy applies on a page.
 */
import type { RedactionPolicy } from './schema.ts';

/**
 * `notes.example.com` or `*.example.com`: lower-case letters, digits and hyphens in dot-separated labels (no
 * flags: the pattern is also published in the policy's JSON Schema).
 */
export const PASTE_SITE_PATTERN =
  /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Whether `host` (a URL's hostname, no port) is the site an entry names. */
export function pasteSiteMatches(entry: string, host: string): boolean {
  const site = entry.toLowerCase();
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!site.startsWith('*.')) return name === site;
  const domain = site.slice(2);
  return name === domain || name.endsWith(`.${domain}`);
}

/** The policy's paste sites that `host` is on (empty: pasting there is not guarded by this policy). */
export function pasteSitesFor(policy: RedactionPolicy | null | undefined, host: string): string[] {
  return (policy?.guard?.pasteSites ?? []).filter((entry) => pasteSiteMatches(entry, host));
}

/** WebExtension match patterns for an entry (both schemes: an in-house tool may still be served over http). */
export function pasteSiteMatchPatterns(entry: string): string[] {
  const site = entry.toLowerCase();
  return [`https://${site}/*`, `http://${site}/*`];
}
