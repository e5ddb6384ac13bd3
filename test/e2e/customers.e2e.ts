/**
 * The customer-aware guard in Chromium on the demo helpdesk: the agent sees Maya Thompson's ticket (#1042), then
 * answers Daniel Okafor's (#1043) and pastes Maya's e-mail, phone, name or order number into Daniel's reply —
 * the most common real leak in outsourced support. Each is flagged "belongs to another customer (#1042)" at the
 * policy's level, the send asks first, the audit says whose (never the value); Maya's own ticket flags nothing of
 * the kind; copying Maya's name out of her ticket gives the clipboard a tag; "Forget" ends the shift's memory; and
 * nothing of Maya's is in any storage area, database or log.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoEnvironment, sendFromPage, startDemoEnvironment, waitForDeskmate } from './support/env.ts';
import { clickDeskmate, deskmateElements, eventually, runCommand } from './support/shadow.ts';
import { dumpExtensionStorage } from './support/storage-dump.ts';

const MAYA = {
  email: 'maya.thompson@example.com',
  name: 'Maya Thompson',
  phone: '(312) 555-0148',
  order: '100482315',
};
const RAW_VALUES = [MAYA.email, MAYA.name, '312-555-0148', '3125550148', MAYA.order, '4417 North Damen'];

let env: DemoEnvironment;
let extensionPage: Page;
const logs: string[] = [];
const collect = (message: ConsoleMessage) => logs.push(`${message.type()}: ${message.text()}`);

beforeAll(async () => {
  env = await startDemoEnvironment({ privateCopy: true });
  for (const worker of env.browser.context.serviceWorkers()) worker.on('console', collect);
  env.browser.context.on('serviceworker', (worker) => worker.on('console', collect));
  env.browser.context.on('page', (page) => page.on('console', collect));
  extensionPage = await env.browser.context.newPage();
  await extensionPage.goto(env.extensionUrl('src/options/index.html'));
});
afterAll(async () => {
  await env?.close();
});

async function setPolicy(policy: Record<string, unknown>): Promise<void> {
  const reply = (await sendFromPage(extensionPage, {
    channel: 'deskmate',
    type: 'settings.write',
    payload: {
      layer: 'qaLead',
      clientId: 'northwind',
      key: 'guard.policy',
      value: { version: 1, ...policy },
    },
  })) as { ok: boolean };
  expect(reply).toEqual({ ok: true, value: { written: true } });
}

async function openTicket(id: number): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.demo.origin}/agent/tickets/${id}`);
  await waitForDeskmate(page);
  return page;
}

/** The agent reads Maya's ticket: the guard starts (the agent selects some of her text) and remembers her. */
async function readMayasTicket(): Promise<Page> {
  const maya = await openTicket(1042);
  await maya.locator('[data-demo="message-body"]').first().selectText();
  return maya;
}

const composerText = (page: Page) => page.evaluate(() => window.demoEditor?.getText() ?? '');

/** The problem count's severity in the status bar ('' while there is none). */
async function problemSeverity(page: Page): Promise<string> {
  const item = (await deskmateElements(page, 'data-status-id', 'guard-problems'))[0];
  return /dm-(error|warning|info)/.exec(item?.attributes.class ?? '')?.[1] ?? '';
}

/**
 * Types into Daniel's reply until the guard says the value is another customer's. The memory reaches a tab when
 * its guard starts and whenever the agent comes back to it: if Maya's tab had not told the worker yet, going to
 * her tab and back (as an agent does) brings it.
 */
