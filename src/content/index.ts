/**
 * Deskmate's content script: what every page the site adapters match (and every custom or paste site the worker
 * registers) runs, so it is kept tiny — a page where Deskmate is off pays for this file and one message, nothing
 * more. It asks the worker whether Deskmate runs here (`content.start`); if so, the worker first runs the main
 * bundle (src/content/main.ts, `content/main.js`) in this isolated world, as it runs the on-demand bundles, then
 * answers with the tab's context, which this hands to the main bundle (runtime/handover.ts). If not, it waits for a
 * setting to change and asks again: no UI, no page listeners.
 *
 * Until the main bundle's send guard listens (or the worker says Deskmate is off here), sends that may carry a
 * reply are held (runtime/early-hold.ts): nothing is sent unchecked while Deskmate loads.
 */
import type { Reply, Responses, TabContext } from '../messaging/protocol.ts';
import { CHANNEL } from '../messaging/pushes.ts';
import { browser } from '../platform/browser.ts';
import { holdEarly } from './runtime/early-hold.ts';
import { publishHandover } from './runtime/handover.ts';

/** Setting changes come in bursts (several keys in one write): ask once they have settled. */
const ASK_AGAIN_MS = 100;

/**
 * One Deskmate per frame. The same script can be injected twice into one page: by the manifest and by a custom
 * site registered for a built-in helpdesk's host (a custom site that takes it over), or by two custom sites whose
 * patterns overlap. Both run in the extension's one isolated world, so the first leaves a mark there and a second
 * stops, unless the first no longer runs (its extension context went away: an update or reload).
 */
const INSTANCE = Symbol.for('deskmate.content.instance');
const scope = globalThis as unknown as Record<symbol, { alive(): boolean } | undefined>;

function load(): void {
  if (scope[INSTANCE]?.alive()) return;
  const extension = new AbortController();
  const runtime = browser.runtime;
  scope[INSTANCE] = {
    alive() {
      try {
        return !extension.signal.aborted && Boolean(runtime?.id);
      } catch {
        return false;
      }
    },
  };
  const hold = holdEarly();
  let changed = false;
  let settle: ReturnType<typeof setTimeout> | undefined;
  let asking = false;
  let started = false;
  let handOver!: (context: TabContext) => void;
  let fail!: (error: unknown) => void;
  const context = new Promise<TabContext>((resolve, reject) => {
    handOver = resolve;
    fail = reject;
  });
  // Unhandled only when the main bundle never came to take it.
  context.catch(() => {});
  publishHandover({ context, extension, changedSince: () => changed, release: () => hold.release() });

  const onChanged = () => {
    changed = true;
    if (started || asking) return;
    clearTimeout(settle);
    settle = setTimeout(() => void ask(), ASK_AGAIN_MS);
  };
  // Before asking, so that a change made while the answer is on its way is not missed.
  browser.storage.onChanged.addListener(onChanged);

  const ask = async (): Promise<void> => {
    asking = true;
    changed = false;
    try {
      const reply = (await browser.runtime.sendMessage({
        channel: CHANNEL,
        type: 'content.start',
        payload: {},
      })) as Reply<Responses['content.start']> | undefined;
      if (!reply) throw new Error('no answer from the Deskmate worker');
      if (!reply.ok) throw new Error(reply.error);
      if (reply.value.started) {
        started = true;
        // The main bundle listens for changes itself from its first moment, before this answer came.
        browser.storage.onChanged.removeListener(onChanged);
        handOver(reply.value.context);
        return;
      }
      // Off here: let what was held go, and ask again when a setting changes.
      hold.release();
      asking = false;
      if (changed) onChanged();
    } catch (error) {
      // The extension is being reloaded or removed, or the main bundle could not be run: never trap a send.
      hold.release();
      // Not running here: a script injected again may start.
      extension.abort();
      fail(error);
      browser.storage.onChanged.removeListener(onChanged);
      console.error('Deskmate could not start on this page:', error);
    } finally {
      asking = false;
    }
  };
  void ask();
}

load();
