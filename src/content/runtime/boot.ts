/**
 * The content script's start (in its main bundle, src/content/main.ts): take the tab's context from the loader (or
 * ask the worker which client this tab belongs to), find the site, mount the workbench, then run the features for
 * the current page, again after every SPA navigation or client switch, and stop everything if the extension goes
 * away. The sends the loader held meanwhile are let go once the page's features (the send guard's hold among them)
 * have started, or as soon as it is clear that none will.
 */
import { request } from '../../messaging/client.ts';
import type { TabContext } from '../../messaging/protocol.ts';
import { pushEnvelope, pushes } from '../../messaging/pushes.ts';
import { browser } from '../../platform/browser.ts';
import { Store } from '../../ui/store.ts';
import { features } from '../features/index.ts';
import { FeatureRegistry } from '../features/registry.ts';
import type { SiteAdapter } from '../sites/adapter.ts';
import { createUiHost } from '../workbench/ui-host.tsx';
import { Workbench } from '../workbench/workbench.tsx';
import { DomWatcher } from './dom-watch.ts';
import { FrameWatcher } from './frame-watch.ts';
import type { Handover } from './handover.ts';
import { watchExtensionContext, watchNavigation } from './lifecycle.ts';
import { followContext } from './live-context.ts';
import { startPasteSite } from './paste-site.ts';
import { readyForPolicies } from './pattern-engine.ts';
import { chooseSite, coveredOnlyOnAnotherPort, siteEnabled } from './site-choice.ts';
import { StorageChanges } from './storage-changes.ts';

function report(source: string, error: unknown): void {
  console.error(`Deskmate: ${source} failed:`, error);
}

const isOn = (context: TabContext) =>
  context.settings.enabled && siteEnabled(location.href, context.settings);

/** Resolves with the tab's context once settings turn Deskmate on for this page; undefined if the extension goes. */
function untilOn(changes: StorageChanges, signal: AbortSignal): Promise<TabContext | undefined> {
  return new Promise((resolve) => {
    const waiting = new AbortController();
    const done = (context: TabContext | undefined) => {
      waiting.abort();
      resolve(context);
    };
    followContext(
      changes,
      (context) => {
        if (isOn(context)) done(context);
      },
      () => {},
      waiting.signal,
    );
    signal.addEventListener('abort', () => done(undefined), { once: true });
  });
}

/**
 * Starts Deskmate on this page with the loader's `handover` (src/content/index.ts). Its `extension` aborts when this
 * content script stops for good (the extension went away).
 */
