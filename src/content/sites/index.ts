/**
 * Every site adapter, registered in this one place. The manifest's content-script matches and host permissions
 * are generated from this list at build time (vite.config.ts), so adding a helpdesk is one adapter file (plus its
 * fixture page and test) and a line here. The bundled demo helpdesk is not one of them: only demo builds add it
 * (./built-in.ts), so the store build never runs on 127.0.0.1 or localhost.
 */
import type { SiteAdapter } from './adapter.ts';
import { freshdeskAdapter } from './freshdesk.ts';
import { frontAdapter } from './front.ts';
import { genericAdapter } from './generic.ts';
import { gmailAdapter } from './gmail.ts';
import { gorgiasAdapter } from './gorgias.ts';
import { helpscoutAdapter } from './helpscout.ts';
import { hubspotAdapter } from './hubspot.ts';
import { intercomAdapter } from './intercom.ts';
import { outlookAdapter } from './outlook.ts';
import { requestTrackerAdapter } from './request-tracker.ts';
import { roundcubeAdapter } from './roundcube.ts';
import { salesforceAdapter } from './salesforce.ts';
import { servicenowAdapter } from './servicenow.ts';
import { zendeskAdapter } from './zendesk.ts';
import { zohoAdapter } from './zoho.ts';

export const siteAdapters: readonly SiteAdapter[] = [
  zendeskAdapter,
  freshdeskAdapter,
  salesforceAdapter,
  intercomAdapter,
  hubspotAdapter,
  helpscoutAdapter,
  gorgiasAdapter,
  servicenowAdapter,
  frontAdapter,
  zohoAdapter,
  gmailAdapter,
  outlookAdapter,
];

/**
 * Apps a company installs on its own host (no match patterns: see SiteAdapter.matches). They run on a custom site
 * an admin added, which names one (`adapter`) or on which one's `detect` selectors match.
 */
export const selfHostedAdapters: readonly SiteAdapter[] = [requestTrackerAdapter, roundcubeAdapter];

export { genericAdapter };

/** Match patterns for the manifest: where the content script runs and which hosts Deskmate may access. */
export function siteMatchPatterns(): string[] {
  return [...new Set(siteAdapters.flatMap((adapter) => adapter.matches))];
}
