/**
 * Reading ticket facts through an adapter's selector lists: the first variant that matches wins. Every query goes
 * through query.ts, so a variant may step into open shadow roots and same-origin iframes with ` >>> `.
 */

import { parseRelativeDay } from '../../core/time/relative-day.ts';
import type { SelectorList, SiteAdapter } from './adapter.ts';
import { firstDeep, queryAllDeep } from './query.ts';

const first = firstDeep;

/**
 * Parts of an element that are not its value: buttons and links acting as buttons ("Open in new window" next to
 * Roundcube's subject), and text only screen readers get ("Subject: "), by the class names the common frameworks
 * and apps give it (Bootstrap, WordPress, Roundcube, HTML5 Boilerplate).
 */
const NOT_THE_VALUE =
  'button, [role="button"], .sr-only, .visually-hidden, .visuallyhidden, .screen-reader-text, .assistive-text, .a11y-hidden, .voice';

/** What an element says: a form control's value (Zendesk's subject is an input), else its text without its controls. */
function textOf(element: Element): string {
  const tag = element.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA') return (element as HTMLInputElement).value;
  if (tag === 'SELECT') {
    const select = element as HTMLSelectElement;
    return select.selectedOptions[0]?.textContent ?? select.value;
  }
  if (!element.querySelector(NOT_THE_VALUE)) return element.textContent ?? '';
  let text = '';
  const walker = element.ownerDocument.createTreeWalker(element, 5 /* elements and text */, {
    acceptNode: (node) =>
      node.nodeType === 1 && (node as Element).matches(NOT_THE_VALUE) ? 2 /* reject the subtree */ : 1,
  });
  for (let node = walker.nextNode(); node; node = walker.nextNode())
    if (node.nodeType === 3) text += node.nodeValue ?? '';
  return text;
}

/** The trimmed text of the first matching element, with runs of white space folded. */
export function readText(root: ParentNode, selectors: SelectorList | undefined): string | undefined {
  const element = first(root, selectors);
  const text = element ? textOf(element).replace(/\s+/g, ' ').trim() : undefined;
  return text ? text : undefined;
}

export function readTicketId(adapter: SiteAdapter, url: string, root: ParentNode): string | undefined {
  if (adapter.selectors.ticketId && adapter.ticketIdAttribute) {
    const value = first(root, adapter.selectors.ticketId)?.getAttribute(adapter.ticketIdAttribute)?.trim();
    if (value) return value;
  }
  const parsed = new URL(url);
  if (adapter.ticketPath) {
    const match = adapter.ticketPath.exec(parsed.pathname);
    if (match?.[1]) return decodeURIComponent(match[1]);
  }
  if (adapter.ticketUrl) {
    const match = adapter.ticketUrl.exec(`${parsed.pathname}${parsed.search}${parsed.hash}`);
    if (match?.[1]) return decodeURIComponent(match[1]);
  }
  return undefined;
}

/** Whether the URL says a ticket is open (the adapter's ticket path or URL pattern matches). */
export function urlLooksLikeTicket(adapter: SiteAdapter, url: string): boolean {
  const parsed = new URL(url);
  return Boolean(
    adapter.ticketPath?.test(parsed.pathname) ||
      adapter.ticketUrl?.test(`${parsed.pathname}${parsed.search}${parsed.hash}`),
  );
}

/** Where an element may give its time, in the order tried: read one at a time, as most give the first. */
const TIME_SOURCES: ReadonlyArray<(element: Element) => string | null> = [
  (element) => element.getAttribute('datetime'),
  (element) => (element.tagName === 'INPUT' ? (element as HTMLInputElement).value : null),
  (element) => element.getAttribute('data-timestamp'),
  (element) => element.getAttribute('title'),
  (element) => element.textContent,
];

/** A time from a `<time datetime>` (or a `datetime`/`title` attribute, an input's value, or the text), as epoch ms. */
export function readTime(element: Element | null): number | null {
  if (!element) return null;
  for (const source of TIME_SOURCES) {
    const candidate = source(element);
    if (!candidate) continue;
    const trimmed = candidate.trim();
    // Epoch milliseconds (Gmail's data-timestamp style) or an ISO/RFC date.
    const ms = /^\d{12,14}$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
    if (Number.isFinite(ms)) return ms;
    // "Today 14:03", "Yesterday at 9:12 PM": how webmail and helpdesks show recent messages.
    const recent = trimmed.length <= 60 ? parseRelativeDay(trimmed) : null;
    if (recent !== null) return recent;
  }
  return null;
}

export interface PageMessage {
  role: 'customer' | 'agent';
  at: number | null;
  element: Element;
}