export async function boot(handover?: Handover): Promise<void> {
  const release = () => handover?.release();
  const extension = handover?.extension ?? new AbortController();
  watchExtensionContext(() => extension.abort(), extension.signal);
  const changes = new StorageChanges(extension.signal);

  // Listen for setting changes before the first answer, so a change made while it was on its way (the demo
  // clients being installed on first run, a policy arriving) is not missed.
  let changedWhileLoading = false;
  const stopNoting = changes.subscribe(() => {
    changedWhileLoading = true;
  });
  // The loader's answer from the worker, which ran this bundle just before it answered.
  let initial = handover ? await handover.context : await request('context.get', {});
  if (handover?.changedSince()) changedWhileLoading = true;
  while (changedWhileLoading) {
    changedWhileLoading = false;
    initial = await request('context.get', {});
  }
  stopNoting();
  initial = await readyForPolicies(initial);

  // A site outside the helpdesk where a client's policy guards pasting: only the paste guard runs there.
  if (!initial.client && initial.pasteGuard) {
    // No reply is sent from here: only pastes are guarded.
    release();
    await startPasteSite(initial, changes, extension.signal);
    return;
  }
  // Injected for a custom site on another port of this host (where the browser's patterns take no port): not ours.
  if (coveredOnlyOnAnotherPort(location.href, initial.settings)) {
    release();
    return;
  }
  // Off on this page (Deskmate turned off, or this helpdesk disabled): build nothing — no UI, no page listeners —
  // until a setting turns it on here.
  if (!isOn(initial)) {
    release();
    const turnedOn = await untilOn(changes, extension.signal);
    if (!turnedOn) return;
    initial = turnedOn;
  }

  const ui = createUiHost();
  extension.signal.addEventListener('abort', () => ui.dispose(), { once: true });
  const dom = new DomWatcher(document, extension.signal);
  const frames = new FrameWatcher(document, dom, extension.signal);
  const workbench = new Workbench(ui, report);
  workbench.start(extension.signal, frames);

  const failures = new Store<string[]>([]);
  const registry = new FeatureRegistry(features, (failure, error) => {
    report(`feature ${failure.feature}`, error);
    failures.update((list) => [...list, `${failure.feature}: ${failure.message}`]);
  });
  failures.subscribe((list) => {
    if (list.length === 0) workbench.statusBar.remove('failures');
    else
      workbench.statusBar.set({
        id: 'failures',
        text: `⚠ ${list.length} feature${list.length === 1 ? '' : 's'} failed`,
        tooltip: list.join('\n'),
        alignment: 'right',
        severity: 'warning',
      });
  });

  const tab = new Store<TabContext>(initial);
  let page: AbortController | undefined;

  const startPage = () => {
    page?.abort();
    page = new AbortController();
    const signal = AbortSignal.any([page.signal, extension.signal]);
    failures.set([]);
    const { settings } = tab.value;
    const url = location.href;
    // The document: a custom site without an adapter of its own may be a self-hosted app its `detect` finds.
    const site = chooseSite(url, settings, undefined, document);
    const on = settings.enabled && site.enabled;
    workbench.statusBar.visible.set(on && settings['workbench.statusBar.visible']);
    const problems = workbench.keybindings.setUserRules(settings['workbench.keybindings']);
    for (const problem of problems) report('keybindings', new Error(problem));
    if (!on) return release();
    const start = (adapter: SiteAdapter) => {
      workbench.contextKeys.set('site', adapter.id, signal);
      void registry.startAll({ url, site: adapter, tab, workbench, dom, frames, ui, request }, signal);
      // Every feature's start has run up to its first wait: the send guard's hold listens (guard/hold.ts).
      release();
    };
    if (!site.needsPatterns) return start(site.adapter);
    // A custom site's own patterns run on re2js (linear time whatever the pattern), loaded on demand.
    import('../../core/linear-pattern.ts').then(
      ({ compileLinearPattern }) => {
        if (!signal.aborted)
          start(chooseSite(url, settings, (source) => compileLinearPattern(source), document).adapter);
        else release();
      },
      (error) => {
        report('ticket patterns', error);
        if (!signal.aborted) start(site.adapter);
        else release();
      },
    );
  };

  // A different client or Deskmate turned on/off means a different page: restart every feature, so nothing of
  // one client is left on screen for another. Other setting changes are applied live by whoever reads them.
  let previous = tab.value;
  tab.subscribe((next) => {
    const siteSettings = (context: TabContext) =>
      JSON.stringify([
        context.settings.enabled,
        context.settings['sites.disabled'],
        context.settings['sites.custom'],
      ]);
    const restart = next.client?.id !== previous.client?.id || siteSettings(next) !== siteSettings(previous);
    previous = next;
    if (restart) startPage();
    else {
      const on = isOn(next);
      workbench.statusBar.visible.set(on && next.settings['workbench.statusBar.visible']);
      workbench.keybindings.setUserRules(next.settings['workbench.keybindings']);
    }
  }, extension.signal);

  const refresh = followContext(
    changes,
    (context) => tab.set(context),
    (error) => report('refreshing settings', error),
    extension.signal,
  );

  const onMessage = (message: unknown) => {
    const envelope = pushEnvelope(message);
    if (envelope?.push !== 'command.run') return;
    const payload = pushes['command.run'](envelope.payload);
    if (payload) void workbench.commands.execute(payload.command);
  };
  browser.runtime.onMessage.addListener(onMessage);
  extension.signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onMessage));

  watchNavigation(async () => {
    // The client may depend on the path, so ask again. A new client restarts the page through the subscription
    // above; otherwise restart it here: either way each ticket gets fresh features.
    const before = tab.value.client?.id;
    await refresh();
    if (tab.value.client?.id === before) startPage();
  }, extension.signal);

  startPage();
  // Tells tests and support staff that Deskmate is running here (nothing about the client or the ticket).
  ui.host.dataset.state = 'ready';
}
