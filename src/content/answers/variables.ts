/**
 * Page variables for answer templates, read through the site adapter: the customer's name and e-mail, the
 * ticket's id and subject, the agent's name (the `agent.name` setting first, else what the page shows) and the
 * client's name. A value the page does not give stays undefined: the agent is asked for it, never left blank.
 */
import { personName } from '../../core/person-name.ts';
import type { TabContext } from '../../messaging/protocol.ts';
import { composerFor } from '../runtime/composer.ts';
import type { SiteAdapter } from '../sites/adapter.ts';
import { firstDeep } from '../sites/query.ts';
import { readEmail, readMessages, readRole, readText, readTicketId } from '../sites/read.ts';
import { messageText } from './message-text.ts';

export type PageValues = Record<string, string | undefined>;

const LABELS: Record<string, string> = {
  'customer.first_name': 'Customer first name',
  'customer.last_name': 'Customer last name',
  'customer.name': 'Customer name',
  'customer.email': 'Customer e-mail',
  'ticket.id': 'Ticket number',
  'ticket.subject': 'Ticket subject',
  'agent.name': 'Your name',
  'agent.first_name': 'Your first name',
  'agent.email': 'Your e-mail',
  'client.name': 'Company name',
};

export function variableLabel(name: string): string {
  return LABELS[name] ?? name.replace(/[._]/g, ' ');
}

export function pageValues(
  site: SiteAdapter,
  root: ParentNode,
  url: string,
  tab: Pick<TabContext, 'client' | 'settings'>,
): PageValues {
  const customer = personName(readText(root, site.selectors.requesterName));
  const [first, ...rest] = customer?.split(/\s+/) ?? [];
  const agent = tab.settings['agent.name']?.trim() || readText(root, site.selectors.agentName);
  return {
    'customer.name': customer,
    'customer.first_name': first,
    'customer.last_name': rest.length ? rest.join(' ') : undefined,
    'customer.email': readEmail(root, site.selectors.requesterEmail),
    'ticket.id': readTicketId(site, url, root),
    'ticket.subject': readText(root, site.selectors.subject),
    'agent.name': agent || undefined,
    'agent.first_name': agent ? agent.split(/\s+/)[0] : undefined,
    'client.name': tab.client?.name,
  };
}

/**
 * The customer's latest message as the page shows it (read through the adapter, lines kept), or undefined: never
 * the agent's own text.
 *
 * - Where the adapter tells roles (`messageRole`), the latest message it says is the customer's (one it cannot tell
 *   counts unless the agent wrote it, see below).
 * - Where it cannot (no rule, or no message's role known), the latest message above the composer that is not the
 *   agent's: not one the page shows under the agent's name (the `agent.name` setting, else the page's agent name).
 * - No messages read, no suggestion: the composer's own text is never one (a message element holding the composer,
 *   or inside it, is skipped).
 */
export function latestCustomerMessage(
  site: SiteAdapter,
  root: ParentNode,
  options: { agentName?: string | undefined } = {},
): string | undefined {
  const messages = readMessages(site, root);
  if (messages.length === 0) return undefined;
  // The reply box as every feature sees it (runtime/composer.ts), in the top frame's terms. Finding it measures
  // the page's editors (a layout, while the helpdesk is still building its page): only when the adapter names no
  // reply box of its own, or when the roles cannot be read and "above the reply box" decides.
  let found: Element | null | undefined;
  const composer = (): Element | null => {
    found ??=
      root.nodeType === 9
        ? (composerFor(site, root as Document)?.editable ?? null)
        : firstDeep(root, site.selectors.composer);
    return found;
  };
  const own = site.selectors.composer?.length ? firstDeep(root, site.selectors.composer) : undefined;
  const replyBox = own !== undefined ? own : composer();
  const agent = fold(options.agentName?.trim() || readText(root, site.selectors.agentName) || '');
  const byAgent = (element: Element) => {
    if (!agent) return false;
    const author = fold(readText(element, site.selectors.messageAuthor) ?? '');
    return (
      author !== '' && (author === agent || author.startsWith(`${agent} `) || agent.startsWith(`${author} `))
    );
  };
  let email: string | undefined | null = null;
  const requesterEmail = () => {
    if (email === null) email = readEmail(root, site.selectors.requesterEmail);
    return email;
  };
  const outside = (element: Element, box: Element | null) =>
    !box || !(element.contains(box) || box.contains(element));
  const readable = messages
    .filter(({ element }) => outside(element, replyBox))
    .map(({ element }) => ({ element, role: readRole(site, element, requesterEmail) }));
  const rolesKnown = readable.some(({ role }) => role !== undefined);
  const candidates = rolesKnown
    ? readable.filter(({ element, role }) => role === 'customer' || (role === undefined && !byAgent(element)))
    : readable.filter(
        ({ element }) => outside(element, composer()) && above(element, composer()) && !byAgent(element),
      );
  const last = candidates.at(-1);
  if (!last) return undefined;
  const body = firstDeep(last.element, site.selectors.messageBody) ?? last.element;
  return messageText(body) || undefined;
}

/** What suggestions are asked for: the customer's latest message and the ticket's subject, when the page shows one. */
export function suggestionSource(
  site: SiteAdapter,
  root: ParentNode,
  options: { agentName?: string | undefined } = {},
): { text: string; subject?: string } | undefined {
  const text = latestCustomerMessage(site, root, options);
  if (!text) return undefined;
  const subject = readText(root, site.selectors.subject);
  return subject ? { text, subject } : { text };
}

const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Whether a message comes before the composer on the page. A composer in another tree (a shadow root, a frame)
 * is compared through its host; one the page does not show, or in a frame, leaves every message above it.
 */
function above(element: Element, composer: Element | null): boolean {
  if (!composer) return true;
  let anchor: Node = composer;
  while (anchor.getRootNode() !== element.getRootNode()) {
    const rootNode = anchor.getRootNode();
    if (!('host' in rootNode)) return true;
    anchor = (rootNode as ShadowRoot).host;
  }
  return Boolean(element.compareDocumentPosition(anchor) & Node.DOCUMENT_POSITION_FOLLOWING);
}
