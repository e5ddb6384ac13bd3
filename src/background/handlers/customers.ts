/**
 * The customer-aware guard's messages. The client, its policy (shift length) and whether the page is a paste site
 * come from the sender's tab, never from the page.
 */
import { customerRules } from '../../core/pii/customers/check.ts';
import { defaultPolicy } from '../../core/pii/index.ts';
import type { Handlers } from '../router.ts';
import type { Services } from '../services.ts';

export function customerHandlers(services: Services): Pick<Handlers, 'customers.sync' | 'customers.forget'> {
  return {
    'customers.sync': async ({ site, ticketId, customer, hashes }, context) => {
      const tab = await services.settings.contextFor(context.tabId ?? null, context.pageUrl ?? null);
      const policy = tab.client
        ? (tab.settings['guard.policy'] ?? defaultPolicy())
        : (tab.pasteGuard?.policy ?? defaultPolicy());
      return services.customers.sync({
        ...(ticketId && tab.client ? { ticket: `${site}:${ticketId}`, label: `#${ticketId}` } : {}),
        ...(customer ? { customer } : {}),
        hashes: tab.client ? hashes : [],
        shiftMs: customerRules(policy).shiftMs,
        everyone: !tab.client && !!tab.pasteGuard,
      });
    },
    'customers.forget': () => services.customers.forget(),
  };
}
