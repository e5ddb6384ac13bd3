/**
 * Notices which ticket is open: reads its id and subject through the site adapter, tells the worker (which
 * remembers it for the client: recent tickets, and where clocks start when a page shows no times), and sets
 * the `ticket` context keys that other commands' when-clauses use.
 */

import { readText, readTicketId } from '../sites/read.ts';
import type { Feature } from './feature.ts';

export const ticketTracker: Feature = {
  id: 'ticket-tracker',
  async start({ site, dom, signal, workbench, request, url }) {
    // A site that names no ticket view (a custom site defined by its address and ticket pattern) is on a ticket
    // whenever its URL gives an id.
    if (site.selectors.ticketView.length > 0) {
      const view = await dom.waitFor(site.selectors.ticketView, signal);
      if (!view || signal.aborted) return;
    }
    const ticketId = readTicketId(site, url, document);
    if (!ticketId) return;
    const subject = readText(document, site.selectors.subject);
    workbench.contextKeys.set('ticket', true, signal);
    workbench.contextKeys.set('ticketId', ticketId, signal);
    workbench.statusBar.set(
      {
        id: 'ticket',
        text: `#${ticketId}`,
        ...(subject ? { tooltip: subject } : {}),
        priority: 90,
        severity: 'info',
      },
      signal,
    );
    await request('ticket.seen', {
      site: site.id,
      ticketId,
      ...(subject ? { subject: subject.slice(0, 500) } : {}),
    });
  },
};
