/** The queue: the client's tickets, each a link to `/agent/tickets/<id>` that opens without a page load. */
import { relativeTime } from './format.ts';
import { CHANNEL_ICONS } from './icons.tsx';
import { lastCustomerMessage, type Ticket } from './model.ts';
import { PriorityBadge, StatusPill } from './pills.tsx';
import { isModifiedClick, navigate, ticketPath } from './router.ts';

/** The message on one line: the list shows as much as fits, then an ellipsis. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function TicketLink({ ticket, active, now }: { ticket: Ticket; active: boolean; now: Date }) {
  const preview = lastCustomerMessage(ticket);
  const ChannelIcon = CHANNEL_ICONS[ticket.channel];
  const path = ticketPath(ticket.id);
  const open = (event: MouseEvent) => {
    if (isModifiedClick(event)) return;
    event.preventDefault();
    navigate(path);
  };
  return (
    <a
      href={path}
      class={active ? 'queue-item is-active' : 'queue-item'}
      data-demo="ticket-link"
      data-ticket-id={String(ticket.id)}
      aria-current={active ? 'page' : undefined}
      onClick={open}
    >
      <span class="queue-item-top">
        <span class="queue-requester">{ticket.requester.name}</span>
        <time class="queue-time" dateTime={ticket.createdAt}>
          {relativeTime(ticket.createdAt, now)}
        </time>
      </span>
      <span class="queue-subject">{ticket.subject}</span>
      {preview && <span class="queue-preview">{oneLine(preview.body)}</span>}
      <span class="queue-item-meta">
        <StatusPill status={ticket.status} />
        {ticket.priority && <PriorityBadge priority={ticket.priority} />}
        <span class="queue-id">
          <ChannelIcon />#{ticket.id}
        </span>
      </span>
    </a>
  );
}

export function TicketList(props: {
  tickets: Ticket[];
  total: number;
  query: string;
  activeId?: number;
  now: Date;
}) {
  const { tickets, total, query, activeId, now } = props;
  const unsolved = tickets.filter((ticket) => ticket.status !== 'Solved').length;
  return (
    <aside class="queue" aria-label="Tickets">
      <header class="queue-header">
        <div>
          <h2 class="queue-title">{query ? 'Search results' : 'All tickets'}</h2>
          <p class="queue-subtitle">
            {query ? `${tickets.length} of ${total} tickets` : `${unsolved} unsolved · ${total} total`}
          </p>
        </div>
      </header>
      <div class="queue-list" data-demo="ticket-list">
        {tickets.map((ticket) => (
          <TicketLink key={ticket.id} ticket={ticket} active={ticket.id === activeId} now={now} />
        ))}
        {tickets.length === 0 && <p class="queue-empty">No tickets match “{query}”.</p>}
      </div>
    </aside>
  );
}