/** The message elements of the first `message` variant that finds any, in page order. */
export function messageElements(adapter: SiteAdapter, root: ParentNode): Element[] {
  for (const selector of adapter.selectors.message ?? []) {
    const found = queryAllDeep(root, selector);
    if (found.length > 0) return found;
  }
  return [];
}

/** Whether a role list names the value: literally, or as `$requesterEmail` when the value is that address. */
function listNames(
  list: readonly string[],
  value: string,
  requesterEmail: () => string | undefined,
): boolean {
  return (
    list.includes(value) ||
    (list.includes('$requesterEmail') &&
      value !== '' &&
      value.toLowerCase() === (requesterEmail() ?? '').toLowerCase())
  );
}

/**
 * Who wrote a message as far as the adapter's `messageRole` rule can tell: undefined when there is no rule, or the
 * message's value is in neither list and the rule has no `otherwise`.
 */
export function readRole(
  adapter: SiteAdapter,
  element: Element,
  requesterEmail: () => string | undefined,
): 'customer' | 'agent' | undefined {
  const rule = adapter.messageRole;
  if (!rule) return undefined;
  const carrier = rule.on ? element.querySelector(rule.on) : element;
  const value = (carrier?.getAttribute(rule.attribute) ?? '').trim();
  if (listNames(rule.agent, value, requesterEmail)) return 'agent';
  if (listNames(rule.customer, value, requesterEmail)) return 'customer';
  return rule.otherwise;
}

/** Who wrote a message, by the adapter's `messageRole` rule (a message it cannot tell counts as the customer's). */
export function roleOf(
  adapter: SiteAdapter,
  element: Element,
  requesterEmail: () => string | undefined,
): 'customer' | 'agent' {
  return readRole(adapter, element, requesterEmail) ?? 'customer';
}

/**
 * The conversation's messages, oldest first as the page shows them, with who wrote each and when. Cheap enough to
 * call on every DOM mutation batch (the data guard does): one query for the list, one attribute per role, and
 * each message's time is only looked up when `at` is read, once.
 */
/**
 * A cheap fingerprint of the conversation (how many messages, the last one and its length): features that re-read
 * the messages on page changes compare it first, since most changes (typing indicators, presence, the app's own
 * widgets) leave the conversation as it was.
 */
export interface ConversationShape {
  count: number;
  last: Element | undefined;
  lastLength: number;
}

export function conversationShape(adapter: SiteAdapter, root: ParentNode): ConversationShape {
  const messages = messageElements(adapter, root);
  const last = messages.at(-1);
  return { count: messages.length, last, lastLength: last?.textContent?.length ?? 0 };
}

export function sameConversationShape(a: ConversationShape, b: ConversationShape): boolean {
  return a.count === b.count && a.last === b.last && a.lastLength === b.lastLength;
}

/** A message as read: its time is looked up when first asked for (one class, so every message has one shape). */
class ReadMessage implements PageMessage {
  #at: number | null | undefined;

  constructor(
    readonly role: 'customer' | 'agent',
    readonly element: Element,
    private readonly timeSelectors: SelectorList | undefined,
  ) {}

  get at(): number | null {
    if (this.#at === undefined) this.#at = readTime(first(this.element, this.timeSelectors));
    return this.#at;
  }
}

export function readMessages(adapter: SiteAdapter, root: ParentNode): PageMessage[] {
  let email: string | undefined | null = null;
  const requesterEmail = () => {
    if (email === null) email = readEmail(root, adapter.selectors.requesterEmail);
    return email;
  };
  const timeSelectors = adapter.selectors.messageTime;
  return messageElements(adapter, root).map(
    (element) => new ReadMessage(roleOf(adapter, element, requesterEmail), element, timeSelectors),
  );
}

/** What the page shows of the ticket's customer (never sent anywhere as is: the guard remembers hashes). */
export interface RequesterReading {
  name: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
}

export function readRequester(adapter: SiteAdapter, root: ParentNode): RequesterReading {
  const { selectors } = adapter;
  return {
    name: readText(root, selectors.requesterName) ?? null,
    email: readEmail(root, selectors.requesterEmail) ?? null,
    phone: readText(root, selectors.requesterPhone) ?? null,
    address: readText(root, selectors.requesterAddress) ?? null,
  };
}

/** An e-mail address: the element's `email` attribute (Gmail), a mailto: link, or its text. */
export function readEmail(root: ParentNode, selectors: SelectorList | undefined): string | undefined {
  const element = first(root, selectors);
  if (!element) return undefined;
  const attribute = element.getAttribute('email') ?? element.getAttribute('data-email');
  if (attribute) return attribute.trim();
  const href = element.getAttribute('href');
  if (href?.startsWith('mailto:')) return decodeURIComponent(href.slice(7)).trim();
  const text = textOf(element).trim();
  const match = /[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[^\s<>()"',;:]+/.exec(text);
  return match ? match[0] : text || undefined;
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
