/**
 * Enterprise policy, for real: a Chromium policy file in /etc/chromium/policies/managed/ with a
 * `3rdparty.extensions.<id>` entry reaches `storage.managed`, and Deskmate shows those settings as locked.
 * Writing there needs root (CI and the dev machines run as root); elsewhere the test is skipped with the reason.
 */
import { rmSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { startDemoServer } from '../../scripts/serve-demo.ts';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, EXTENSION_ID, ensureBuilt, waitForDeskmate } from './support/env.ts';
import { canWritePolicies, POLICY_DIR } from './support/policy-dir.ts';
import { deskmateText, eventually } from './support/shadow.ts';

const POLICY_FILE = `${POLICY_DIR}/deskmate-e2e-test.json`;

const writable = canWritePolicies();

const title = writable
  ? 'managed policy'
  : `managed policy (skipped: cannot write ${POLICY_DIR}; run as root)`;

describe.skipIf(!writable)(title, () => {
  let browser: LaunchedChromium;
  let demo: StaticServer;

  beforeAll(async () => {
    await ensureBuilt();
    writeFileSync(
      POLICY_FILE,
      JSON.stringify({
        '3rdparty': {
          extensions: {
            [EXTENSION_ID]: {
              settings: {
                'workbench.statusBar.visible': true,
                'agent.name': 'Agent 007',
                'clocks.idleThresholdSeconds': 300,
              },
              locked: ['workbench.statusBar.visible', 'clocks.idleThresholdSeconds'],
              // IT manages the client list: the demo helpdesk belongs to Fabrikam, and no demo packs are seeded.
              clients: [
                {
                  id: 'fabrikam',
                  name: 'Fabrikam Bank',
                  color: '#b45309',
                  matches: [{ host: '127.0.0.1:*' }],
                },
              ],
            },
          },
        },
      }),
    );
    demo = await startDemoServer();
    browser = await launchChromium({ extensionDir: CHROME_DIR });
  });

  afterAll(async () => {
    // Never leave a policy behind on the machine.
    rmSync(POLICY_FILE, { force: true });
    await browser?.close();
    await demo?.close();
  });

  async function settingRow(page: Page, key: string) {
    return page.locator(`[data-setting="${key}"]`);
  }

  it('shows managed settings as locked by IT, managed defaults as changeable, and the clients IT defines', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html`);
    const locked = await settingRow(options, 'workbench.statusBar.visible');
    // storage.managed can take a few seconds to be readable after the browser starts.
    await expect.poll(() => locked.getAttribute('data-locked'), { timeout: 20_000 }).toBe('true');
    expect(await locked.getByTestId('origin').textContent()).toContain('Locked by your IT administrator');
    expect(await locked.locator('input').isDisabled()).toBe(true);

    await options.selectOption('select', 'fabrikam');
    const idle = await settingRow(options, 'clocks.idleThresholdSeconds');
    await expect
      .poll(() => idle.getByTestId('origin').textContent())
      .toContain('Locked by your IT administrator');
    expect(await idle.locator('input').inputValue()).toBe('300');

    const name = await settingRow(options, 'agent.name');
    expect(await name.getByTestId('origin').textContent()).toContain('Set by your IT administrator');
    expect(await name.locator('input').isDisabled()).toBe(false);

    await options.click('a[href="#clients"]');
    await options.getByRole('cell', { name: 'Fabrikam Bank' }).waitFor();
    expect(await options.locator('[data-client="fabrikam"]').textContent()).toContain('Managed by IT');
    expect(await options.locator('[data-client="northwind"]').count()).toBe(0);
    await options.close();
  });

  it('refuses to change a locked setting, from the page or the worker', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${demo.origin}/agent/tickets/1042`);
    await waitForDeskmate(page);
    await eventually(
      () => deskmateText(page, 'deskmate-statusbar'),
      (t) => t.includes('Fabrikam Bank'),
      'the managed client in the status bar',
    );
    await page.keyboard.press('F1');
    await page.keyboard.type('toggle status bar');
    await page.keyboard.press('Enter');
    // The command runs, the worker refuses, and the status bar stays: the lock holds.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await deskmateText(page, 'deskmate-statusbar')).toContain('Fabrikam Bank');

    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html`);
    const reply = await options.evaluate(() =>
      chrome.runtime.sendMessage({
        channel: 'deskmate',
        type: 'settings.write',
        payload: { layer: 'agent', key: 'workbench.statusBar.visible', value: false },
      }),
    );
    expect(reply).toEqual({ ok: false, error: expect.stringContaining('locked by your IT administrator') });
    await options.close();
    await page.close();
  });
});
