/** The demo helpdesk's agent workspace: chrome, queue and the open ticket, driven by the URL. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { matchesQuery, replaceTicket, type Ticket, withAgentReply } from './model.ts';
import { navigate, onRouteChange, parseRoute, type Route, ticketPath } from './router.ts';
import { NavRail, TopBar } from './shell.tsx';
import { TicketList } from './ticket-list.tsx';
import { TicketNotFound, TicketView } from './ticket-view.tsx';
import { CENTRE_NAME, CLIENT_NAME } from './tickets.ts';

/** Relative times ("12 min ago") only change by the minute; a 30 s tick keeps them honest without busy work. */
const CLOCK_TICK_MS = 30_000;

function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), CLOCK_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => onRouteChange(setRoute), []);
  return route;
}

export function App({ initialTickets }: { initialTickets: Ticket[] }) {
  const [tickets, setTickets] = useState(initialTickets);
  const [query, setQuery] = useState('');
  const route = useRoute();
  const now = useNow();

  // The home page is the first ticket of the queue, under its own URL so that links and reloads are stable.
  const first = tickets[0];
  useEffect(() => {
    if (route.kind === 'home' && first) navigate(ticketPath(first.id), { replace: true });
  }, [route, first]);

  const send = useCallback((ticketId: number, html: string) => {
    setTickets((current) => {
      const ticket = current.find((candidate) => candidate.id === ticketId);
      return ticket ? replaceTicket(current, withAgentReply(ticket, html, new Date())) : current;
    });
  }, []);

  const openId = route.kind === 'ticket' ? route.id : route.kind === 'home' ? first?.id : undefined;
  const open = tickets.find((ticket) => ticket.id === openId);

  const title = open ? `#${open.id} ${open.subject} – ${CLIENT_NAME}` : CENTRE_NAME;
  useEffect(() => {
    document.title = title;
  }, [title]);

  return (
    <div class="app">
      <TopBar query={query} onQuery={setQuery} />
      <div class="workspace">
        <NavRail />
        <TicketList
          tickets={tickets.filter((ticket) => matchesQuery(ticket, query))}
          total={tickets.length}
          query={query}
          activeId={open?.id}
          now={now}
        />
        {open ? (
          <TicketView key={open.id} ticket={open} now={now} onSend={send} />
        ) : (
          <TicketNotFound path={route.kind === 'not-found' ? route.path : ticketPath(openId ?? 0)} />
        )}
      </div>
    </div>
  );
}
