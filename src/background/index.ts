/**
 * The Deskmate worker (a service worker in Chrome, an event page in Firefox). Every listener is registered
 * synchronously at start, as MV3 requires, so events that woke the worker are not lost; state lives in storage
 * and IndexedDB, never only in memory, because the worker is stopped whenever it is idle.
 */

import type { RedactionPolicy } from '../core/pii/index.ts';
import { CHANNEL } from '../messaging/protocol.ts';
import { browser, openSidePanel, type Runtime, sidePanelApi } from '../platform/browser.ts';
import { AuditService } from './audit.ts';
import { CustomerMemoryService, forgetOnSignInChange, type SignInEvents } from './customer-memory.ts';
import { openDatabase } from './db/database.ts';
import { metaStorage } from './db/meta-storage.ts';
import { DEMO_KNOWLEDGE, demoPacks } from './demo-seed.ts';
import { createHandlers } from './handlers/index.ts';
import { KnowledgeService } from './knowledge/service.ts';
import { KnowledgeStore } from './knowledge/store.ts';
import { createRouter } from './router.ts';
import type { Services } from './services.ts';
import { SettingsService } from './settings-service.ts';
import { syncSites as syncRegisteredSites } from './site-registration.ts';
import { SlaService } from './sla-service.ts';

const db = openDatabase();
const settings = new SettingsService({
  local: browser.storage.local,
  session: browser.storage.session,
  readManaged: () => browser.storage.managed.get(),
  // The last valid value of each layer's settings: in IndexedDB, which content scripts cannot read.
  memory: metaStorage(db.meta),
});

const SLA_ALARM = 'sla';
const sla = new SlaService(db, settings, {
  async notify(id, title, message) {
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('icons/icon-128.png'),
      title,
      message,
      priority: 2,
    });
  },
  async setBadge(count) {
    await browser.action.setBadgeText({ text: count ? String(count) : '' });
    await browser.action.setBadgeBackgroundColor({ color: '#e12d39' });
    await browser.action.setTitle({
      title: count ? `Deskmate: ${count} ticket(s) at risk of breaching SLA` : 'Deskmate',
    });
  },
  async setAlarm(when) {
    // One alarm for the next warning threshold or due time; a coarse sweep also keeps the badge honest.
    if (when === undefined) await browser.alarms.clear(SLA_ALARM);
    else await browser.alarms.create(SLA_ALARM, { when: Math.max(when, Date.now() + 1000) });
  },
});

// Answers: each client's knowledge base, its ranking index cached per client, the data guard's policy for learning.
const knowledge = new KnowledgeService(
  new KnowledgeStore(db),
  async (clientId) => {
    const values = (await settings.resolve(clientId)).values as Record<string, unknown>;
    return (values['guard.policy'] ?? undefined) as RedactionPolicy | undefined;
  },
  { synonyms: async (clientId) => (await settings.resolve(clientId)).values['knowledge.synonyms'] },
);

// The data guard's audit, entries and salt in IndexedDB; storage.local is only read to move an old salt out.
const audit = new AuditService(db, settings, browser.storage.local);
const AUDIT_PRUNE_ALARM = 'guard-audit-prune';
// At every start, not at the first finding: a salt an older version left in storage.local moves out at once.
void audit.salt().catch((error) => console.error('Deskmate: audit salt', error));

// Whose identifiers are whose, for the agent's shift: session storage only (cleared when the browser closes).
const customers = new CustomerMemoryService(browser.storage.session, () => Date.now());
forgetOnSignInChange(customers, (globalThis as { chrome?: { identity?: SignInEvents } }).chrome?.identity);

const services: Services = {
  async detectLanguage(text) {
    try {
      const result = await browser.i18n.detectLanguage(text.slice(0, 2000));
      const top = result.languages[0];
      return top && top.language !== 'und' ? top.language : undefined;
    } catch {
      return undefined;
    }
  },
  settings,
  sla,
  audit,
  customers,
  knowledge,
  db,
  now: () => Date.now(),
  async activeTab() {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    return tab?.id === undefined
      ? undefined
      : { id: tab.id, url: tab.url ?? null, windowId: tab.windowId ?? -1 };
  },
  async tabUrl(tabId) {
    return (await browser.tabs.get(tabId)).url ?? null;
  },
  async sendToTab(tabId, message) {
    try {
      await browser.tabs.sendMessage(tabId, message);
      return true;
    } catch {
      return false; // No Deskmate content script in that tab.
    }
  },
  openSidePanel,
  openOptions: () => browser.runtime.openOptionsPage(),
  async injectIntoFrame({ tabId, frameId }, file) {
    // The default world is the content scripts' isolated one, where the asking script waits for the bundle.
    await browser.scripting.executeScript({
      target: { tabId, frameIds: [frameId] },
      files: [file],
      injectImmediately: true,
    });
  },
};

