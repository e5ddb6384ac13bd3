/**
 * The helpdesks this build runs on: every site adapter (./index.ts), plus the bundled demo helpdesk in a demo build
 * (`npm start`, the e2e tests), on its own host and port only. The store build has no demo adapter at all: the
 * condition is replaced at build time and its branch folded away (src/build-flags.d.ts).
 */
import type { SiteAdapter } from './adapter.ts';
import { demoAdapter } from './demo.ts';
import { siteAdapters } from './index.ts';

export const builtInSites: readonly SiteAdapter[] = __DESKMATE_DEMO_HOST__
  ? [demoAdapter(__DESKMATE_DEMO_HOST__), ...siteAdapters]
  : siteAdapters;
