/**
 * Reading ticket facts through an adapter's selector lists: the first variant that matches wins.
 */
import type { SelectorList, SiteAdapter } from './adapter.ts';

function first(root: ParentNode, selectors: SelectorList | undefined): Element | null {
  for (const selector of selectors ?? []) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/** The trimmed text of the first matching element, with runs of white space folded. */
export function readText(root: ParentNode, selectors: SelectorList | undefined): string | undefined {
  const text = first(root, selectors)?.textContent?.replace(/\s+/g, ' ').trim();
  return text ? text : undefined;
}

export function readTicketId(adapter: SiteAdapter, url: string, root: ParentNode): string | undefined {
  if (adapter.selectors.ticketId && adapter.ticketIdAttribute) {
    const value = first(root, adapter.selectors.ticketId)?.getAttribute(adapter.ticketIdAttribute)?.trim();
    if (value) return value;
  }
  if (adapter.ticketPath) {
    const match = adapter.ticketPath.exec(new URL(url).pathname);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** A time from a `<time datetime>` (or a `datetime`/`title` attribute, or the text), as epoch ms. */
export function readTime(element: Element | null): number | null {
  if (!element) return null;
  for (const candidate of [
    element.getAttribute('datetime'),
    element.getAttribute('title'),
    element.textContent,
  ]) {
    if (!candidate) continue;
    const ms = Date.parse(candidate.trim());
    if (Number.isFinite(ms)) return ms;
  }
  return null;
}

export interface PageMessage {
  role: 'customer' | 'agent';
  at: number | null;
  element: Element;
}

/** The conversation's messages, oldest first as the page shows them, with who wrote each and when. */
export function readMessages(adapter: SiteAdapter, root: ParentNode): PageMessage[] {
  const messages: PageMessage[] = [];
  const role = adapter.messageRole;
  for (const selector of adapter.selectors.message ?? []) {
    const found = root.querySelectorAll(selector);
    if (found.length === 0) continue;
    for (const element of found) {
      const value = role ? (element.getAttribute(role.attribute) ?? '') : '';
      const author = role?.agent.includes(value) ? 'agent' : 'customer';
      messages.push({ role: author, at: readTime(first(element, adapter.selectors.messageTime)), element });
    }
    break;
  }
  return messages;
}

export interface TicketFacts {
  priority: string | null;
  status: string | null;
  channel: string | null;
  createdAt: number | null;
  messages: Array<{ role: 'customer' | 'agent'; at: number | null }>;
}

/** What the SLA clocks need from the page, read through the adapter. */
export function readTicketFacts(adapter: SiteAdapter, root: ParentNode): TicketFacts {
  const channelElement = first(root, adapter.selectors.channel);
  return {
    priority: readText(root, adapter.selectors.priority) ?? null,
    status: readText(root, adapter.selectors.status) ?? null,
    channel:
      channelElement?.getAttribute('data-channel') ?? readText(root, adapter.selectors.channel) ?? null,
    createdAt: readTime(first(root, adapter.selectors.createdAt)),
    messages: readMessages(adapter, root).map(({ role, at }) => ({ role, at })),
  };
}
