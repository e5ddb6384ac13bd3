/**
 * What Deskmate saw of a ticket on the helpdesk page, turned into the event history the clock engine reads.
 * Pages show the current state (priority, status, the messages so far), not a log, so a change is recorded
 * when it is first observed; a page that shows no created time starts the clock when Deskmate first saw the
 * ticket, and everything built on that is marked estimated.
 */
import type { TicketEvent, TicketHistory } from './events.ts';

export interface ObservedMessage {
  role: 'customer' | 'agent';
  /** When the page says it was sent; null when it shows no time. */
  at: number | null;
  /** False for an agent's internal note. */
  public?: boolean;
}

export interface ObservedFacts {
  priority: string | null;
  status: string | null;
  channel: string | null;
  createdAt: number | null;
  messages: ObservedMessage[];
}

export interface ObservedTicket {
  firstSeenAt: number;
  createdAt: number;
  createdEstimated: boolean;
  initialPriority: string | null;
  initialStatus: string | null;
  channel: string | null;
  lastPriority: string | null;
  lastStatus: string | null;
  /** Changes seen after the first observation, in order. */
  changes: TicketEvent[];
  /** Messages recorded so far, by a key that recognises them again (role and time, or position when untimed). */
  messageKeys: string[];
  messages: TicketEvent[];
}

const label = (text: string | null) =>
  text === null ? null : text.trim().toLowerCase().replace(/\s+/g, '-');

/** Folds one observation into the ticket's record (a new record on first sight). Pure: returns a new object. */
export function observe(
  previous: ObservedTicket | undefined,
  facts: ObservedFacts,
  now: number,
): ObservedTicket {
  const priority = label(facts.priority);
  const status = label(facts.status);
  const ticket: ObservedTicket = previous
    ? {
        ...previous,
        changes: [...previous.changes],
        messageKeys: [...previous.messageKeys],
        messages: [...previous.messages],
      }
    : {
        firstSeenAt: now,
        createdAt: facts.createdAt ?? now,
        createdEstimated: facts.createdAt === null,
        initialPriority: priority,
        initialStatus: status,
        channel: label(facts.channel),
        lastPriority: priority,
        lastStatus: status,
        changes: [],
        messageKeys: [],
        messages: [],
      };
  // A page that starts showing the created time corrects an estimate.
  if (ticket.createdEstimated && facts.createdAt !== null) {
    ticket.createdAt = facts.createdAt;
    ticket.createdEstimated = false;
  }
  if (previous && priority !== null && priority !== ticket.lastPriority) {
    ticket.changes.push({ type: 'priority', priority, at: now, estimated: true });
    ticket.lastPriority = priority;
  }
  if (previous && status !== null && status !== ticket.lastStatus) {
    ticket.changes.push({ type: 'status', status, at: now, estimated: true });
    ticket.lastStatus = status;
  }
  const untimedSeen = new Map<string, number>();
  for (const message of facts.messages) {
    let key: string;
    if (message.at !== null) key = `${message.role}@${message.at}`;
    else {
      const index = (untimedSeen.get(message.role) ?? 0) + 1;
      untimedSeen.set(message.role, index);
      key = `${message.role}#${index}`;
    }
    if (ticket.messageKeys.includes(key)) continue;
    ticket.messageKeys.push(key);
    const at = message.at ?? now;
    const estimated = message.at === null;
    ticket.messages.push(
      message.role === 'customer'
        ? { type: 'customer_message', at, ...(estimated ? { estimated } : {}) }
        : { type: 'agent_reply', at, public: message.public ?? true, ...(estimated ? { estimated } : {}) },
    );
  }
  return ticket;
}

/** The engine's input for an observed ticket. */
export function historyOf(id: string, ticket: ObservedTicket): TicketHistory {
  const created: TicketEvent = {
    type: 'created',
    at: ticket.createdAt,
    ...(ticket.initialPriority ? { priority: ticket.initialPriority } : {}),
    ...(ticket.initialStatus ? { status: ticket.initialStatus } : {}),
    ...(ticket.channel ? { channel: ticket.channel } : {}),
    ...(ticket.createdEstimated ? { estimated: true } : {}),
  };
  // A customer's first message is part of creating the ticket, not a reply to wait on.
  const events = [created, ...ticket.changes, ...ticket.messages.filter((m) => m.at >= ticket.createdAt)];
  return {
    ticket: id,
    events: events.sort((a, b) => a.at - b.at || (a.type === 'created' ? -1 : b.type === 'created' ? 1 : 0)),
  };
}
