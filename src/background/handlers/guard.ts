/**
 * The data guard's messages. The client of an audit entry is always resolved here from the sender's tab, never
 * taken from the page, so one client's audit never receives (or shows) another client's entries. The Problems
 * view's findings are kept in memory per tab (types, positions and actions only — never a value).
 */
import { customerKey, customerRules, streetIn, ticketKeys } from '../../core/pii/customers/check.ts';
import { defaultPolicy, evaluate } from '../../core/pii/index.ts';
import type { TabProblems } from '../../messaging/views.ts';
import type { Handlers } from '../router.ts';
import type { Services } from '../services.ts';
import { pasteSiteAccess } from '../site-registration.ts';

type GuardHandlers = Pick<
  Handlers,
  | 'guard.audit'
  | 'guard.audit.query'
  | 'guard.problems'
  | 'guard.coverage'
  | 'guard.problems.forTab'
  | 'guard.pasteSites'
  | 'guard.scanMessages'
>;

export function guardHandlers(services: Services): GuardHandlers {
  const byTab = new Map<number, TabProblems>();
  const coverage = new Map<number, string>();
  return {
    'guard.audit': async (input, context) => {
      const tab = await services.settings.contextFor(context.tabId ?? null, context.pageUrl ?? null);
      // A paste site belongs to no client: its entries go to the client whose policy guards pasting there.
      const client = tab.client ?? tab.pasteGuard?.client;
      if (!client) throw new Error('this page belongs to no client');
      const { site, ticketId, reason, entries } = input;
      const recorded = await services.audit.record(client.id, {
        site,
        entries,
        ...(ticketId ? { ticketId } : {}),
        ...(reason ? { reason } : {}),
      });
      return { recorded };
    },
    'guard.audit.query': (filters) => services.audit.query(filters),
    'guard.pasteSites': () => pasteSiteAccess(services.settings),
    'guard.scanMessages': async ({ texts, ticket }, context) => {
      // The tab's client's policy, never one the page names.
      const tab = await services.settings.contextFor(context.tabId ?? null, context.pageUrl ?? null);
      if (!tab.client) throw new Error('this page belongs to no client');
      const policy = tab.settings['guard.policy'] ?? defaultPolicy();
      const findings = texts.map((text) => evaluate(text, policy));
      if (!ticket) return { findings };
      // What identifies the ticket's customer, remembered here (hashed with the shift's salt), not on the page.
      const rules = customerRules(policy);
      const details = { ...ticket, address: streetIn(ticket.address, policy) };
      const customers = await services.customers.syncKeys({
        ticket: `${ticket.site}:${ticket.ticketId}`,
        label: `#${ticket.ticketId}`,
        customerKey: customerKey(details),
        keys: ticketKeys(
          details,
          texts.map((text, index) => ({ text, findings: findings[index]! })),
          rules.remember,
        ),
        shiftMs: rules.shiftMs,
      });
      return { findings, customers };
    },
    'guard.problems': async ({ site, ticketId, problems }, context) => {
      if (context.tabId === undefined) throw new Error('no tab');
      const tab = await services.settings.contextFor(context.tabId, context.pageUrl ?? null);
      byTab.set(context.tabId, {
        tabId: context.tabId,
        clientId: tab.client?.id ?? null,
        site,
        ...(ticketId ? { ticketId } : {}),
        problems,
        updatedAt: services.now(),
      });
      return { stored: true };
    },
    'guard.coverage': async ({ site, notGuarding }, context) => {
      if (context.tabId === undefined) throw new Error('no tab');
      if (notGuarding) coverage.set(context.tabId, notGuarding);
      else coverage.delete(context.tabId);
      if (!byTab.has(context.tabId) && notGuarding) {
        const tab = await services.settings.contextFor(context.tabId, context.pageUrl ?? null);
        byTab.set(context.tabId, {
          tabId: context.tabId,
          clientId: tab.client?.id ?? null,
          site,
          problems: [],
          updatedAt: services.now(),
        });
      }
      return { stored: true };
    },
    'guard.problems.forTab': async ({ tabId }) => {
      const id = tabId ?? (await services.activeTab())?.id;
      if (id === undefined) return null;
      const problems = byTab.get(id);
      const notGuarding = coverage.get(id);
      if (!problems) return null;
      return notGuarding ? { ...problems, notGuarding } : problems;
    },
  };
}