async function typeUntilWarned(daniel: Page, maya: Page, text: string): Promise<void> {
  await daniel.click('[data-demo="composer"] .ProseMirror');
  await daniel.keyboard.type(text);
  const deadline = Date.now() + 20_000;
  while ((await problemSeverity(daniel)) !== 'warning') {
    if (Date.now() > deadline)
      throw new Error(`no warning for ${JSON.stringify(text)}: ${await problemSeverity(daniel)}`);
    await maya.bringToFront();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await daniel.bringToFront();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function cardAtCaret(page: Page): Promise<string> {
  await page.keyboard.press('Control+.');
  const card = await eventually(
    () => deskmateElements(page, 'data-testid', 'guard-card'),
    (found) => found.length > 0,
    'the problem card',
  );
  return card[0]!.text;
}

async function clearReply(page: Page): Promise<void> {
  await page.click('[data-demo="composer"] .ProseMirror');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
}

describe('the customer-aware guard on the demo helpdesk', () => {
  it("flags the first customer's e-mail pasted into the second customer's reply, asks before sending, audits whose", async () => {
    await setPolicy({});
    const maya = await readMayasTicket();
    const daniel = await openTicket(1043);
    await typeUntilWarned(daniel, maya, `Hi Daniel, I have updated ${MAYA.email} for you.`);
    const card = await cardAtCaret(daniel);
    expect(card).toContain('EMAIL_ADDRESS');
    expect(card).toContain('belongs to another customer (#1042)');
    await daniel.keyboard.press('Escape');

    const before = await daniel.locator('[data-demo="conversation"] [data-demo="message"]').count();
    await daniel.click('[data-demo="send"]');
    const dialog = await eventually(
      () => deskmateElements(daniel, 'data-testid', 'guard-dialog'),
      (found) => found.length > 0,
      'the send dialog',
    );
    expect(dialog[0]!.attributes['data-verdict']).toBe('warn');
    expect(dialog[0]!.text).toContain('another customer (#1042)');
    expect(dialog[0]!.text).not.toContain(MAYA.email);
    await clickDeskmate(daniel, (await deskmateElements(daniel, 'data-testid', 'guard-cancel'))[0]!);
    expect(await daniel.locator('[data-demo="conversation"] [data-demo="message"]').count()).toBe(before);

    const audit = (await eventually(
      () =>
        sendFromPage(extensionPage, {
          channel: 'deskmate',
          type: 'guard.audit.query',
          payload: { clientId: 'northwind', action: 'warned' },
        }) as Promise<{ value: { rows: Array<Record<string, unknown>> } }>,
      (reply) => reply.value.rows.length > 0,
      'the audit entry',
    )) as { value: { rows: Array<Record<string, unknown>>; csv: string } };
    expect(audit.value.rows[0]).toMatchObject({
      type: 'EMAIL_ADDRESS',
      belongsTo: '#1042',
      ticketId: '1043',
      length: MAYA.email.length,
    });
    expect(audit.value.csv.split('\r\n')[0]).toContain('belongsTo');
    await maya.close();
    await daniel.close();
  });

  it('flags her phone (written another way), her full name and, where the policy lists it, her order number', async () => {
    await setPolicy({
      customDetectors: [
        {
          id: 'order',
          type: 'ORDER_NUMBER',
          pattern: '#?[0-9]{9}',
          score: 0.7,
          context: ['order'],
          requireContext: true,
        },
      ],
      customers: {
        wrongCustomer: 'block',
        remember: ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CUSTOMER_NAME', 'ORDER_NUMBER'],
      },
    });
    const maya = await readMayasTicket();
    const daniel = await openTicket(1043);
    await daniel.click('[data-demo="composer"] .ProseMirror');
    await daniel.keyboard.type(
      `Dear ${MAYA.name}, call us back on ${MAYA.phone} about order #${MAYA.order}.`,
    );
    const deadline = Date.now() + 20_000;
    const problems = async () =>
      (await deskmateElements(daniel, 'data-status-id', 'guard-problems'))[0]?.text ?? '';
    while (!(await problems()).includes('3 problems') || (await problemSeverity(daniel)) !== 'error') {
      if (Date.now() > deadline)
        throw new Error(`last: ${await problems()} ${await problemSeverity(daniel)}`);
      await maya.bringToFront();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await daniel.bringToFront();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await daniel.keyboard.press('Home');
    const card = await cardAtCaret(daniel);
    expect(card).toContain('CUSTOMER_NAME');
    expect(card).toContain('#1042');
    await daniel.keyboard.press('Escape');
    // The block is the policy's: the send stops, and the name is masked by its tag if the agent masks it.
    await daniel.click('[data-demo="send"]');
    const dialog = await eventually(
      () => deskmateElements(daniel, 'data-testid', 'guard-dialog'),
      (found) => found.length > 0,
      'the send dialog',
    );
    expect(dialog[0]!.attributes['data-verdict']).toBe('block');
    for (const type of ['CUSTOMER_NAME', 'PHONE_NUMBER', 'ORDER_NUMBER'])
      expect(dialog[0]!.text).toContain(type);
    await clickDeskmate(daniel, (await deskmateElements(daniel, 'data-testid', 'guard-cancel'))[0]!);
    await maya.close();
    await daniel.close();
  });

  it("flags nothing of the kind in Maya's own ticket ('Hi Maya Thompson' to Maya is her reply)", async () => {
    await setPolicy({});
    const maya = await readMayasTicket();
    // Daniel's ticket was seen too: his values are someone else's in Maya's reply, hers are not.
    const daniel = await openTicket(1043);
    await daniel.locator('[data-demo="message-body"]').first().selectText();
    await maya.bringToFront();
    await maya.click('[data-demo="composer"] .ProseMirror');
    await maya.keyboard.type(`Hi ${MAYA.name}, we will write to ${MAYA.email} or call ${MAYA.phone}.`);
    await eventually(
      () => problemSeverity(maya),
      (severity) => severity === 'info',
      'the flagged contact details',
    );
    // A moment for any answer from the worker to arrive and be applied: still no warning.
    await maya.bringToFront();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await problemSeverity(maya)).toBe('info');
    const card = await cardAtCaret(maya);
    expect(card).not.toContain('another customer');
    await maya.close();
    await daniel.close();
  });

  it("copying Maya's name out of her ticket masks it on the clipboard where the policy guards copying", async () => {
    await setPolicy({ guard: { copy: true }, types: { CUSTOMER_NAME: { action: 'flag', masking: 'tag' } } });
    const maya = await readMayasTicket();
    await eventually(
      () =>
        maya.evaluate(() => {
          let data = '';
          document.addEventListener(
            'copy',
            (event) => {
              data = event.clipboardData?.getData('text/plain') ?? '';
            },
            { once: true },
          );
          document.getSelection()!.selectAllChildren(document.querySelector('[data-demo="requester-name"]')!);
          document.execCommand('copy');
          return data;
        }),
      (copied) => copied.includes('[NAME]'),
      'the name tagged on the clipboard',
    );
    await maya.close();
  });

  it("pasting Maya's name and address into a paste site after her ticket asks first (customers.ownDetails)", async () => {
    await setPolicy({
      guard: { pasteSites: ['mail.google.com'] },
      customers: { ownDetails: 'warn' },
      types: { STREET_ADDRESS: { action: 'flag' } },
    });
    await env.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: 'https://mail.google.com',
    });
    const maya = await readMayasTicket();
    const site = await env.browser.context.newPage();
    await site.route('https://mail.google.com/**', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><title>Inbox</title><textarea id="plain" rows="4" cols="60"></textarea>',
      }),
    );
    await site.goto('https://mail.google.com/mail/u/0/#inbox');
    await site.waitForSelector('#deskmate-root[data-state="paste-guard"]', {
      state: 'attached',
      timeout: 15_000,
    });
    const text = `Note: ${MAYA.name}, 4417 North Damen Avenue, Chicago, IL 60625`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      await site.evaluate((value) => navigator.clipboard.writeText(value), text);
      await site.click('#plain');
      await site.keyboard.press('Control+V');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const dialog = (await deskmateElements(site, 'data-testid', 'guard-dialog'))[0];
      if (dialog) {
        expect(dialog.attributes['data-verdict']).toBe('warn');
        expect(dialog.text).toContain('CUSTOMER_NAME');
        expect(dialog.text).toContain('#1042');
        expect(dialog.text).not.toContain(MAYA.name);
        break;
      }
      // Pasted before the memory reached the page: clear it, show Maya's tab and come back (as the agent does).
      expect(Date.now() < deadline, `no dialog; pasted ${await site.inputValue('#plain')}`).toBe(true);
      await site.fill('#plain', '');
      await maya.bringToFront();
      await site.bringToFront();
    }
    expect(await site.inputValue('#plain')).toBe('');
    await site.close();
    await maya.close();
  });

  it('"Forget the customers of this shift" ends the memory: the same paste is no longer flagged', async () => {
    await setPolicy({});
    const maya = await readMayasTicket();
    const daniel = await openTicket(1043);
    await typeUntilWarned(daniel, maya, `Mail ${MAYA.email}`);
    await runCommand(daniel, 'Forget the customers');
    await eventually(
      () => deskmateElements(daniel, 'data-status-id', 'customers-forgotten'),
      (found) => found.length > 0,
      'the confirmation',
    );
    await maya.close();
    // The tab the command ran in hears the new shift at once.
    await clearReply(daniel);
    await daniel.keyboard.type(`Mail ${MAYA.email}`);
    await eventually(
      () => problemSeverity(daniel),
      (severity) => severity === 'info',
      'only the flag',
    );
    expect(await composerText(daniel)).toContain(MAYA.email);
    await daniel.close();
  });

  it('the QA lead sets the customers section in Options › Data guard; an invalid value is refused with its path', async () => {
    await setPolicy({ types: { CREDIT_CARD: { action: 'block' } } });
    const options = await env.browser.context.newPage();
    await options.goto(env.extensionUrl('src/options/index.html#guard'));
    const form = options.getByTestId('guard-customers');
    await form.getByLabel('Client for customers').selectOption('northwind');
    await form.getByLabel("Another customer's value in a reply").selectOption('block');
    await form.getByLabel('CUSTOMER_NAME').uncheck();
    await form.getByLabel('Memory lasts (hours)').fill('30');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('/customers/shiftHours');
    await form.getByLabel('Memory lasts (hours)').fill('8');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Saved');
    const described = (await sendFromPage(extensionPage, {
      channel: 'deskmate',
      type: 'settings.describe',
      payload: { clientId: 'northwind' },
    })) as { value: { settings: Array<{ key: string; value: Record<string, unknown> }> } };
    const policy = described.value.settings.find((setting) => setting.key === 'guard.policy')!.value;
    expect(policy.customers).toEqual({
      wrongCustomer: 'block',
      ownDetails: 'flag',
      remember: ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'CREDIT_CARD', 'IBAN_CODE', 'STREET_ADDRESS'],
      shiftHours: 8,
    });
    // The rest of the policy is the client's as it was.
    expect(policy.types).toEqual({ CREDIT_CARD: { action: 'block' } });
    await options.close();
  });

  it("keeps none of Maya's values in any database, storage area or log", async () => {
    const dump = await dumpExtensionStorage(extensionPage);
    expect(dump).toContain('customers.memory');
    expect(dump).toContain('belongsTo');
    const everything = `${dump}\n${logs.join('\n')}`;
    for (const raw of RAW_VALUES) expect(everything).not.toContain(raw);
  });
});
