import type { RecentTicket } from '../../messaging/protocol.ts';
import type { MaskedSubject } from '../subjects.ts';
import type { DeskmateDatabase, TicketRow } from './database.ts';

/** Records that the agent has the ticket open now; returns when Deskmate first saw it. */
export async function recordTicketSeen(
  db: DeskmateDatabase,
  seen: { clientId: string; site: string; ticketId: string; subject?: MaskedSubject | undefined },
  now: number,
): Promise<RecentTicket> {
  return db.transaction('rw', db.tickets, async () => {
    const key: [string, string, string] = [seen.clientId, seen.site, seen.ticketId];
    const existing = await db.tickets.get(key);
    const row: TicketRow = {
      clientId: seen.clientId,
      site: seen.site,
      ticketId: seen.ticketId,
      firstSeenAt: existing?.firstSeenAt ?? now,
      lastSeenAt: now,
      visits: (existing?.visits ?? 0) + 1,
      ...(seen.subject !== undefined
        ? { subject: seen.subject }
        : existing?.subject
          ? { subject: existing.subject }
          : {}),
    };
    await db.tickets.put(row);
    return row;
  });
}

export async function recentTickets(
  db: DeskmateDatabase,
  clientId: string,
  limit: number,
): Promise<RecentTicket[]> {
  return db.tickets
    .where('clientId')
    .equals(clientId)
    .reverse()
    .sortBy('lastSeenAt')
    .then((rows) => rows.slice(0, limit));
}
