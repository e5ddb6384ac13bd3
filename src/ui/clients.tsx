/**
 * The client picker of Deskmate's own pages (options, popup): the live list of clients, the client picked among
 * them, and the <select> that shows them. One place, so every page lists clients alike.
 */
import { useEffect, useState } from 'preact/hooks';
import { request } from '../messaging/client.ts';
import type { ClientSummary } from '../messaging/protocol.ts';
import { type Loadable, useLive } from './hooks.ts';

/** The clients, reloaded whenever they change. */
export function useClients(): Loadable<ClientSummary[]> {
  return useLive(() => request('clients.list', {}))[0];
}

/** A client picked among `clients`: the first one until the user picks another. */
export function usePickedClient(clients: Loadable<ClientSummary[]>): [string, (clientId: string) => void] {
  const [clientId, setClientId] = useState('');
  useEffect(() => {
    // From what is picked when the effect runs, not when it was scheduled: a pick made in between stays.
    const first = clients.state === 'ready' ? clients.value[0]?.id : undefined;
    if (!clientId && first) setClientId((picked) => picked || first);
  }, [clients, clientId]);
  return [clientId, setClientId];
}

export interface ClientSelectProps {
  clients: Loadable<ClientSummary[]>;
  /** The picked client's id; '' for the `none` choice. */
  value: string;
  onChange(clientId: string): void;
  /** The label of a first choice that is no client ("All clients"), when there is one. */
  none?: string;
  /** For a select without a visible label of its own. */
  ariaLabel?: string;
  disabled?: boolean;
}

export function ClientSelect(props: ClientSelectProps) {
  const { clients } = props;
  return (
    <select
      aria-label={props.ariaLabel}
      disabled={props.disabled}
      value={props.value}
      onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}
    >
      {props.none !== undefined && <option value="">{props.none}</option>}
      {clients.state === 'ready' &&
        clients.value.map((client) => (
          <option key={client.id} value={client.id}>
            {client.name}
          </option>
        ))}
    </select>
  );
}
