/**
 * A client is one company the agent serves. It owns its knowledge, its redaction policy and its SLA policy, and
 * is chosen from the helpdesk page's URL: a host pattern (`acme.zendesk.com`, `*.freshdesk.com`) and an optional
 * path pattern (`/agent/*`). The most specific match wins, so one helpdesk host can serve several clients by path.
 */
import * as v from 'valibot';
import { globMatches } from './url-glob.ts';

const glob = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(253),
  v.regex(/^[\w.*:/%~@+-]+$/, 'only URL characters and *'),
);

export const urlMatchSchema = v.object({
  /** Host glob: `*` matches any run of characters except `/`; a port may follow (`127.0.0.1:5178`). */
  host: glob,
  /** Path glob, e.g. `/agent/*`; absent means any path. */
  path: v.optional(glob),
});
export type UrlMatch = v.InferOutput<typeof urlMatchSchema>;

export const clientSchema = v.object({
  id: v.pipe(
    v.string(),
    v.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _ (max 64)'),
  ),
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(120)),
  matches: v.array(urlMatchSchema),
  /** A colour to tell clients apart at a glance in the status bar. */
  color: v.optional(v.pipe(v.string(), v.regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour'))),
});
export type Client = v.InferOutput<typeof clientSchema>;

/** How specific a match is: literal characters count, wildcards do not; a path makes it more specific. */
function specificity(match: UrlMatch): number {
  const literal = (text: string) => text.replaceAll('*', '').length;
  return literal(match.host) * 2 + (match.path ? 1000 + literal(match.path) : 0);
}

export function urlMatches(match: UrlMatch, url: URL): boolean {
  // A URL's host never contains "/", so "any run of characters" is "any run except /" there.
  if (!globMatches(match.host, url.host, { caseInsensitive: true })) return false;
  return match.path === undefined || globMatches(match.path, url.pathname, { caseInsensitive: true });
}

/** The client whose most specific pattern matches `url`, if any. */
export function clientForUrl(clients: readonly Client[], url: string | URL): Client | undefined {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  let best: { client: Client; score: number } | undefined;
  for (const client of clients) {
    for (const match of client.matches) {
      if (!urlMatches(match, parsed)) continue;
      const score = specificity(match);
      if (!best || score > best.score) best = { client, score };
    }
  }
  return best?.client;
}
