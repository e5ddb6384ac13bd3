/**
 * The tab's context (its client and settings), asked of the worker again on every storage change. Only the newest
 * answer is delivered: two quick changes ask twice, the answers can cross (an early one may wait on a slow read),
 * and the older one must not win.
 */
import { request } from '../../messaging/client.ts';
import { NewestOnly, STALE } from '../../messaging/newest-only.ts';
import type { TabContext } from '../../messaging/protocol.ts';
import { readyForPolicies } from './pattern-engine.ts';
import type { StorageChanges } from './storage-changes.ts';

/** Follows the context until `signal` aborts; returns the refresh, for asking at other times (SPA navigation). */
export function followContext(
  changes: StorageChanges,
  deliver: (context: TabContext) => void,
  onError: (error: unknown) => void,
  signal: AbortSignal,
): () => Promise<void> {
  const newest = new NewestOnly();
  const refresh = async () => {
    try {
      const context = await newest.run(async () => readyForPolicies(await request('context.get', {})));
      if (context !== STALE && !signal.aborted) deliver(context);
    } catch (error) {
      onError(error);
    }
  };
  changes.subscribe(() => void refresh(), signal);
  return refresh;
}
