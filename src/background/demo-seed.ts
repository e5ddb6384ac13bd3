/**
 * The demo client packs, installed on first run of a demo build (`npm start`, the e2e tests; never the store
 * build, see src/build-flags.d.ts) so that Deskmate works on the bundled demo helpdesk with zero set-up. They only
 * match the demo server's own host and port, so they never claim a real helpdesk page or another local service,
 * and they are skipped when IT manages the client list.
 */
import { CLIENT_PACK_FORMAT, type ClientPack } from '../core/settings/client-pack.ts';
import type { SlaPolicyInput } from '../core/sla/index.ts';
import { NORTHWIND_ARTICLES } from './demo-knowledge.ts';

/** The demo clients' knowledge bases, seeded with the packs. */
export const DEMO_KNOWLEDGE: Record<string, typeof NORTHWIND_ARTICLES> = { northwind: NORTHWIND_ARTICLES };

/** Northwind's contract: business hours in New York, US holidays, tighter targets for higher priorities. */
const NORTHWIND_SLA: SlaPolicyInput = {
  version: 1,
  client: 'Northwind Outfitters',
  calendar: {
    timeZone: 'America/New_York',
    weeklyHours: {
      mon: ['08:00-20:00'],
      tue: ['08:00-20:00'],
      wed: ['08:00-20:00'],
      thu: ['08:00-20:00'],
      fri: ['08:00-20:00'],
      sat: ['10:00-16:00'],
    },
    holidays: { country: 'US', dates: [] },
  },
  defaultPriority: 'normal',
  targets: [
    { metric: 'first_reply', priority: 'urgent', minutes: 60, hours: 'calendar' },
    { metric: 'first_reply', priority: 'high', minutes: 120 },
    { metric: 'first_reply', priority: 'normal', minutes: 240 },
    { metric: 'first_reply', priority: 'low', minutes: 480 },
    { metric: 'next_reply', priority: 'urgent', minutes: 60, hours: 'calendar' },
    { metric: 'next_reply', priority: 'high', minutes: 120 },
    { metric: 'next_reply', priority: 'normal', minutes: 240 },
    { metric: 'next_reply', priority: 'low', minutes: 480 },
    { metric: 'resolution', priority: 'urgent', minutes: 480, hours: 'calendar' },
    { metric: 'resolution', priority: 'high', minutes: 1440 },
    { metric: 'resolution', priority: 'normal', minutes: 2880 },
    { metric: 'resolution', priority: 'low', minutes: 4320 },
  ],
  pauseWhen: { resolution: ['pending', 'on-hold'], next_reply: ['on-hold'] },
  solvedStatuses: ['solved', 'closed'],
  warnAtPercentLeft: [25, 10],
  handleTime: { targetMinutes: 12 },
};

/** The demo clients, for the demo helpdesk served at `host` (`127.0.0.1:<port>`). */
export function demoPacks(host: string): ClientPack[] {
  return [
    {
      format: CLIENT_PACK_FORMAT,
      version: 1,
      client: {
        id: 'northwind',
        name: 'Northwind Outfitters',
        color: '#2f7d4f',
        matches: [{ host }],
      },
      settings: { 'clocks.idleThresholdSeconds': 120, 'sla.policy': NORTHWIND_SLA },
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
        matches: [{ host, path: '/contoso/*' }],
      },
      settings: {},
      locked: [],
    },
  ];
}
