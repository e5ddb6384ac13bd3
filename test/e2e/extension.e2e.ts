/**
 * The foundation, end to end: the built extension in Debian's Chromium on the demo helpdesk.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoEnvironment,
  EXTENSION_ID,
  sendFromPage,
  startDemoEnvironment,
  waitForDeskmate,
} from './support/env.ts';
import { deskmateText, eventually } from './support/shadow.ts';

let env: DemoEnvironment;

beforeAll(async () => {
  env = await startDemoEnvironment();
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

const statusBar = (page: Page) => deskmateText(page, 'deskmate-statusbar');

describe('Deskmate in Chromium on the demo helpdesk', () => {
  it('loads with the fixed extension id from the manifest key', () => {
    expect(env.browser.extensionId).toBe(EXTENSION_ID);
  });

  it('mounts its status bar in a closed shadow root, naming the client chosen from the URL and the ticket', async () => {
    const page = await openTicket(1042);
    const text = await eventually(
      () => statusBar(page),
      (t) => t.includes('#1042'),
      'the status bar',
    );
    expect(text).toContain('Northwind Outfitters');
    // The page's own scripts cannot read our UI.
    expect(
      await page.evaluate(() => document.getElementById('deskmate-root')?.shadowRoot ?? null),
    ).toBeNull();
    await page.close();
  });

  it('the worker records the opened ticket in its IndexedDB and answers for it', async () => {
    const page = await openTicket(1043);
    await eventually(
      () => statusBar(page),
      (t) => t.includes('#1043'),
      'the ticket in the status bar',
    );
    const options = await env.browser.context.newPage();
    await options.goto(env.extensionUrl('src/options/index.html'));
    const reply = (await eventually(
      () =>
        sendFromPage(options, {
          channel: 'deskmate',
          type: 'tickets.recent',
          payload: { clientId: 'northwind' },
        }),
      (r) => JSON.stringify(r).includes('"1043"'),
      'the worker to list ticket 1043',
    )) as { ok: boolean; value: Array<{ ticketId: string; subject?: string; site: string }> };
    expect(reply.ok).toBe(true);
    const ticket = reply.value.find((t) => t.ticketId === '1043');
    expect(ticket?.site).toBe('demo');
    expect(ticket?.subject).toMatch(/refund/i);
    // Read the extension origin's IndexedDB directly: the row is really stored there.
    const stored = await options.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const open = indexedDB.open('deskmate');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const request = open.result.transaction('tickets').objectStore('tickets').getAll();
            request.onsuccess = () =>
              resolve((request.result as Array<{ ticketId: string }>).map((row) => row.ticketId));
          };
        }),
    );
    expect(stored).toContain('1043');
    await options.close();
    await page.close();
  });

  it('refuses malformed and unknown messages with a clear error, changing nothing', async () => {
    const options = await env.browser.context.newPage();
    await options.goto(env.extensionUrl('src/options/index.html'));
    const bad = (await sendFromPage(options, {
      channel: 'deskmate',
      type: 'settings.write',
      payload: { layer: 'root', key: 'enabled', value: false },
    })) as { ok: boolean; error: string };
    expect(bad.ok).toBe(false);
    expect(bad.error).toContain('invalid payload');
    expect(bad.error).toContain('/layer');
    const unknown = (await sendFromPage(options, { channel: 'deskmate', type: 'db.drop' })) as {
      ok: boolean;
      error: string;
    };
    expect(unknown).toEqual({ ok: false, error: 'unknown message type "db.drop"' });
    // A content-script-only message from a page is refused too.
    const wrongSender = (await sendFromPage(options, {
      channel: 'deskmate',
      type: 'ticket.seen',
      payload: { site: 'x', ticketId: '1' },
    })) as {
      ok: boolean;
      error: string;
    };
    expect(wrongSender.ok).toBe(false);
    expect(wrongSender.error).toContain('refused');
    const context = (await sendFromPage(options, {
      channel: 'deskmate',
      type: 'settings.describe',
      payload: {},
    })) as {
      value: { settings: Array<{ key: string; value: unknown }> };
    };
    expect(context.value.settings.find((s) => s.key === 'enabled')?.value).toBe(true);
    await options.close();
  });

  it('follows SPA navigation to another ticket, leaving nothing of the previous one', async () => {
    const page = await openTicket(1042);
    await eventually(
      () => statusBar(page),
      (t) => t.includes('#1042'),
      'ticket 1042',
    );
    await page.click('a[data-demo="ticket-link"][data-ticket-id="1044"]');
    const text = await eventually(
      () => statusBar(page),
      (t) => t.includes('#1044'),
      'ticket 1044 after navigation',
    );
    expect(text).not.toContain('#1042');
    expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(1);
    await page.close();
  });

  it('runs a command from the palette by keyboard alone', async () => {
    const page = await openTicket(1045);
    await eventually(
      () => statusBar(page),
      (t) => t.includes('Northwind'),
      'the status bar',
    );
    await page.click('[data-demo="composer"] .ProseMirror');
    await page.keyboard.press('F1');
    await eventually(
      () => deskmateText(page, 'deskmate-palette'),
      (t) => t.includes('Switch client'),
      'the palette',
    );
    await page.keyboard.type('switch cli');
    await page.keyboard.press('Enter');
    await eventually(
      () => deskmateText(page, 'deskmate-palette'),
      (t) => t.includes('Contoso Travel'),
      'the client list',
    );
    await page.keyboard.type('contoso');
    await page.keyboard.press('Enter');
    const text = await eventually(
      () => statusBar(page),
      (t) => t.includes('Contoso Travel'),
      'the new client',
    );
    expect(text).not.toContain('Northwind');
    expect(await deskmateText(page, 'deskmate-palette')).toBe('');
    // Focus went back to the composer: typing lands in the reply.
    await page.keyboard.type('Hello');
    expect(
      await page.evaluate(() =>
        (window as unknown as { demoEditor: { getText(): string } }).demoEditor.getText(),
      ),
    ).toContain('Hello');

    // And back to automatic: Escape closes without acting, then choose "from the page address".
    await page.keyboard.press('Alt+Shift+C');
    await eventually(
      () => deskmateText(page, 'deskmate-palette'),
      (t) => t.includes('page address'),
      'the client list',
    );
    await page.keyboard.press('Escape');
    expect(await deskmateText(page, 'deskmate-palette')).toBe('');
    expect(await statusBar(page)).toContain('Contoso Travel');
    await page.keyboard.press('Alt+Shift+C');
    await eventually(
      () => deskmateText(page, 'deskmate-palette'),
      (t) => t.includes('page address'),
      'the client list',
    );
    await page.keyboard.type('page address');
    await page.keyboard.press('Enter');
    await eventually(
      () => statusBar(page),
      (t) => t.includes('Northwind'),
      'the automatic client',
    );
    await page.close();
  });

  it('applies a setting change live: the status bar hides from the palette and comes back', async () => {
    const page = await openTicket(1046);
    await eventually(
      () => statusBar(page),
      (t) => t.includes('#1046'),
      'the status bar',
    );
    await page.keyboard.press('F1');
    await page.keyboard.type('toggle status bar');
    await page.keyboard.press('Enter');
    await eventually(
      () => statusBar(page),
      (t) => t === '',
      'the status bar to hide',
    );
    // Another tab of the same helpdesk follows, through storage.onChanged.
    const other = await openTicket(1042);
    expect(await statusBar(other)).toBe('');
    await page.keyboard.press('F1');
    await page.keyboard.type('toggle status bar');
    await page.keyboard.press('Enter');
    await eventually(
      () => statusBar(other),
      (t) => t.includes('#1042'),
      'the status bar to come back in the other tab',
    );
    await other.close();
    await page.close();
  });

  it('stays off on a helpdesk the agent turned Deskmate off for, and comes back live', async () => {
    const options = await env.browser.context.newPage();
    await options.goto(env.extensionUrl('src/options/index.html#sites'));
    const toggle = options.locator('[data-site="demo"] input[type="checkbox"]');
    await toggle.waitFor();
    await toggle.click();
    await expect.poll(() => toggle.isChecked(), { timeout: 10_000 }).toBe(false);
    const page = await env.browser.context.newPage();
    await page.goto(`${env.demo.origin}/agent/tickets/1042`);
    await page.locator('[data-demo="composer"] .ProseMirror').waitFor();
    // Off here, Deskmate builds nothing in the page: no host element, no status bar.
    await page.waitForTimeout(1000);
    expect(await page.locator('#deskmate-root').count()).toBe(0);
    await toggle.click();
    await eventually(
      () => statusBar(page),
      (t) => t.includes('#1042'),
      'the status bar after turning it back on',
    );
    await page.close();
    await options.close();
  });

  it('renders the options page, showing a client pack lock as locked', async () => {
    const options = await env.browser.context.newPage();
    await options.goto(env.extensionUrl('src/options/index.html'));
    await options.getByRole('heading', { name: 'Deskmate settings' }).waitFor();
    await options.selectOption('select', 'northwind');
    const row = options.locator('[data-setting="clocks.idleThresholdSeconds"]');
    await expect.poll(() => row.getAttribute('data-locked'), { timeout: 10_000 }).toBe('true');
    expect(await row.getByTestId('origin').textContent()).toContain('Locked by the client pack');
    expect(await row.locator('input').isDisabled()).toBe(true);
    await options.click('a[href="#clients"]');
    await options.getByRole('cell', { name: 'Contoso Travel' }).waitFor();
    await options.close();
  });

  it('renders the side panel with its views, navigable by arrow keys', async () => {
    const panel = await env.browser.context.newPage();
    await panel.goto(env.extensionUrl('src/sidepanel/index.html'));
    const tabs = panel.getByRole('tab');
    await tabs.first().waitFor();
    expect(await tabs.allTextContents()).toEqual(['Suggestions', 'Problems', 'Timers', 'Tickets']);
    expect(await tabs.first().getAttribute('aria-selected')).toBe('true');
    await tabs.first().focus();
    await panel.keyboard.press('ArrowRight');
    expect(await panel.getByRole('tab', { name: 'Problems' }).getAttribute('aria-selected')).toBe('true');
    await panel.keyboard.press('ArrowLeft');
    await panel.keyboard.press('ArrowLeft');
    expect(await panel.getByRole('tab', { name: 'Tickets' }).getAttribute('aria-selected')).toBe('true');
    await panel.getByTestId('sidepanel-client').waitFor();
    await panel.close();
  });

  it('renders the popup with the client switcher', async () => {
    const popup = await env.browser.context.newPage();
    await popup.goto(env.extensionUrl('src/popup/index.html'));
    await popup.getByLabel('Client for this tab').waitFor();
    expect(await popup.getByRole('button', { name: 'Command palette' }).isVisible()).toBe(true);
    await popup.close();
  });
});
