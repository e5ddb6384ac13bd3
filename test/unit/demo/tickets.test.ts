import { describe, expect, it } from 'vitest';
import { CHANNELS, PRIORITIES, STATUSES, type Ticket } from '../../../demo/src/model.ts';
import { createSeedTickets } from '../../../demo/src/tickets.ts';

const NOW = new Date('2026-03-10T15:00:00Z');
const tickets = createSeedTickets(NOW);
const allText = (ticket: Ticket) => ticket.messages.map((message) => message.body).join('\n');
const find = (predicate: (ticket: Ticket) => boolean) => {
  const found = tickets.find(predicate);
  if (!found) throw new Error('no seed ticket matches');
  return found;
};

/** Luhn, written out here so the test does not trust the code under test for its own oracle. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

describe('the demo seed', () => {
  it('is a realistic queue of about eight tickets with unique numeric ids, 1042 first', () => {
    expect(tickets.length).toBeGreaterThanOrEqual(8);
    expect(tickets.length).toBeLessThanOrEqual(10);
    expect(new Set(tickets.map((ticket) => ticket.id)).size).toBe(tickets.length);
    expect(tickets[0]?.id).toBe(1042);
    for (const ticket of tickets) expect(Number.isInteger(ticket.id) && ticket.id > 1000).toBe(true);
  });

  it('uses only the helpdesk vocabulary, and shows every status and every priority', () => {
    for (const ticket of tickets) {
      expect(STATUSES).toContain(ticket.status);
      expect(CHANNELS).toContain(ticket.channel);
      if (ticket.priority !== undefined) expect(PRIORITIES).toContain(ticket.priority);
      expect(ticket.requester.email).toMatch(/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/);
      expect(ticket.tags.length).toBeGreaterThan(0);
    }
    expect(new Set(tickets.map((ticket) => ticket.status))).toEqual(new Set(STATUSES));
    expect(new Set(tickets.map((ticket) => ticket.priority).filter(Boolean))).toEqual(new Set(PRIORITIES));
    expect(new Set(tickets.map((ticket) => ticket.channel))).toEqual(new Set(CHANNELS));
  });

  it('leaves exactly one ticket without a priority', () => {
    expect(tickets.filter((ticket) => ticket.priority === undefined)).toHaveLength(1);
  });

  it('has 1 to 6 messages per ticket, opened by the customer, in time order, none in the future', () => {
    for (const ticket of tickets) {
      expect(ticket.messages.length).toBeGreaterThanOrEqual(1);
      expect(ticket.messages.length).toBeLessThanOrEqual(6);
      expect(ticket.messages[0]?.role).toBe('customer');
      expect(ticket.messages[0]?.at).toBe(ticket.createdAt);
      const times = ticket.messages.map((message) => Date.parse(message.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
      expect(new Set(ticket.messages.map((message) => message.id)).size).toBe(ticket.messages.length);
    }
  });

  it('dates tickets relative to now, so SLA clocks have something live to show', () => {
    const later = new Date(NOW.getTime() + 3 * 3_600_000);
    const [first] = createSeedTickets(NOW);
    const [sameTicketLater] = createSeedTickets(later);
    expect(Date.parse(sameTicketLater!.createdAt) - Date.parse(first!.createdAt)).toBe(3 * 3_600_000);
    const newest = Math.max(...tickets.map((ticket) => Date.parse(ticket.createdAt)));
    expect(NOW.getTime() - newest).toBeLessThan(60 * 60_000);
  });

  it('names customers as authors of their messages and agents by name', () => {
    for (const ticket of tickets) {
      for (const message of ticket.messages) {
        if (message.role === 'customer') expect(message.author).toBe(ticket.requester.name);
        else expect(message.author).not.toBe(ticket.requester.name);
      }
    }
  });

  it('has a customer who pasted a Luhn-valid card number with its expiry', () => {
    const ticket = find((candidate) => /card is \d/i.test(allText(candidate)));
    const card = /card is ([\d ]+\d)/i.exec(allText(ticket))?.[1]?.replaceAll(' ', '') ?? '';
    expect(card).toMatch(/^\d{16}$/);
    expect(luhnValid(card)).toBe(true);
    expect(allText(ticket)).toMatch(/expires? \d{2}\/\d{2}/);
  });

  it('has order and tracking numbers that a data guard must not mistake for cards', () => {
    const ticket = find((candidate) => /tracking number/i.test(allText(candidate)));
    const text = allText(ticket);
    expect(text).toMatch(/order #\d{9}/);
    expect(text).toMatch(/\b1Z[0-9A-Z]{16}\b/);
    // A 22-digit postal tracking number grouped in fours: card-shaped, but too long to be one.
    expect(text).toMatch(/\b94\d{2}(?: \d{4}){4} \d{2}\b/);
  });

  it('covers the everyday requests an agent meets', () => {
    const subjects = tickets.map((ticket) => `${ticket.subject} ${ticket.tags.join(' ')}`).join('\n');
    for (const topic of [/refund/i, /damaged|torn/i, /address/i, /locked|password/i, /cancel/i]) {
      expect(subjects).toMatch(topic);
    }
    const address = find((candidate) => candidate.tags.includes('address-change'));
    expect(allText(address)).toMatch(/\d+ \w+ Street/);
  });

  it('has a Spanish-speaking customer writing in Spanish', () => {
    const ticket = find((candidate) => candidate.requester.locale.startsWith('es'));
    expect(allText(ticket)).toMatch(/pedido|gracias/i);
  });
});
