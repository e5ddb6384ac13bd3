// @vitest-environment happy-dom
/**
 * The client picked in Options (Knowledge, Guard, documents): the first client until the agent picks another. A
 * pick made the moment the list appears must stand — else an import meant for one client goes into the first.
 */
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientSelect, usePickedClient } from '../../../src/ui/clients.tsx';

type Clients = Parameters<typeof usePickedClient>[0];
const READY = {
  state: 'ready',
  value: [
    { id: 'northwind', name: 'Northwind' },
    { id: 'acme', name: 'Acme' },
  ],
} as unknown as Clients;

let picked = '';
function Picker({ clients }: { clients: Clients }) {
  const [clientId, setClientId] = usePickedClient(clients);
  picked = clientId;
  return <ClientSelect clients={clients} value={clientId} onChange={setClientId} />;
}

afterEach(() => {
  render(null, document.body);
  picked = '';
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the picked client', () => {
  it('is the first client once the list is there', async () => {
    render(<Picker clients={READY} />, document.body);
    await settle();
    expect(picked).toBe('northwind');
  });

  it('stays the one the agent picked the moment the list appeared, before the default was applied', async () => {
    render(<Picker clients={READY} />, document.body);
    // Picked at once, before the effect that applies the default has run.
    const select = document.querySelector('select')!;
    select.value = 'acme';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(picked).toBe('acme');
    expect(document.querySelector('select')!.value).toBe('acme');
  });
});
