/**
 * Everything an adapter reads from a page, in one object: how the adapter tests check an adapter against its
 * fixture or a captured real page. The extension reads each part where it needs it (sites/read.ts).
 */
import type { SiteAdapter } from '../../src/content/sites/adapter.ts';
import { firstDeep } from '../../src/content/sites/query.ts';
import {
  readEmail,
  readMessages,
  readText,
  readTicketFacts,
  readTicketId,
  type TicketFacts,
} from '../../src/content/sites/read.ts';

export interface TicketReading extends TicketFacts {
  ticketId: string | null;
  subject: string | null;
  requesterName: string | null;
  requesterEmail: string | null;
  messages: Array<{
    role: 'customer' | 'agent';
    at: number | null;
    author: string | null;
    body: string | null;
  }>;
  composer: boolean;
  send: boolean;
}

export function readTicket(adapter: SiteAdapter, url: string, root: ParentNode): TicketReading {
  const facts = readTicketFacts(adapter, root);
  return {
    ...facts,
    ticketId: readTicketId(adapter, url, root) ?? null,
    subject: readText(root, adapter.selectors.subject) ?? null,
    requesterName: readText(root, adapter.selectors.requesterName) ?? null,
    requesterEmail: readEmail(root, adapter.selectors.requesterEmail) ?? null,
    messages: readMessages(adapter, root).map(({ role, at, element }) => ({
      role,
      at,
      author: readText(element, adapter.selectors.messageAuthor) ?? null,
      body: readText(element, adapter.selectors.messageBody) ?? null,
    })),
    composer: firstDeep(root, adapter.selectors.composer) !== null,
    send: firstDeep(root, adapter.selectors.send) !== null,
  };
}
