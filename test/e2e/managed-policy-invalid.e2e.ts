/**
 * A bad managed value keeps the last valid one in force, for real: a Chromium policy file first pushes a valid,
 * locked redaction policy (cards block, no override), then IT replaces it with one that has a typo. Chromium
 * accepts it (managed_schema.json only says "object"); Deskmate's schema does not. The previous policy stays in
 * force — a card still blocks the send rather than the default policy's masking — across a worker restart, and
 * the options page says so. Writing /etc/chromium/policies needs root; elsewhere the test is skipped with why.
 */
import { rmSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { startDemoServer } from '../../scripts/serve-demo.ts';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, EXTENSION_ID, ensureBuilt, sendFromPage, waitForDeskmate } from './support/env.ts';
import { canWritePolicies, POLICY_DIR } from './support/policy-dir.ts';
import { deskmateElements, eventually } from './support/shadow.ts';

const POLICY_FILE = `${POLICY_DIR}/deskmate-e2e-invalid-policy.json`;
const CARD = '4111 1111 1111 1111';
const STRICT = { version: 1, types: { CREDIT_CARD: { action: 'block', override: 'never' } } };
/** A typo IT might make: "allow" is not an action. */
const BROKEN = { version: 1, types: { CREDIT_CARD: { action: 'allow' } } };

function writePolicy(guardPolicy: unknown): void {
  writeFileSync(
    POLICY_FILE,
    JSON.stringify({
      '3rdparty': {
        extensions: {
          [EXTENSION_ID]: { settings: { 'guard.policy': guardPolicy }, locked: ['guard.policy'] },
        },
      },
    }),
  );
}

const writable = canWritePolicies();
const title = writable
  ? 'an invalid managed value'
  : `an invalid managed value (skipped: cannot write ${POLICY_DIR}; run as root)`;

describe.skipIf(!writable)(title, () => {
  let browser: LaunchedChromium;
  let demo: StaticServer;
  let options: Page;

  beforeAll(async () => {
    await ensureBuilt();
    writePolicy(STRICT);
    demo = await startDemoServer();
    browser = await launchChromium({ extensionDir: CHROME_DIR });
    options = await browser.context.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html`);
  });

  afterAll(async () => {
    // Never leave a policy behind on the machine.
    rmSync(POLICY_FILE, { force: true });
    await browser?.close();
    await demo?.close();
  });

  interface Described {
    ok: boolean;
    value: {
      settings: Array<{ key: string; value: unknown; origin: { source: string; lastValid?: true } }>;
      warnings: string[];
    };
  }
  const described = async () =>
    (
      (await sendFromPage(options, {
        channel: 'deskmate',
        type: 'settings.describe',
        payload: { clientId: 'northwind' },
      })) as Described
    ).value;
  const guardPolicy = async () => (await described()).settings.find((s) => s.key === 'guard.policy');

  /** Types a card in a reply and sends: resolves to the send guard's verdict, or 'sent'. */
  async function sendCard(): Promise<string> {
    const page = await browser.context.newPage();
    await page.goto(`${demo.origin}/agent/tickets/1042`);
    await waitForDeskmate(page);
    const messages = page.locator('[data-demo="conversation"] [data-demo="message"]');
    const before = await messages.count();
    await page.locator('[data-demo="composer"] .ProseMirror').click();
    await page.keyboard.type(`Your card ${CARD} is on file.`);
    await page.keyboard.press('Control+Enter');
    const outcome = await eventually(
      async () => {
        const dialog = (await deskmateElements(page, 'data-testid', 'guard-dialog'))[0];
        if (dialog) return dialog.attributes['data-verdict'] ?? 'dialog';
        return (await messages.count()) > before ? 'sent' : '';
      },
      (value) => value !== '',
      'the send to be guarded or sent',
      30_000,
    );
    await page.close();
    return outcome;
  }

  it('keeps the last valid locked guard.policy when IT pushes an invalid one, across a worker restart, and says so', async () => {
    // storage.managed can take a few seconds to be readable after the browser starts.
    await expect.poll(async () => (await guardPolicy())?.value, { timeout: 30_000 }).toEqual(STRICT);
    expect(await sendCard()).toBe('block');

    // IT pushes a typo. Chromium reloads its policy files on change (after a settling delay).
    writePolicy(BROKEN);
    await expect
      .poll(async () => (await described()).warnings.join('\n'), { timeout: 60_000, interval: 1000 })
      .toMatch(/"guard.policy" is invalid.*\/types\/CREDIT_CARD\/action.*last valid value stays in force/s);
    expect(await guardPolicy()).toMatchObject({
      value: STRICT,
      origin: { source: 'managed', lastValid: true },
    });
    // What the agent notices: the card still blocks the send (the default policy would only mask it).
    expect(await sendCard()).toBe('block');

    // The worker is stopped and starts again: the last valid policy is still in force.
    const cdp = await browser.context.newCDPSession(options);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await expect.poll(async () => (await guardPolicy())?.value, { timeout: 20_000 }).toEqual(STRICT);
    expect(await sendCard()).toBe('block');

    // The options page shows the error, and on the setting, that this is the last valid value.
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html#settings`);
    await options.selectOption('select', 'northwind');
    await options.getByText('its last valid value stays in force').waitFor({ timeout: 20_000 });
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/options/index.html#guard`);
    await options
      .getByTestId('document-origin')
      .getByText('last valid value: the current one is invalid')
      .first()
      .waitFor({ timeout: 20_000 });
  }, 240_000);
});
