/**
 * SLA clocks and handle time for the open ticket. Reads the ticket's facts through the site adapter (priority,
 * status, created time, who wrote each message and when), hands them to the worker, and shows the nearest
 * target in the status bar ("First reply 1h 20m business · due 14:05 client time") coloured ok / warning /
 * breached, with handle time against the client's target beside it. The worker does the arithmetic and the
 * notifications; this page only displays, so the clocks keep running when the tab is closed.
 */

import type { TicketSlaStatus } from '../../messaging/protocol.ts';
import { formatDurationShort } from '../../ui/format.ts';
import {
  type ConversationShape,
  conversationShape,
  readText,
  readTicketFacts,
  readTicketId,
  sameConversationShape,
} from '../sites/read.ts';
import type { Feature } from './feature.ts';

/** How often the display refreshes while the tab is visible (the worker notifies on its own alarms). */
const REFRESH_MS = 30_000;
/** DOM changes (a new message, a status change) are read at most this often. */
const SETTLE_MS = 1_000;
/** How soon a first hand-over of the facts that failed (the worker restarting) is tried again. */
const RETRY_MS = 3_000;

export function describeStatus(
  status: TicketSlaStatus,
): { text: string; tooltip: string; severity: 'ok' | 'warning' | 'error' | 'info' } | null {
  if (status.problem) return { text: 'SLA policy error', tooltip: status.problem, severity: 'error' };
  const clock = status.nearest;
  if (!status.hasPolicy || !clock) return null;
  const estimate = status.estimated ? '≈' : '';
  const business = clock.hours === 'business' ? ' business' : '';
  let text: string;
  if (clock.state === 'breached') text = `${clock.label} breached ${estimate}${clock.leftText} ago`;
  else if (clock.state === 'met') text = `${clock.label} met`;
  else if (clock.state === 'paused')
    text = `${clock.label} paused · ${estimate}${clock.leftText}${business} left`;
  else
    text = `${clock.label} ${estimate}${clock.leftText}${business}${clock.dueLocal ? ` · due ${clock.dueLocal} client time` : ''}`;
  if (status.priorityDefaulted) text += ` · ${status.priority} (default priority)`;
  const lines = status.clocks.map(
    (c) =>
      `${c.label}: ${c.state}${c.dueLocal ? `, due ${c.dueLocal}` : ''} (${c.leftText} ${c.hours}${c.state === 'breached' ? ' over' : ' left'})`,
  );
  if (status.priorityDefaulted)
    lines.push(`The page shows no priority: the policy's default (${status.priority}) applies.`);
  if (status.estimated)
    lines.push(
      'The page shows no created time: the clock started when Deskmate first saw the ticket (estimated).',
    );
  if (status.timeZone) lines.push(`Client time: ${status.timeZone}`);
  return { text, tooltip: lines.join('\n'), severity: clock.severity };
}

