/**
 * Adapter drift and site diagnostics, as pure logic over a DOM root (the feature is features/site-health.ts).
 * A diagnostic says which selector variant of each field matched, or that none did, and how many messages were
 * found — never what the page says: no texts, names, e-mail addresses or ids, and a URL reduced to its shape.
 */
import { SELECTOR_FIELDS } from '../../core/settings/custom-site.ts';
import type { SiteAdapter } from './adapter.ts';
import { firstDeep, firstMatch } from './query.ts';
import { messageElements, readEmail, readTicketId, readTime, roleOf, urlLooksLikeTicket } from './read.ts';

export type SelectorField = keyof SiteAdapter['selectors'];

/** How agents read each field's name in "Zendesk adapter: composer not found". */
export function fieldLabel(field: SelectorField): string {
  return SELECTOR_FIELDS[field].label;
}

/** A URL segment that is (or may carry) an identifier: numbers, hashes, record ids, e-mail addresses, tokens. */
function isIdLike(segment: string): boolean {
  if (segment === '') return false;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return true;
  }
  if (/\d/.test(decoded)) return true;
  if (/@|%|=|\s/.test(decoded) || decoded.length > 24) return true;
  // Mixed-case tokens (Gmail thread ids, base64) with no digits.
  if (decoded.length >= 12 && /[a-z]/.test(decoded) && /[A-Z]/.test(decoded)) return true;
  return false;
}

/**
 * The URL's shape: the path (and a hash route) with every id-like segment replaced by `:id`; no host, no query.
 * `https://acme.zendesk.com/agent/tickets/1042` → `/agent/tickets/:id`.
 */
export function urlShape(url: string): string {
  const parsed = new URL(url);
  const shape = (path: string) =>
    path
      .split('/')
      .map((segment) => (isIdLike(segment) ? ':id' : segment))
      .join('/');
  const hash = parsed.hash.startsWith('#') && parsed.hash.length > 1 ? `#${shape(parsed.hash.slice(1))}` : '';
  return `${shape(parsed.pathname)}${hash}`;
}

export interface FieldDiagnostic {
  /** Index of the variant that matched (0 = the most stable hook), or null when none did. */
  variant: number | null;
  /** How many variants the adapter knows for this field. */
  variants: number;
  /** The matching variant (adapter data, not page data), when one matched. */
  selector?: string;
}

/** Which variant of each field the adapter defines matched on this page. */
export function fieldDiagnostics(
  adapter: SiteAdapter,
  root: ParentNode,
): Partial<Record<SelectorField, FieldDiagnostic>> {
  const report: Partial<Record<SelectorField, FieldDiagnostic>> = {};
  const fields = Object.keys(adapter.selectors) as SelectorField[];
  // Per-message fields are looked up inside the first message, as the reader does.
  const firstMessage = messageElements(adapter, root)[0];
  for (const field of fields) {
    const list = adapter.selectors[field] ?? [];
    if (list.length === 0) continue;
    const perMessage = field === 'messageBody' || field === 'messageAuthor' || field === 'messageTime';
    const scope = perMessage ? firstMessage : root;
    const match = scope ? firstMatch(scope, list) : null;
    report[field] = match
      ? { variant: match.variant, variants: list.length, selector: list[match.variant] }
      : { variant: null, variants: list.length };
  }
  return report;
}

/**
 * The fields required on the page at `url`: the adapter's `required`, then those of each `requiredOn` entry whose
 * pattern matches the URL's path, query and hash (without `url`, only `required`). Each field once.
 */
export function requiredFields(adapter: SiteAdapter, url?: string): SelectorField[] {
  const fields = [...(adapter.required ?? [])];
  if (url !== undefined && adapter.requiredOn?.length) {
    const parsed = new URL(url);
    const where = `${parsed.pathname}${parsed.search}${parsed.hash}`;
    for (const page of adapter.requiredOn) if (page.url.test(where)) fields.push(...page.required);
  }
  return [...new Set(fields)];
}

/** The fields required on this page (see requiredFields) that match nothing, in the adapter's order. */
export function missingRequired(adapter: SiteAdapter, root: ParentNode, url?: string): SelectorField[] {
  return requiredFields(adapter, url).filter((field) => {
    const list = adapter.selectors[field];
    return !list || list.length === 0 || firstDeep(root, list) === null;
  });
}

/** What the status bar says when an adapter drifted: "Zendesk adapter: composer not found". */
export function driftMessage(adapter: SiteAdapter, missing: readonly SelectorField[]): string {
  const names = missing.map(fieldLabel);
  const list =
    names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${adapter.name} adapter: ${list} not found`;
}

export interface SiteDiagnostic {
  deskmate: string;
  adapter: string;
  /** The adapter's match pattern that claimed this page (host shape, no subdomain of the client). */
  pattern: string | null;
  path: string;
  ticketPage: boolean;
  ticketIdFound: boolean;
  fields: Partial<Record<SelectorField, FieldDiagnostic>>;
  missingRequired: SelectorField[];
  messages: { count: number; customer: number; agent: number; withTime: number };
  composers: number;
  frames: { iframes: number; shadowHosts: number };
}

function countShadowHosts(root: ParentNode, limit = 5_000): number {
  let hosts = 0;
  let seen = 0;
  for (const element of root.querySelectorAll('*')) {
    if (++seen > limit) break;
    if (element.shadowRoot) hosts++;
  }
  return hosts;
}

/** The diagnostic for support staff and adapter maintainers: selectors and counts, none of the page's data. */
export function siteDiagnostics(
  adapter: SiteAdapter,
  url: string,
  root: ParentNode,
  version: string,
  matchesUrl: (pattern: string) => boolean = () => false,
): SiteDiagnostic {
  const elements = messageElements(adapter, root);
  let customer = 0;
  let agent = 0;
  let withTime = 0;
  let email: string | undefined | null = null;
  // The same reading of the requester's address as the ticket reader's (a mailto: link, an attribute, the text).
  const requesterEmail = () => {
    if (email === null) email = readEmail(root, adapter.selectors.requesterEmail);
    return email;
  };
  for (const element of elements) {
    if (roleOf(adapter, element, requesterEmail) === 'agent') agent++;
    else customer++;
    if (readTime(firstDeep(element, adapter.selectors.messageTime)) !== null) withTime++;
  }
  const composers = (adapter.selectors.composer ?? []).reduce(
    (count, selector) => count + (firstDeep(root, [selector]) ? 1 : 0),
    0,
  );
  return {
    deskmate: version,
    adapter: adapter.id,
    pattern: adapter.matches.find(matchesUrl) ?? null,
    path: urlShape(url),
    ticketPage: urlLooksLikeTicket(adapter, url),
    ticketIdFound: readTicketId(adapter, url, root) !== undefined,
    fields: fieldDiagnostics(adapter, root),
    missingRequired: missingRequired(adapter, root, url),
    messages: { count: elements.length, customer, agent, withTime },
    composers,
    frames: { iframes: root.querySelectorAll('iframe').length, shadowHosts: countShadowHosts(root) },
  };
}
