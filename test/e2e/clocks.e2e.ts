/**
 * SLA clocks and handle time in Chromium on the demo helpdesk, whose client has a business-hours SLA.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoEnvironment, sendFromPage, startDemoEnvironment, waitForDeskmate } from './support/env.ts';
import { deskmateElements, deskmateText, eventually } from './support/shadow.ts';

let env: DemoEnvironment;
let extensionPage: Page;

beforeAll(async () => {
  env = await startDemoEnvironment();
  extensionPage = await env.browser.context.newPage();
  await extensionPage.goto(env.extensionUrl('src/options/index.html'));
});
afterAll(async () => {
  await env?.close();
});

async function openTicket(id: number): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.demo.origin}/agent/tickets/${id}`);
  await waitForDeskmate(page);
  return page;
}

const slaItem = async (page: Page) => (await deskmateElements(page, 'data-status-id', 'sla'))[0];

describe('SLA clocks on the demo helpdesk', () => {
  it('shows the nearest target in business terms with the due time in client time, coloured by state', async () => {
    const page = await openTicket(1044);
    const item = await eventually(
      () => slaItem(page),
      (found) => Boolean(found),
      'the SLA status item',
    );
    expect(item!.text).toMatch(/^(First reply|Next reply|Resolution) .*(\d+[dhms]|met|paused)/);
    expect(item!.text).toMatch(/business/);
    expect(item!.text).toMatch(/due .*\d\d:\d\d client time|paused|breached/);
    expect(item!.attributes.class).toMatch(/dm-(ok|warning|error|info)/);
    const handle = (await deskmateElements(page, 'data-status-id', 'handle-time'))[0];
    expect(handle?.text).toMatch(/Handle \d+m \/ 12m/);
    await page.close();
  });

  it('falls back to the policy default priority, visibly, where the page shows none', async () => {
    const page = await openTicket(1048);
    const item = await eventually(
      () => slaItem(page),
      (found) => Boolean(found),
      'the SLA status item',
    );
    expect(item!.text).toContain('normal (default priority)');
    await page.close();
  });

  it('lists open tickets by time left in the side panel Timers view, and keeps them across a worker restart', async () => {
    for (const id of [1042, 1045]) {
      const page = await openTicket(id);
      await eventually(
        () => slaItem(page),
        (found) => Boolean(found),
        `ticket ${id}'s clock`,
      );
      await page.close();
    }
    const before = (await sendFromPage(extensionPage, { channel: 'deskmate', type: 'sla.timers' })) as {
      value: Array<{ ticketId: string; nearest: { dueAt: number | null } | null }>;
    };
    expect(before.value.map((row) => row.ticketId)).toEqual(expect.arrayContaining(['1042', '1045']));
    const dues = before.value.map((row) => row.nearest?.dueAt ?? Number.POSITIVE_INFINITY);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    // Stop the service worker, as Chrome does when it is idle; the clocks live in IndexedDB and come back.
    const cdp = await env.browser.context.newCDPSession(extensionPage);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    const after = (await eventually(
      () => sendFromPage(extensionPage, { channel: 'deskmate', type: 'sla.timers' }),
      (reply) => (reply as { ok?: boolean }).ok === true,
      'the restarted worker',
    )) as typeof before;
    expect(after.value.map((row) => row.ticketId)).toEqual(before.value.map((row) => row.ticketId));
    expect(after.value.map((row) => row.nearest?.dueAt)).toEqual(
      before.value.map((row) => row.nearest?.dueAt),
    );

    const panel = await env.browser.context.newPage();
    await panel.goto(env.extensionUrl('src/sidepanel/index.html'));
    await panel.getByRole('tab', { name: 'Timers' }).click();
    await panel.locator('[data-timer="1042"]').waitFor();
    expect(await panel.locator('[data-timer="1042"] [data-testid="timer-clock"]').textContent()).toMatch(
      /reply|Resolution/,
    );
    await panel.close();
  });

  it('refuses an invalid SLA policy with the path of each error and keeps the one in force', async () => {
    const policyOf = async () =>
      (
        (await sendFromPage(extensionPage, {
          channel: 'deskmate',
          type: 'settings.describe',
          payload: { clientId: 'northwind' },
        })) as {
          value: { settings: Array<{ key: string; value: unknown; origin: { source: string } }> };
        }
      ).value.settings.find((s) => s.key === 'sla.policy');
    const before = await policyOf();
    const reply = (await sendFromPage(extensionPage, {
      channel: 'deskmate',
      type: 'settings.write',
      payload: {
        layer: 'qaLead',
        clientId: 'northwind',
        key: 'sla.policy',
        value: { ...(before?.value as object), calendar: { timeZone: 'Nowhere/Land', weeklyHours: {} } },
      },
    })) as { ok: boolean; error: string };
    expect(reply.ok).toBe(false);
    expect(reply.error).toContain('/calendar/timeZone');
    expect(await policyOf()).toEqual(before);

    // The options page editor shows the same errors, live, before saving.
    const options = await env.browser.context.newPage();
    await options.goto(env.extensionUrl('src/options/index.html#clocks'));
    await options.locator('select').first().selectOption('northwind');
    const editor = options.getByLabel('Policy (JSON)');
    await expect.poll(() => editor.inputValue(), { timeout: 10_000 }).toContain('America/New_York');
    expect(await options.getByTestId('document-origin').textContent()).toContain('client pack');
    await editor.fill((await editor.inputValue()).replace('America/New_York', 'Mars/Olympus_Mons'));
    await options.getByTestId('document-errors').waitFor();
    expect(await options.getByTestId('document-errors').textContent()).toContain('/calendar/timeZone');
    expect(await options.getByRole('button', { name: 'Save as QA lead' }).isDisabled()).toBe(true);
    await options.close();
  });

  it('notifies at thresholds and breaches, counts tickets at risk on the badge, and reports met % with CSV', async () => {
    // A QA lead tightens the policy: first replies within one calendar minute.
    const current = (
      (await sendFromPage(extensionPage, {
        channel: 'deskmate',
        type: 'settings.describe',
        payload: { clientId: 'northwind' },
      })) as {
        value: { settings: Array<{ key: string; value: Record<string, unknown> }> };
      }
    ).value.settings.find((s) => s.key === 'sla.policy')!.value;
    const tight = {
      ...current,
      targets: [
        { metric: 'first_reply', priority: 'urgent', minutes: 1, hours: 'calendar' },
        { metric: 'first_reply', priority: 'normal', minutes: 1, hours: 'calendar' },
      ],
    };
    const saved = (await sendFromPage(extensionPage, {
      channel: 'deskmate',
      type: 'settings.write',
      payload: { layer: 'qaLead', clientId: 'northwind', key: 'sla.policy', value: tight },
    })) as { ok: boolean; error?: string };
    expect(saved).toEqual({ ok: true, value: { written: true } });

    const page = await openTicket(1046); // created minutes ago, no reply yet: breached under the tight policy
    const item = await eventually(
      () => slaItem(page),
      (found) => /breached/.test(found?.text ?? ''),
      'a breached clock',
    );
    expect(item!.attributes.class).toContain('dm-error');

    const badge = await eventually(
      () => extensionPage.evaluate(() => chrome.action.getBadgeText({})),
      (text) => Number(text) >= 1,
      'the toolbar badge',
    );
    expect(Number(badge)).toBeGreaterThanOrEqual(1);
    const notifications = await eventually(
      () => extensionPage.evaluate(() => chrome.notifications.getAll()),
      (all) => Object.keys(all).some((id) => id.includes(':1046:') && id.endsWith('breached')),
      'a breach notification',
    );
    expect(Object.keys(notifications).some((id) => id.includes(':1046:'))).toBe(true);
    expect((await extensionPage.evaluate(() => chrome.alarms.getAll())).map((alarm) => alarm.name)).toContain(
      'sla-sweep',
    );

    const reports = await env.browser.context.newPage();
    await reports.goto(env.extensionUrl('src/reports/index.html'));
    await reports.getByTestId('met-table').waitFor();
    expect(await reports.getByTestId('met-table').textContent()).toMatch(/Northwind Outfitters.*First reply/);
    expect(await reports.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(1);
    const [download] = await Promise.all([
      reports.waitForEvent('download'),
      reports.getByRole('button', { name: 'Export CSV' }).first().click(),
    ]);
    expect(download.suggestedFilename()).toBe('deskmate-sla-met.csv');
    await reports.close();
    await page.close();
  });

  it('counts handle time only while the ticket is in front of the agent, and pauses by command', async () => {
    const page = await openTicket(1043);
    await page.bringToFront();
    await eventually(
      () => slaItem(page),
      (found) => Boolean(found),
      'the SLA item',
    );
    const read = async () =>
      (
        (await sendFromPage(extensionPage, { channel: 'deskmate', type: 'sla.timers' })) as {
          value: Array<{ ticketId: string; handle: { activeMs: number; paused: boolean } }>;
        }
      ).value.find((row) => row.ticketId === '1043')?.handle;
    const focused = await page.evaluate(() => document.hasFocus() && document.visibilityState === 'visible');
    if (focused) {
      await eventually(read, (handle) => (handle?.activeMs ?? 0) > 0, 'handle time to count');
    }
    await page.keyboard.press('F1');
    await page.keyboard.type('pause or resume handle');
    await page.keyboard.press('Enter');
    const paused = await eventually(read, (handle) => handle?.paused === true, 'handle time to pause');
    const frozen = paused!.activeMs;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await read())!.activeMs).toBe(frozen);
    expect(await deskmateText(page, 'deskmate-statusbar')).toContain('⏸ Handle');
    await page.close();
  });
});
