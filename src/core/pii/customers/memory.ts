/**
 * The agent's shift memory of whose identifiers are whose: for each ticket seen, the salted hashes of the
 * identifiers its customer wrote or the page shows (keys.ts), never the values. Bounded (the oldest ticket goes
 * first) and serialisable, so the worker can keep it in session storage, which the browser clears when it closes.
 * The worker clears it too after the shift length the policy sets.
 */

export interface RememberedTicket {
  /** `site:ticketId`: the same id on two helpdesks is two tickets. */
  ticket: string;
  /** How the agent knows the ticket ("#1042"). */
  label: string;
  /** The hash of the ticket's customer (their e-mail or name key): two tickets of one customer are not "another". */
  customer?: string;
  hashes: string[];
  seenAt: number;
}

export interface MemorySnapshot {
  version: 1;
  tickets: RememberedTicket[];
}

export interface MemoryLimits {
  tickets: number;
  hashesPerTicket: number;
}

/** A long shift's tickets, and more identifiers than any real ticket shows (the rest of a huge thread is dropped). */
export const DEFAULT_MEMORY_LIMITS: MemoryLimits = { tickets: 400, hashesPerTicket: 64 };

/**
 * An identifier seen on this many customers' tickets belongs to none of them (the client's own support address
 * or phone quoted in every thread), so it never counts as "another customer's".
 */
export const SHARED_BY = 3;

export interface Owner {
  hash: string;
  label: string;
}

export class CustomerMemory {
  /** In the order last seen: the first is the one to drop. */
  private readonly tickets = new Map<string, RememberedTicket>();

  constructor(private readonly limits: MemoryLimits = DEFAULT_MEMORY_LIMITS) {}

  static restore(snapshot: unknown, limits?: MemoryLimits): CustomerMemory {
    const memory = new CustomerMemory(limits);
    const tickets = (snapshot as MemorySnapshot | undefined)?.tickets;
    if ((snapshot as MemorySnapshot | undefined)?.version !== 1 || !Array.isArray(tickets)) return memory;
    for (const entry of tickets) {
      if (typeof entry?.ticket !== 'string' || !Array.isArray(entry.hashes)) continue;
      memory.remember(entry, entry.seenAt);
    }
    return memory;
  }

  get size(): number {
    return this.tickets.size;
  }

  /**
   * Adds what a ticket shows (merged with what it showed before). True when the memory changed. The hashes of
   * one call are kept in the order given: the caller puts the customer's own details first.
   */
  remember(
    entry: { ticket: string; label: string; customer?: string | undefined; hashes: readonly string[] },
    now: number,
  ): boolean {
    const before = this.tickets.get(entry.ticket);
    const hashes = [...new Set([...(before?.hashes ?? []), ...entry.hashes])].slice(
      0,
      this.limits.hashesPerTicket,
    );
    const customer = entry.customer ?? before?.customer;
    const changed =
      !before ||
      before.hashes.length !== hashes.length ||
      before.customer !== customer ||
      before.label !== entry.label;
    this.tickets.delete(entry.ticket);
    this.tickets.set(entry.ticket, {
      ticket: entry.ticket,
      label: entry.label,
      ...(customer ? { customer } : {}),
      hashes,
      seenAt: now,
    });
    while (this.tickets.size > this.limits.tickets) {
      const oldest = this.tickets.keys().next().value as string;
      this.tickets.delete(oldest);
    }
    return changed;
  }

  /**
   * The identifiers that belong to another customer than the one of `ticket`: seen on another ticket, of another
   * customer, not on this ticket too, and not shared by SHARED_BY customers or more. Each with the most recent
   * other ticket it was seen on. Without a ticket (a paste site): every identifier remembered.
   */
  othersFor(ticket?: string, customer?: string): Owner[] {
    const own = ticket ? this.tickets.get(ticket) : undefined;
    const here = new Set(own?.hashes ?? []);
    const ownCustomer = customer ?? own?.customer;
    const owners = new Map<string, { label: string; customers: Set<string> }>();
    // Newest first, so the label is the ticket the agent saw last.
    for (const entry of [...this.tickets.values()].reverse()) {
      if (entry.ticket === ticket) continue;
      if (ownCustomer && entry.customer === ownCustomer) continue;
      for (const hash of entry.hashes) {
        if (here.has(hash)) continue;
        const known = owners.get(hash);
        if (known) known.customers.add(entry.customer ?? entry.ticket);
        else owners.set(hash, { label: entry.label, customers: new Set([entry.customer ?? entry.ticket]) });
      }
    }
    const out: Owner[] = [];
    for (const [hash, { label, customers }] of owners)
      if (customers.size < SHARED_BY) out.push({ hash, label });
    return out;
  }

  /** Drops tickets last seen before `before` (ms). True when any was dropped. */
  expire(before: number): boolean {
    let dropped = false;
    for (const [key, entry] of this.tickets) {
      if (entry.seenAt < before) {
        this.tickets.delete(key);
        dropped = true;
      }
    }
    return dropped;
  }

  snapshot(): MemorySnapshot {
    return { version: 1, tickets: [...this.tickets.values()] };
  }
}
