/**
 * One ticket: header, conversation, composer and the details panel. The app mounts it keyed by ticket id, so
 * opening another ticket replaces this DOM entirely (and starts a fresh, empty composer), as helpdesks do.
 */
import { Composer } from './composer.tsx';
import { Conversation } from './conversation.tsx';
import { CHANNEL_LABELS, relativeTime } from './format.ts';
import { CHANNEL_ICONS } from './icons.tsx';
import type { Ticket } from './model.ts';
import { PriorityBadge, StatusPill } from './pills.tsx';
import { RequesterPanel } from './requester-panel.tsx';

export function TicketView({
  ticket,
  now,
  onSend,
}: {
  ticket: Ticket;
  now: Date;
  onSend(ticketId: number, html: string): void;
}) {
  const ChannelIcon = CHANNEL_ICONS[ticket.channel];
  return (
    <main class="ticket" data-demo="ticket-view" data-ticket-id={String(ticket.id)}>
      <div class="ticket-main">
        <header class="ticket-header">
          <div class="ticket-heading">
            <h1 class="ticket-subject" data-demo="ticket-subject">
              {ticket.subject}
            </h1>
            <div class="ticket-badges">
              <StatusPill status={ticket.status} hook />
              {ticket.priority && <PriorityBadge priority={ticket.priority} hook />}
            </div>
          </div>
          <p class="ticket-meta">
            <span class="ticket-id">#{ticket.id}</span>
            <span class="ticket-channel" data-demo="ticket-channel" data-channel={ticket.channel}>
              <ChannelIcon />
              {CHANNEL_LABELS[ticket.channel]}
            </span>
            <span>
              Created{' '}
              <time data-demo="ticket-created" dateTime={ticket.createdAt}>
                {relativeTime(ticket.createdAt, now)}
              </time>
            </span>
            <span>
              {ticket.messages.length} {ticket.messages.length === 1 ? 'message' : 'messages'}
            </span>
          </p>
        </header>
        <Conversation messages={ticket.messages} locale={ticket.requester.locale} now={now} />
        <Composer requester={ticket.requester} onSend={(html) => onSend(ticket.id, html)} />
      </div>
      <RequesterPanel ticket={ticket} now={now} />
    </main>
  );
}

export function TicketNotFound({ path }: { path: string }) {
  return (
    <main class="ticket ticket--empty">
      <div class="empty-state">
        <h1>Ticket not found</h1>
        <p>
          Nothing lives at <code>{path}</code>. Pick a ticket from the list.
        </p>
      </div>
    </main>
  );
}
