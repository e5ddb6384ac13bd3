/**
 * re2js runs the custom detectors a QA lead adds to a guard policy. It is a third of the data guard's code and most
 * policies have none, so the guard's bundle does not carry it (scripts/content-script.ts points the guard bundle's
 * `re2js` at guard/re2js-on-demand.ts): it comes with the on-demand `linear-pattern` bundle. A tab context whose
 * policy has custom detectors reaches the page only once that bundle is loaded, so no check ever runs with a
 * policy whose patterns cannot run.
 */
import type { TabContext } from '../../messaging/protocol.ts';

type WithCustom = { customDetectors?: readonly unknown[] } | null | undefined;
const hasCustom = (policy: WithCustom) => (policy?.customDetectors?.length ?? 0) > 0;

/** Whether the context's policies (the helpdesk's, a paste site's) need the pattern engine. */
export function needsPatternEngine(context: TabContext): boolean {
  return hasCustom(context.settings['guard.policy']) || hasCustom(context.pasteGuard?.policy);
}

/** The context, once what its policies need to run is loaded. */
export async function readyForPolicies(context: TabContext): Promise<TabContext> {
  if (needsPatternEngine(context)) await import('../../core/linear-pattern.ts');
  return context;
}
