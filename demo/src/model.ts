/**
 * The demo helpdesk's data model and the few state changes an agent can make. Pure functions over plain data, so
 * the rules (what a reply does to a ticket) are tested without a browser.
 */

export const PRIORITIES = ['Low', 'Normal', 'High', 'Urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const STATUSES = ['New', 'Open', 'Pending', 'On-hold', 'Solved'] as const;
export type Status = (typeof STATUSES)[number];

export const CHANNELS = ['email', 'chat', 'web'] as const;
export type Channel = (typeof CHANNELS)[number];

export type AuthorRole = 'customer' | 'agent';

export interface Message {
  id: string;
  author: string;
  role: AuthorRole;
  /** ISO 8601 instant. */
  at: string;
  /**
   * Seeded messages are plain text (what a customer typed into an email or a chat); replies sent from the
   * composer are the editor's HTML, sanitised again before they are rendered.
   */
  format: 'text' | 'html';
  body: string;
}

export interface Requester {
  name: string;
  email: string;
  /** BCP 47 tag, e.g. `en-US` or `es-ES`. */
  locale: string;
  /** Where the customer is, shown with their local time in the requester panel. */
  timeZone: string;
  /** How many tickets this customer opened before, a detail agents glance at. */
  previousTickets: number;
  /** The phone number on the customer's profile, where the helpdesk has one. */
  phone?: string;
  /** The customer's postal address on their profile, where the helpdesk has one. */
  address?: string;
}

export interface Ticket {
  /** Numeric, as helpdesks number tickets; the URL is `/agent/tickets/<id>`. */
  id: number;
  subject: string;
  requester: Requester;
  /** Some helpdesks leave priority unset until triage; the view then shows no priority at all. */
  priority: Priority | undefined;
  status: Status;
  channel: Channel;
  /** ISO 8601 instant. */
  createdAt: string;
  tags: string[];
  messages: Message[];
}

/** The signed-in agent of the demo; the extension reads it from the top bar. */
export const AGENT_NAME = 'Sam Rivera';

/**
 * The ticket after the agent sent `html` at `now`: the reply is appended and a New ticket becomes Open, as it does
 * in Zendesk and Freshdesk when an agent first answers. Other statuses are the agent's to change.
 */
export function withAgentReply(ticket: Ticket, html: string, now: Date): Ticket {
  const reply: Message = {
    id: `${ticket.id}-${ticket.messages.length + 1}-${now.getTime()}`,
    author: AGENT_NAME,
    role: 'agent',
    at: now.toISOString(),
    format: 'html',
    body: html,
  };
  return {
    ...ticket,
    status: ticket.status === 'New' ? 'Open' : ticket.status,
    messages: [...ticket.messages, reply],
  };
}

/** Replaces one ticket in the list by id, keeping the list's order (the list does not jump when an agent replies). */
export function replaceTicket(tickets: readonly Ticket[], next: Ticket): Ticket[] {
  return tickets.map((ticket) => (ticket.id === next.id ? next : ticket));
}

/** The customer's latest words, for the one-line preview under each ticket in the list. */
export function lastCustomerMessage(ticket: Ticket): Message | undefined {
  return ticket.messages.findLast((message) => message.role === 'customer');
}

/**
 * Whether a ticket matches what the agent typed in the search box: every word must appear in its number, subject,
 * requester, tags or messages (case- and accent-insensitive, so "lucia" finds "Lucía").
 */
export function matchesQuery(ticket: Ticket, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold(
    [
      `#${ticket.id}`,
      ticket.subject,
      ticket.requester.name,
      ticket.requester.email,
      ...ticket.tags,
      ...ticket.messages.map((message) => message.body),
    ].join('\n'),
  );
  return words.every((word) => haystack.includes(word));
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}
