/**
 * The tickets this agent opened for the current client, newest first, from the worker's database.
 */
import { request } from '../../messaging/client.ts';
import { useLive } from '../../ui/hooks.ts';
import type { SidePanelView } from './view.ts';

function TicketsView({ context }: { context: Parameters<SidePanelView['component']>[0]['context'] }) {
  const clientId = context.client?.id;
  const [tickets] = useLive(
    () => (clientId ? request('tickets.recent', { clientId, limit: 50 }) : Promise.resolve([])),
    clientId ?? '',
  );
  if (!clientId) return <p class="empty">This tab belongs to no client, so there are no tickets to show.</p>;
  if (tickets.state === 'loading') return <p class="muted">Loading…</p>;
  if (tickets.state === 'error') return <p class="notice error">{tickets.error}</p>;
  if (tickets.value.length === 0)
    return <p class="empty">No tickets yet. Open a ticket in the helpdesk and it shows here.</p>;
  return (
    <ul class="ticket-list" aria-label="Recent tickets">
      {tickets.value.map((ticket) => (
        <li key={`${ticket.site}-${ticket.ticketId}`} data-ticket={ticket.ticketId}>
          <strong>#{ticket.ticketId}</strong> {ticket.subject ?? ''}
          <div class="muted">
            first seen {new Date(ticket.firstSeenAt).toLocaleString()} · {ticket.visits} visit
            {ticket.visits === 1 ? '' : 's'}
          </div>
        </li>
      ))}
    </ul>
  );
}

export const ticketsView: SidePanelView = { id: 'tickets', title: 'Tickets', component: TicketsView };