const route = createRouter(createHandlers(services), {
  extensionId: browser.runtime.id,
  extensionOrigin: browser.runtime.getURL(''),
  onError: (type, error) => console.error(`Deskmate: ${type} failed`, error),
});

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  route(message, sender),
);

browser.storage.onChanged.addListener(() => settings.invalidate());
browser.tabs.onRemoved.addListener((tabId) => {
  void settings.forgetTab(tabId);
  void sla.tabClosed(tabId);
});

browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === SLA_ALARM || alarm.name === `${SLA_ALARM}-sweep`) void sla.refresh();
});
browser.alarms.create(`${SLA_ALARM}-sweep`, { periodInMinutes: 1 });
browser.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === AUDIT_PRUNE_ALARM)
    void audit.prune().catch((error) => console.error('Deskmate: audit pruning failed', error));
});
// Created once: the worker wakes every minute, and re-creating the alarm would keep pushing it back.
void browser.alarms.get(AUDIT_PRUNE_ALARM).then((existing) => {
  if (!existing) browser.alarms.create(AUDIT_PRUNE_ALARM, { delayInMinutes: 1, periodInMinutes: 60 * 6 });
});

// Handle time stops while the agent is away from the keyboard or the screen is locked.
browser.idle.onStateChanged.addListener((state) => void sla.activity({ kind: state, at: Date.now() }));
async function applyIdleThreshold(): Promise<void> {
  // The idle API has one threshold for the whole browser; clients may set their own, so the strictest applies.
  const ids = [null, ...(await settings.clients()).map((client) => client.id)];
  const thresholds = await Promise.all(
    ids.map(async (id) => (await settings.resolve(id)).values['clocks.idleThresholdSeconds']),
  );
  browser.idle.setDetectionInterval(Math.min(...thresholds));
}
void applyIdleThreshold();
browser.storage.onChanged.addListener(() => void applyIdleThreshold());

const syncSites = () =>
  void syncRegisteredSites(settings).catch((error) =>
    console.error('Deskmate: custom and paste sites', error),
  );
syncSites();
browser.storage.onChanged.addListener(syncSites);
browser.permissions.onAdded.addListener(syncSites);
browser.permissions.onRemoved.addListener(syncSites);

// Browser-wide shortcuts (manifest `commands`) run the workbench command of the same id in the active tab;
// opening the side panel must happen here, while the shortcut still counts as a user gesture.
browser.commands.onCommand.addListener(async (command, tab) => {
  if (command === 'workbench.action.openSidePanel') {
    await openSidePanel({
      ...(tab?.id !== undefined ? { tabId: tab.id } : {}),
      ...(tab?.windowId !== undefined ? { windowId: tab.windowId } : {}),
    });
    return;
  }
  const tabId = tab?.id ?? (await services.activeTab())?.id;
  if (tabId !== undefined)
    await services.sendToTab(tabId, { channel: CHANNEL, push: 'command.run', payload: { command } });
});

browser.runtime.onInstalled.addListener(async ({ reason }) => {
  // The toolbar button opens the popup; the side panel opens from the popup, the palette or a shortcut.
  await sidePanelApi()?.setPanelBehavior({ openPanelOnActionClick: false });
  // Only a demo build seeds the demo clients and their knowledge, for the demo server's host and port alone; in the
  // store build this branch is folded away with the seed itself (src/build-flags.d.ts).
  if (__DESKMATE_DEMO_HOST__) {
    if (reason !== 'install') return;
    const existing = await settings.clients();
    if (existing.length > 0) return;
    for (const pack of demoPacks(__DESKMATE_DEMO_HOST__)) await settings.importClientPack(pack);
    for (const [clientId, articles] of Object.entries(DEMO_KNOWLEDGE))
      await knowledge.store.importRecords(clientId, articles);
    await db.meta.put({ key: 'demo.seededAt', value: Date.now() });
  }
});
