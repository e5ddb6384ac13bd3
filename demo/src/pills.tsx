/** Status and priority badges, coloured the way agents expect from Zendesk and Freshdesk. */
import type { Priority, Status } from './model.ts';

const slug = (value: string) => value.toLowerCase().replace(/[^a-z]+/g, '-');

export function StatusPill({ status, hook = false }: { status: Status; hook?: boolean }) {
  return (
    <span class={`pill status status--${slug(status)}`} data-demo={hook ? 'ticket-status' : undefined}>
      {status}
    </span>
  );
}

export function PriorityBadge({ priority, hook = false }: { priority: Priority; hook?: boolean }) {
  return (
    <span class={`priority priority--${slug(priority)}`} data-demo={hook ? 'ticket-priority' : undefined}>
      {priority}
    </span>
  );
}
