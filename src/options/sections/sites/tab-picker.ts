/**
 * Options › Sites talking to the picker in a helpdesk tab (src/messaging/picker.ts): which open tabs show the site,
 * picking an element there, and previewing what selectors read there. All through `scripting.executeScript`,
 * which the browser allows only on a site Deskmate has access to.
 */
import { compileMatchPattern } from '../../../core/settings/match-pattern.ts';
import {
  type PagePicker,
  PICKER_FILE,
  PICKER_KEY,
  type PickRequest,
  type PickResult,
  type PreviewRequest,
  type SelectorPreview,
} from '../../../messaging/picker.ts';
import { browser, browserPatterns } from '../../../platform/browser.ts';

export interface OpenTab {
  id: number;
  /** Host and path: enough to tell tabs apart, without the page's title (which may name a customer). */
  where: string;
  lastAccessed: number;
}

/** The open tabs whose address one of the patterns covers, the most recently used first. */
export async function openTabsFor(patterns: readonly string[]): Promise<OpenTab[]> {
  if (!patterns.length) return [];
  let tabs: Awaited<ReturnType<typeof browser.tabs.query>>;
  try {
    // Where patterns take no port (Firefox), every port of the host: the ports are checked below.
    tabs = await browser.tabs.query({ url: browserPatterns(patterns) });
  } catch {
    return [];
  }
  const tests = patterns.flatMap((pattern) => {
    try {
      return [compileMatchPattern(pattern)];
    } catch {
      return [];
    }
  });
  return tabs
    .filter((tab) => tab.id !== undefined && tab.url && tests.some((test) => test.test(tab.url!)))
    .map((tab) => {
      const url = new URL(tab.url!);
      return { id: tab.id!, where: `${url.host}${url.pathname}`, lastAccessed: tab.lastAccessed ?? 0 };
    })
    .sort((a, b) => b.lastAccessed - a.lastAccessed);
}

type Call =
  | { method: 'pick'; request: PickRequest }
  | { method: 'preview'; request: PreviewRequest }
  | { method: 'cancel' };

/** Runs one call of the picker in the tab, loading the picker's file there first when it is not. */
async function callPicker(tabId: number, call: Call): Promise<unknown> {
  const run = () =>
    browser.scripting.executeScript({
      target: { tabId },
      // Serialised into the tab: it may use nothing from this module.
      func: ((key: string, c: Call) => {
        const picker = (globalThis as unknown as Record<symbol, PagePicker | undefined>)[Symbol.for(key)];
        if (!picker) return { missing: true };
        if (c.method === 'pick') return picker.pick(c.request).then((value) => ({ value }));
        if (c.method === 'preview') return { value: picker.preview(c.request) };
        picker.cancel();
        return { value: null };
      }) as (...args: unknown[]) => unknown,
      args: [PICKER_KEY, call],
    });
  let [answer] = await run();
  if ((answer?.result as { missing?: boolean } | undefined)?.missing) {
    if (call.method === 'cancel') return null;
    await browser.scripting.executeScript({ target: { tabId }, files: [PICKER_FILE] });
    [answer] = await run();
  }
  if (answer?.error) throw new Error(String((answer.error as Error).message ?? answer.error));
  return (answer?.result as { value?: unknown } | undefined)?.value;
}

/**
 * Brings the tab to the front, lets the admin pick an element there, and comes back to this page with the answer.
 */
export async function pickOnTab(tabId: number, request: PickRequest): Promise<PickResult> {
  const me = await browser.tabs.getCurrent().catch(() => undefined);
  // Load the picker before showing the tab, so the highlight is there when the admin looks.
  await browser.scripting.executeScript({ target: { tabId }, files: [PICKER_FILE] });
  const answer = callPicker(tabId, { method: 'pick', request });
  const tab = await browser.tabs.update(tabId, { active: true });
  if (tab?.windowId !== undefined)
    await browser.windows.update(tab.windowId, { focused: true }).catch(() => {});
  try {
    return (
      ((await answer) as PickResult | undefined) ?? { status: 'failed', message: 'the tab did not answer' }
    );
  } finally {
    if (me?.id !== undefined) {
      await browser.tabs.update(me.id, { active: true }).catch(() => {});
      if (me.windowId !== undefined)
        await browser.windows.update(me.windowId, { focused: true }).catch(() => {});
    }
  }
}

export async function cancelPick(tabId: number): Promise<void> {
  await callPicker(tabId, { method: 'cancel' }).catch(() => {});
}

export async function previewOnTab(tabId: number, request: PreviewRequest): Promise<SelectorPreview> {
  return (await callPicker(tabId, { method: 'preview', request })) as SelectorPreview;
}
