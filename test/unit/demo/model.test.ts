import { describe, expect, it } from 'vitest';
import {
  AGENT_NAME,
  lastCustomerMessage,
  matchesQuery,
  replaceTicket,
  withAgentReply,
} from '../../../demo/src/model.ts';
import { createSeedTickets } from '../../../demo/src/tickets.ts';

const NOW = new Date('2026-03-10T15:00:00Z');
const ticketWith = (status: string) => {
  const ticket = createSeedTickets(NOW).find((candidate) => candidate.status === status);
  if (!ticket) throw new Error(`no seed ticket is ${status}`);
  return ticket;
};

describe('sending a reply', () => {
  it("appends the agent's HTML as Sam Rivera, timed now", () => {
    const ticket = ticketWith('Open');
    const sent = withAgentReply(ticket, '<p>On its way!</p>', NOW);
    expect(sent.messages).toHaveLength(ticket.messages.length + 1);
    expect(sent.messages.at(-1)).toMatchObject({
      author: AGENT_NAME,
      role: 'agent',
      at: NOW.toISOString(),
      format: 'html',
      body: '<p>On its way!</p>',
    });
  });

  it('opens a New ticket, as helpdesks do on the first agent reply', () => {
    expect(withAgentReply(ticketWith('New'), '<p>Hi</p>', NOW).status).toBe('Open');
  });

  it.each(['Open', 'Pending', 'On-hold', 'Solved'])('leaves a %s ticket in its status', (status) => {
    expect(withAgentReply(ticketWith(status), '<p>Hi</p>', NOW).status).toBe(status);
  });

  it('gives two replies sent in the same second distinct ids', () => {
    const once = withAgentReply(ticketWith('Open'), '<p>1</p>', NOW);
    const twice = withAgentReply(once, '<p>2</p>', NOW);
    const ids = twice.messages.map((message) => message.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('does not change the ticket it was given (the UI keeps the old state until it re-renders)', () => {
    const ticket = ticketWith('New');
    const before = structuredClone(ticket);
    withAgentReply(ticket, '<p>Hi</p>', NOW);
    expect(ticket).toEqual(before);
  });
});

describe('the queue', () => {
  it('keeps its order when one ticket changes', () => {
    const tickets = createSeedTickets(NOW);
    const changed = withAgentReply(tickets[3]!, '<p>Done</p>', NOW);
    const next = replaceTicket(tickets, changed);
    expect(next.map((ticket) => ticket.id)).toEqual(tickets.map((ticket) => ticket.id));
    expect(next[3]).toBe(changed);
    expect(next[2]).toBe(tickets[2]);
  });

  it("previews the customer's latest words, not the agent's reply", () => {
    const ticket = withAgentReply(ticketWith('New'), '<p>Agent here</p>', NOW);
    expect(lastCustomerMessage(ticket)?.role).toBe('customer');
    expect(lastCustomerMessage(ticket)?.body).toBe(ticketWith('New').messages.at(-1)?.body);
  });
});

describe('searching the queue', () => {
  const tickets = createSeedTickets(NOW);
  const ids = (query: string) =>
    tickets.filter((ticket) => matchesQuery(ticket, query)).map((ticket) => ticket.id);

  it('finds tickets by number, requester, subject, tag or message text', () => {
    expect(ids('#1046')).toEqual([1046]);
    expect(ids('maya')).toEqual([1042]);
    expect(ids('rain fly')).toEqual([1044]);
    expect(ids('cancellation')).toEqual([1048]);
    expect(ids('100491877')).toEqual([1045]);
  });

  it('ignores case and accents, and needs every word', () => {
    expect(ids('LUCIA')).toEqual([1049]);
    expect(ids('montana botas')).toEqual([1049]);
    expect(ids('maya refund')).toEqual([]);
  });

  it('lists everything for an empty query', () => {
    expect(ids('   ')).toHaveLength(tickets.length);
  });
});