export const slaClocks: Feature = {
  id: 'sla-clocks',
  async start({ site, dom, signal, workbench, request, url, listen }) {
    if (site.selectors.ticketView.length === 0) return;
    const view = await dom.waitFor(site.selectors.ticketView, signal);
    const ticketId = readTicketId(site, url, document);
    if (!view || signal.aborted || !ticketId) return;
    const ticket = { site: site.id, ticketId };

    const show = (status: TicketSlaStatus) => {
      if (signal.aborted) return;
      const described = describeStatus(status);
      if (described) {
        workbench.statusBar.set(
          {
            id: 'sla',
            ...described,
            command: 'deskmate.sla.showTimers',
            alignment: 'right',
            priority: 100,
            announce: true,
          },
          signal,
        );
      } else workbench.statusBar.remove('sla');
      const { handle } = status;
      if (handle.targetMinutes !== null || handle.activeMs > 0) {
        const target = handle.targetMinutes !== null ? ` / ${handle.targetMinutes}m` : '';
        workbench.statusBar.set(
          {
            id: 'handle-time',
            text: `${handle.paused ? '⏸ ' : ''}Handle ${formatDurationShort(handle.activeMs)}${target}`,
            tooltip: handle.paused
              ? 'Handle time is paused for this ticket — click to resume'
              : 'Active handle time on this ticket (counts while this tab is visible and you are at the keyboard) — click to pause',
            command: 'deskmate.handleTime.toggle',
            alignment: 'right',
            priority: 90,
            severity: handle.overTarget ? 'warning' : handle.paused ? 'info' : 'ok',
          },
          signal,
        );
      }
      workbench.contextKeys.set('handleTimePaused', handle.paused, signal);
    };

    // Commands first: pausing handle time and opening the timers must work even while the worker cannot answer.
    workbench.commands.register(
      {
        id: 'deskmate.handleTime.toggle',
        title: 'Pause or resume handle time',
        category: 'Deskmate',
        when: 'ticket',
        run: async () => {
          await request('sla.handleTime.toggle', ticket);
          await refresh();
        },
      },
      signal,
    );
    workbench.commands.register(
      {
        id: 'deskmate.sla.showTimers',
        title: 'Show SLA timers',
        category: 'Deskmate',
        run: () => request('sidePanel.open', {}),
      },
      signal,
    );

    let lastFacts = '';
    // What the facts depend on, cheaply: most page changes (typing indicators, presence, the app's own widgets)
    // leave the messages and the ticket's fields as they were, and then the conversation is not re-read.
    let lastShape: { conversation: ConversationShape; fields: string } | undefined;
    const unchanged = () => {
      const shape = {
        conversation: conversationShape(site, document),
        fields: `${readText(document, site.selectors.priority)}|${readText(document, site.selectors.status)}|${readText(document, site.selectors.createdAt)}`,
      };
      const same =
        lastShape !== undefined &&
        sameConversationShape(shape.conversation, lastShape.conversation) &&
        shape.fields === lastShape.fields;
      lastShape = shape;
      return same;
    };
    /** Hands the ticket's facts to the worker when they changed; true when the worker has them. */
    const sendFacts = async (): Promise<boolean> => {
      if (unchanged()) return true;
      const facts = readTicketFacts(site, document);
      const json = JSON.stringify(facts);
      if (json === lastFacts) return true;
      lastFacts = json;
      const subject = readText(document, site.selectors.subject);
      try {
        show(
          await request('sla.facts', {
            ...ticket,
            facts,
            ...(subject ? { subject: subject.slice(0, 500) } : {}),
          }),
        );
        return true;
      } catch (error) {
        // The worker was restarting or failed: forget what was sent, so that the next try sends it again, and
        // say so where the clock would be rather than leaving the agent without one and without a reason.
        lastFacts = '';
        lastShape = undefined;
        if (!signal.aborted)
          workbench.statusBar.set(
            {
              id: 'sla',
              text: 'SLA clock unavailable',
              tooltip: `Deskmate could not reach its worker to time this ticket (${error instanceof Error ? error.message : String(error)}); it tries again shortly.`,
              alignment: 'right',
              priority: 100,
              severity: 'warning',
            },
            signal,
          );
        return false;
      }
    };
    const refresh = async () => show(await request('sla.status', ticket));
    /** The periodic update: the facts again if the worker never got them, else the clocks as they run. */
    const tick = () => (lastFacts === '' ? sendFacts() : refresh());

    const activity = (kind: 'visible' | 'hidden' | 'focus' | 'blur' | 'close') =>
      request('sla.activity', { ...ticket, kind }).catch(() => {});
    await activity(document.visibilityState === 'visible' ? 'visible' : 'hidden');
    await activity(document.hasFocus() ? 'focus' : 'blur');
    listen(document, 'visibilitychange', () => {
      void activity(document.visibilityState === 'visible' ? 'visible' : 'hidden');
      if (document.visibilityState === 'visible') void tick();
    });
    listen(window, 'focus', () => void activity('focus'));
    listen(window, 'blur', () => void activity('blur'));
    // The ticket leaves this tab (SPA navigation, client switch, extension reload): stop counting it here.
    signal.addEventListener('abort', () => void activity('close'), { once: true });

    let settle: ReturnType<typeof setTimeout> | undefined;
    dom.onChange(() => {
      clearTimeout(settle);
      settle = setTimeout(() => void sendFacts(), SETTLE_MS);
    }, signal);
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void tick();
    }, REFRESH_MS);
    let retry: ReturnType<typeof setTimeout> | undefined;
    signal.addEventListener('abort', () => {
      clearInterval(timer);
      clearTimeout(settle);
      clearTimeout(retry);
    });

    // A first answer that failed is tried again soon, not only at the next refresh half a minute later.
    if (!(await sendFacts()) && !signal.aborted)
      retry = setTimeout(() => {
        if (lastFacts === '') void sendFacts();
      }, RETRY_MS);
  },
};
