/**
 * Shows which client this page belongs to (a colour and a name in the status bar) and lets the agent switch
 * client for this tab from the palette. Runs on every page, including those that match no client.
 */
import type { Feature } from './feature.ts';

export const clientIndicator: Feature = {
  id: 'client-indicator',
  appliesTo: () => true,
  start({ tab, workbench, request, signal }) {
    const show = () => {
      const { client, clientSource } = tab.value;
      workbench.statusBar.set(
        {
          id: 'client',
          text: client ? client.name : 'No client',
          tooltip: client
            ? `Client: ${client.name}${clientSource === 'override' ? ' (chosen by hand for this tab)' : ' (from the page address)'} — click to switch`
            : 'This page matches no client — click to choose one',
          command: 'deskmate.client.switch',
          priority: 100,
          ...(client?.color ? { swatch: client.color } : {}),
          severity: client ? 'ok' : 'warning',
        },
        signal,
      );
      workbench.contextKeys.set('client', client?.id ?? '', signal);
    };
    show();
    tab.subscribe(show, signal);

    workbench.commands.register(
      {
        id: 'deskmate.client.switch',
        title: 'Switch client…',
        category: 'Deskmate',
        run: async () => {
          const clients = await request('clients.list', {});
          const current = tab.value.client?.id;
          const items = [
            ...clients.map((client) => ({
              label: client.name,
              description: client.id === current ? 'current' : client.id,
              value: client.id as string | null,
            })),
            { label: 'Choose from the page address', description: 'automatic', value: null as string | null },
          ];
          const chosen = await workbench.palette.pick(items, 'Switch client for this tab');
          if (chosen === undefined) return;
          tab.set(await request('client.switch', { clientId: chosen }));
        },
      },
      signal,
    );
  },
};
