import type { Handlers, RequestContext } from '../router.ts';
import type { Services } from '../services.ts';
import { maskedSubjectFor } from '../subjects.ts';

type SlaHandlers = Pick<
  Handlers,
  'sla.facts' | 'sla.status' | 'sla.activity' | 'sla.handleTime.toggle' | 'sla.timers' | 'sla.report'
>;

export function slaHandlers(services: Services): SlaHandlers {
  /** The ticket's key, with the client decided from the sender's tab (never taken from the page). */
  const keyFor = async (
    input: { site: string; ticketId: string; clientId?: string },
    context: RequestContext,
  ) => {
    if (context.kind === 'page' && input.clientId)
      return { clientId: input.clientId, site: input.site, ticketId: input.ticketId };
    const tab = await services.settings.contextFor(context.tabId ?? null, context.pageUrl ?? null);
    if (!tab.client) throw new Error('this page belongs to no client');
    return { clientId: tab.client.id, site: input.site, ticketId: input.ticketId };
  };
  const handleId = (key: { clientId: string; site: string; ticketId: string }) =>
    `${key.clientId}/${key.site}/${key.ticketId}`;

  return {
    'sla.facts': async ({ site, ticketId, subject, facts }, context) => {
      const key = await keyFor({ site, ticketId }, context);
      // The subject is the customer's text: masked with the client's policy before it is stored or notified.
      return services.sla.recordFacts(
        key,
        facts,
        await maskedSubjectFor(services.settings, key.clientId, subject),
      );
    },
    'sla.status': async (input, context) => services.sla.status(await keyFor(input, context)),
    'sla.activity': async ({ kind, ...ticket }, context) => {
      const key = await keyFor(ticket, context);
      const active = await services.sla.activity({
        kind,
        ticket: handleId(key),
        source: `tab:${context.tabId}`,
        at: services.now(),
      });
      return { active };
    },
    'sla.handleTime.toggle': async (input, context) => ({
      paused: await services.sla.toggleHandleTime(await keyFor(input, context)),
    }),
    'sla.timers': () => services.sla.timers(),
    'sla.report': () => services.sla.report(),
  };
}
