/** Every in-page feature, registered in this one place. A feature is one file exporting a Feature. */
import { clientIndicator } from './client-indicator.ts';
import { coreCommands } from './core-commands.ts';
import type { Feature } from './feature.ts';
import { slaClocks } from './sla-clocks.ts';
import { ticketTracker } from './ticket-tracker.ts';

export const features: readonly Feature[] = [clientIndicator, coreCommands, ticketTracker, slaClocks];
