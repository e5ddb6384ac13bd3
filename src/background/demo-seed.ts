/**
 * The demo client packs, installed on first run so that Deskmate works on the bundled demo helpdesk
 * (`npm start`) with zero set-up. They only match the loopback demo server, so they never claim a real
 * helpdesk page, and they are skipped when IT manages the client list.
 */
import { CLIENT_PACK_FORMAT, type ClientPack } from '../core/settings/client-pack.ts';

export const DEMO_PACKS: ClientPack[] = [
  {
    format: CLIENT_PACK_FORMAT,
    version: 1,
    client: {
      id: 'northwind',
      name: 'Northwind Outfitters',
      color: '#2f7d4f',
      matches: [{ host: '127.0.0.1:*' }, { host: 'localhost:*' }],
    },
    settings: { 'clocks.idleThresholdSeconds': 120 },
    // Shows what a client's lock looks like: the idle threshold is part of the client's contract.
    locked: ['clocks.idleThresholdSeconds'],
  },
  {
    format: CLIENT_PACK_FORMAT,
    version: 1,
    client: {
      id: 'contoso',
      name: 'Contoso Travel',
      color: '#8a4fd1',
      // A second client on the same demo server, under its own path: one helpdesk host can serve several clients.
      matches: [{ host: '127.0.0.1:*', path: '/contoso/*' }],
    },
    settings: {},
    locked: [],
  },
];
