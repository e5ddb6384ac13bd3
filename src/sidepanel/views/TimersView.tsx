/**
 * Every open ticket with an SLA, across the agent's clients, soonest due first: what is about to breach.
 */
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../messaging/client.ts';
import type { TimerRow } from '../../messaging/protocol.ts';
import { formatDurationShort } from '../../ui/format.ts';
import type { SidePanelView } from './view.ts';

const REFRESH_MS = 15_000;

function clockText(row: TimerRow): string {
  const clock = row.nearest;
  if (!clock) return 'No running target';
  const business = clock.hours === 'business' ? ' business' : '';
  if (clock.state === 'breached') return `${clock.label} breached ${clock.leftText} ago`;
  if (clock.state === 'paused') return `${clock.label} paused · ${clock.leftText}${business} left`;
  if (clock.state === 'met') return `${clock.label} met`;
  return `${clock.label} ${clock.leftText}${business}${clock.dueLocal ? ` · due ${clock.dueLocal}` : ''}`;
}

function TimersView() {
  const [rows, setRows] = useState<TimerRow[] | undefined>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    const load = () =>
      request('sla.timers', {}).then(
        (value) => live && setRows(value),
        (failure: unknown) => live && setError((failure as Error).message),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (error) return <p class="notice error">{error}</p>;
  if (!rows) return <p class="muted">Loading…</p>;
  if (rows.length === 0)
    return (
      <p class="empty">
        No open tickets with SLA targets. Open a ticket in the helpdesk and its clocks show here.
      </p>
    );
  return (
    <ul class="ticket-list" aria-label="Open tickets by time left">
      {rows.map((row) => (
        <li
          key={`${row.clientId}-${row.site}-${row.ticketId}`}
          data-timer={row.ticketId}
          data-severity={row.nearest?.severity ?? 'ok'}
          class={`timer timer-${row.nearest?.severity ?? 'ok'}`}
        >
          <div class="row" style={{ justifyContent: 'space-between' }}>
            <strong>
              #{row.ticketId} {row.subject ?? ''}
            </strong>
          </div>
          <div data-testid="timer-clock">
            {row.estimated ? '≈ ' : ''}
            {clockText(row)}
            {row.priorityDefaulted ? ` · ${row.priority} (default)` : ''}
          </div>
          <div class="muted">
            {row.clientName} · {row.priority ?? 'no priority'} · handle{' '}
            {formatDurationShort(row.handle.activeMs)}
            {row.handle.targetMinutes !== null ? ` / ${row.handle.targetMinutes}m` : ''}
            {row.handle.paused ? ' (paused)' : ''}
          </div>
        </li>
      ))}
    </ul>
  );
}

export const timersView: SidePanelView = { id: 'timers', title: 'Timers', component: TimersView };
