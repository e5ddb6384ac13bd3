/** Every in-page feature, registered in this one place. A feature is one file exporting a Feature. */
import { answers } from './answers.ts';
import { clientIndicator } from './client-indicator.ts';
import { coreCommands } from './core-commands.ts';
import { dataGuard } from './data-guard.ts';
import type { Feature } from './feature.ts';
import { guardCoverage } from './guard-coverage.ts';
import { siteHealth } from './site-health.ts';
import { slaClocks } from './sla-clocks.ts';
import { ticketTracker } from './ticket-tracker.ts';

export const features: readonly Feature[] = [
  clientIndicator,
  coreCommands,
  ticketTracker,
  slaClocks,
  siteHealth,
  dataGuard,
  guardCoverage,
  answers,
];
