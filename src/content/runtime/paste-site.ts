/**
 * Deskmate on a paste site (a non-helpdesk site a client's policy lists in `guard.pasteSites`): no workbench, no
 * status bar — only the paste guard, with the detection engine it needs loaded up front (a paste must be decided
 * in the event, synchronously). The policy follows setting changes live.
 */
import { request } from '../../messaging/client.ts';
import type { TabContext } from '../../messaging/protocol.ts';
import { auditEntries } from '../guard/audit-entries.ts';
import { createUiHost } from '../workbench/ui-host.tsx';
import { followContext } from './live-context.ts';
import type { StorageChanges } from './storage-changes.ts';

export async function startPasteSite(
  initial: TabContext,
  changes: StorageChanges,
  signal: AbortSignal,
): Promise<void> {
  let context = initial;
  followContext(
    changes,
    (next) => {
      context = next;
    },
    (error) => console.error('Deskmate: refreshing the paste guard’s policy failed:', error),
    signal,
  );

  const { startPasteGuard } = await import('../guard/paste-guard.ts');
  const ui = createUiHost();
  signal.addEventListener('abort', () => ui.dispose(), { once: true });
  startPasteGuard({
    ui,
    signal,
    policy: () => context.pasteGuard?.policy ?? null,
    // Any customer of the agent's shift: their details are flagged here too (customers.ownDetails).
    customers: { site: location.hostname, request },
    record(records, reason) {
      if (records.length === 0) return;
      void request('guard.audit', {
        site: location.hostname,
        ...(reason ? { reason } : {}),
        entries: auditEntries(records),
      }).catch(() => {
        // The worker is restarting or the extension reloaded: the paste itself is unaffected.
      });
    },
  });
  // Tells tests and support staff that the paste guard is running here (nothing about the client).
  ui.host.dataset.state = 'paste-guard';
}
