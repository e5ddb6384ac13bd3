/**
 * Page variables for answer templates, read through the site adapter: the customer's name and e-mail, the
 * ticket's id and subject, the agent's name (the `agent.name` setting first, else what the page shows) and the
 * client's name. A value the page does not give stays undefined: the agent is asked for it, never left blank.
 */
import type { TabContext } from '../../messaging/protocol.ts';
import type { SiteAdapter } from '../sites/adapter.ts';
import { readEmail, readMessages, readText, readTicketId } from '../sites/read.ts';

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
  const customer = readText(root, site.selectors.requesterName);
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

/** The customer's latest message as the page shows it (read through the adapter), or undefined. */
export function latestCustomerMessage(site: SiteAdapter, root: ParentNode): string | undefined {
  const messages = readMessages(site, root).filter((message) => message.role === 'customer');
  const last = messages.at(-1);
  if (!last) return undefined;
  return readText(last.element, site.selectors.messageBody) ?? last.element.textContent?.trim() ?? undefined;
}
