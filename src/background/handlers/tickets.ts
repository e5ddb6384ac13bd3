import { recentTickets, recordTicketSeen } from '../db/tickets.ts';
import type { Handlers } from '../router.ts';
import type { Services } from '../services.ts';
import { maskedSubjectFor } from '../subjects.ts';

export function ticketHandlers(services: Services): Pick<Handlers, 'ticket.seen' | 'tickets.recent'> {
  return {
    'ticket.seen': async (input, { tabId, pageUrl }) => {
      // The client is decided here from the sender's tab, never taken from the page: one client's data stays
      // with that client's pages even if a page lies about itself.
      const context = await services.settings.contextFor(tabId ?? null, pageUrl ?? null);
      if (!context.client) throw new Error('this page belongs to no client');
      const clientId = context.client.id;
      // The subject is the customer's text: masked with the client's policy before it is stored or shown.
      const subject = await maskedSubjectFor(services.settings, clientId, input.subject);
      const row = await recordTicketSeen(
        services.db,
        {
          clientId,
          site: input.site,
          ticketId: input.ticketId,
          ...(subject !== undefined ? { subject } : {}),
        },
        services.now(),
      );
      return { firstSeenAt: row.firstSeenAt, visits: row.visits };
    },
    'tickets.recent': async ({ clientId, limit }) => {
      let id = clientId;
      if (!id) {
        const active = await services.activeTab();
        id = active
          ? ((await services.settings.contextFor(active.id, active.url)).client?.id ?? undefined)
          : undefined;
      }
      return id ? recentTickets(services.db, id, limit ?? 20) : [];
    },
  };
}
