/**
 * The data guard in Chromium on the demo helpdesk (ProseMirror composer, client Northwind): a card number in the
 * reply is blocked, confirmed, overridden with a reason or masked before it leaves, per the client's policy; the
 * audit records every path, and no raw value ends up in any of Deskmate's databases, storage areas or logs.
 */
import type { ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoEnvironment, sendFromPage, startDemoEnvironment, waitForDeskmate } from './support/env.ts';
import { clickDeskmate, deskmateElements, deskmateText, eventually } from './support/shadow.ts';
import { dumpExtensionStorage } from './support/storage-dump.ts';

/** Luhn-valid test cards; the second is typed into an override reason. */
const CARD = '4111 1111 1111 1111';
const OTHER_CARD = '5555 5555 5555 4444';
const EMAIL = 'robert.hughes.private@example.com';
const RAW_VALUES = [CARD, CARD.replace(/ /g, ''), OTHER_CARD, OTHER_CARD.replace(/ /g, ''), EMAIL];

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

async function setPolicy(types: Record<string, unknown>, more: Record<string, unknown> = {}): Promise<void> {
  const reply = (await sendFromPage(extensionPage, {
    channel: 'deskmate',
    type: 'settings.write',
    payload: {
      layer: 'qaLead',
      clientId: 'northwind',
      key: 'guard.policy',
      value: { version: 1, types, ...more },
    },
  })) as { ok: boolean; error?: string };
  expect(reply).toEqual({ ok: true, value: { written: true } });
}

async function openTicket(id: number): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.demo.origin}/agent/tickets/${id}`);
  await waitForDeskmate(page);
  // The data guard has started when the status bar shows its problem count for a value typed in.
  return page;
}

const messages = (page: Page) => page.locator('[data-demo="conversation"] [data-demo="message"]');
const composerText = (page: Page) => page.evaluate(() => window.demoEditor?.getText() ?? '');

async function typeReply(page: Page, text: string): Promise<void> {
  await page.click('[data-demo="composer"] .ProseMirror');
  await page.keyboard.type(text);
  await eventually(
    () => deskmateElements(page, 'data-status-id', 'guard-problems'),
    (found) => found.length > 0,
    'the problem count in the status bar',
  );
}

const dialog = async (page: Page) => (await deskmateElements(page, 'data-testid', 'guard-dialog'))[0];
const waitDialog = (page: Page) =>
  eventually(
    () => dialog(page),
    (found) => Boolean(found),
    'the data guard dialog',
  );
/** A Deskmate element's box in the viewport, read with CDP (our shadow root is closed). */
async function underlineBox(page: Page, backendNodeId: number) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId })) as {
      model: { border: number[] };
    };
    const [x1, y1, x2, , , y3] = model.border as [number, number, number, number, number, number];
    return { left: x1, right: x2, top: y1, bottom: y3 };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Where `text` is laid out in the demo's reply box (its first occurrence), as the page draws it. */
function composerTextBox(page: Page, text: string) {
  return page.evaluate((wanted) => {
    const editor = document.querySelector('[data-demo="composer"] .ProseMirror')!;
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.indexOf(wanted);
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const rect = range.getBoundingClientRect();
      return { left: rect.left, right: rect.right, bottom: rect.bottom };
    }
    return null;
  }, text);
}

const button = async (page: Page, testId: string) => (await deskmateElements(page, 'data-testid', testId))[0];

describe('the data guard on send', () => {
  it('blocks a card number: the send stops, nothing is appended, the dialog says which type and why', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'block', override: 'never' } });
    const page = await openTicket(1042);
    const before = await messages(page).count();
    await typeReply(page, `Your card ${CARD} is on file.`);
    expect((await deskmateElements(page, 'data-status-id', 'guard-problems'))[0]?.attributes.class).toMatch(
      /dm-error/,
    );

    await page.click('[data-demo="send"]');
    const shown = await waitDialog(page);
    expect(shown?.attributes['data-verdict']).toBe('block');
    expect(shown?.text).toContain('CREDIT_CARD');
    expect(shown?.text).toMatch(/Luhn|checksum|check digit/i);
    expect(shown?.text).not.toContain(CARD);
    // The policy allows no override: no way to send anyway.
    expect(await button(page, 'guard-send-anyway')).toBeUndefined();
    await clickDeskmate(page, (await button(page, 'guard-cancel'))!);
    await eventually(
      () => dialog(page),
      (found) => !found,
      'the dialog to close',
    );

    // Ctrl+Enter in the composer is caught too.
    await page.click('[data-demo="composer"] .ProseMirror');
    await page.keyboard.press('Control+Enter');
    await waitDialog(page);
    await page.keyboard.press('Escape');
    // And a programmatic submit from the page's own scripts.
    await page.evaluate(() =>
      document.querySelector<HTMLFormElement>('form[data-demo="reply-form"]')?.requestSubmit(),
    );
    await waitDialog(page);
    await page.keyboard.press('Escape');

    await page.waitForTimeout(300);
    expect(await messages(page).count()).toBe(before);
    expect(await composerText(page)).toContain(CARD);
    await page.close();
  });

  it('holds a reply sent before the guard has loaded, then checks and blocks it', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'block', override: 'never' } });
    const page = await openTicket(1042);
    const before = await messages(page).count();
    // The page's own script fills the editor and submits at once: no focus, no key, nothing that starts the guard
    // early, and well before the page has settled (when it would start anyway).
    await page.evaluate((card) => {
      const view = window.demoEditor!.view;
      view.dispatch(view.state.tr.insertText(`Card ${card} on file.`));
      document.querySelector<HTMLFormElement>('form[data-demo="reply-form"]')!.requestSubmit();
    }, CARD);
    const shown = await waitDialog(page);
    expect(shown?.attributes['data-verdict']).toBe('block');
    expect(shown?.text).toContain('CREDIT_CARD');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(300);
    expect(await messages(page).count()).toBe(before);
    expect(await composerText(page)).toContain(CARD);
    await page.close();
  });

  it('asks to confirm with a warn policy; "Send anyway" sends', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'warn' } });
    const page = await openTicket(1042);
    const before = await messages(page).count();
    await typeReply(page, `Card ${CARD} confirmed.`);
    await page.click('[data-demo="send"]');
    expect((await waitDialog(page))?.attributes['data-verdict']).toBe('warn');
    expect(await messages(page).count()).toBe(before);
    await clickDeskmate(page, (await button(page, 'guard-send-anyway'))!);
    await eventually(
      () => messages(page).count(),
      (count) => count === before + 1,
      'the reply to be sent',
    );
    expect(await messages(page).last().textContent()).toContain(CARD);
    await page.close();
  });

  it('announces the problem in a live region, and keeps the keyboard in the send dialog: Tab goes round its buttons', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'warn' } });
    const page = await openTicket(1042);
    const before = await messages(page).count();
    await typeReply(page, `Card ${CARD} confirmed.`);
    // A screen reader hears the problem as it appears: the status bar's live region says it, with what it is.
    const announced = await eventually(
      () => deskmateText(page, 'status-announcer'),
      (text) => text.includes('⚠ 1 problem'),
      'the problem in the live region',
    );
    expect(announced).toContain('CREDIT_CARD');
    await page.click('[data-demo="send"]');
    expect((await waitDialog(page))?.attributes['data-verdict']).toBe('warn');
    // Focus starts on "Back to the reply"; the controls are [Back, Send anyway]: five Tabs and two Shift+Tabs
    // later it is on "Send anyway" only if Tab went round them and never left.
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    for (let i = 0; i < 2; i++) await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await eventually(
      () => messages(page).count(),
      (count) => count === before + 1,
      'the reply sent from the dialog by keyboard',
    );
    await page.close();
  });

  it('lets an overridable block be sent only with a written reason, which the audit keeps masked', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'block', override: 'with-reason' } });
    const page = await openTicket(1042);
    const before = await messages(page).count();
    await typeReply(page, `Refund card ${CARD}.`);
    await page.click('[data-demo="send"]');
    expect((await waitDialog(page))?.attributes['data-verdict']).toBe('block');
    const sendAnyway = (await button(page, 'guard-send-anyway'))!;
    expect(sendAnyway.attributes).toHaveProperty('disabled');
    await clickDeskmate(page, (await button(page, 'guard-reason'))!);
    await page.keyboard.type(`Customer insists, their other card ${OTHER_CARD} too`);
    const enabled = await eventually(
      () => button(page, 'guard-send-anyway'),
      (found) => Boolean(found) && !('disabled' in found!.attributes),
      'Send anyway to be enabled',
    );
    await clickDeskmate(page, enabled!);
    await eventually(
      () => messages(page).count(),
      (count) => count === before + 1,
      'the overridden reply to be sent',
    );
    await page.close();
  });

  it('masks automatically with a mask policy: the sent message shows the masked value, never the number', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'mask', masking: 'first6last4' } });
    const page = await openTicket(1042);
    const before = await messages(page).count();
    await typeReply(page, `We charged ${CARD} today; receipt to ${EMAIL}.`);
    await page.keyboard.press('Control+Enter');
    await eventually(
      () => messages(page).count(),
      (count) => count === before + 1,
      'the masked reply to be sent',
    );
    const sent = (await messages(page).last().textContent()) ?? '';
    expect(sent).toContain('4111 11** **** 1111');
    expect(sent).not.toContain(CARD);
    expect(await dialog(page)).toBeUndefined();
    await page.close();
  });

  it("masks at send a value only the client's own pattern finds, once that policy arrives on an open page", async () => {
    // The guard is running with a policy without custom detectors; the pattern engine (re2js) that runs them is
    // not part of the guard and is loaded when a policy with them reaches the page.
    await setPolicy({ CREDIT_CARD: { action: 'mask', masking: 'last4' } });
    const page = await openTicket(1042);
    const before = await messages(page).count();
    await typeReply(page, `Card ${CARD}. `);
    await setPolicy(
      {
        CREDIT_CARD: { action: 'mask', masking: 'last4' },
        ACME_MEMBER_ID: { action: 'mask', masking: 'full' },
      },
      {
        customDetectors: [
          { id: 'acme-member', type: 'ACME_MEMBER_ID', pattern: 'ACME-[0-9]{6}', score: 0.9 },
        ],
      },
    );
    await page.keyboard.type('Your member id is ACME-493817.');
    await eventually(
      () => deskmateElements(page, 'data-guard-underline', 'composer'),
      (found) => found.length >= 2,
      'the member id underlined beside the card',
    );
    await page.keyboard.press('Control+Enter');
    await eventually(
      () => messages(page).count(),
      (count) => count === before + 1,
      'the masked reply to be sent',
    );
    const sent = (await messages(page).last().textContent()) ?? '';
    expect(sent).toContain('Your member id is');
    expect(sent).not.toContain('493817');
    expect(sent).not.toContain(CARD);
    expect(await dialog(page)).toBeUndefined();
    await page.close();
  });

  it('masks every value typed side by side (a phone then cards): none goes out in clear', async () => {
    // The live leak of issue #12: a card typed after another number and a space was sent unmasked.
    await setPolicy({
      CREDIT_CARD: { action: 'mask', masking: 'last4' },
      PHONE_NUMBER: { action: 'mask', masking: 'last4' },
    });
    const page = await openTicket(1042);
    const before = await messages(page).count();
    await typeReply(
      page,
      'Call me on 415 555 2671 4111 1111 1111 1111 or 4012888888881881 4012 8888 8888 1881.',
    );
    await page.keyboard.press('Control+Enter');
    await eventually(
      () => messages(page).count(),
      (count) => count === before + 1,
      'the masked reply to be sent',
    );
    const sent = ((await messages(page).last().textContent()) ?? '').replace(/\D/g, '');
    for (const raw of ['4155552671', '4111111111111111', '4012888888881881', '111111111111']) {
      expect(sent).not.toContain(raw);
    }
    expect(await dialog(page)).toBeUndefined();
    await page.close();
  });

  it('refuses an invalid policy with the path of each error and keeps the one in force', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'mask', masking: 'first6last4' } });
    const reply = (await sendFromPage(extensionPage, {
      channel: 'deskmate',
      type: 'settings.write',
      payload: {
        layer: 'qaLead',
        clientId: 'northwind',
        key: 'guard.policy',
        value: { version: 1, types: { CREDIT_CARD: { action: 'shred' }, NOT_A_TYPE: { action: 'flag' } } },
      },
    })) as { ok: boolean; error: string };
    expect(reply.ok).toBe(false);
    expect(reply.error).toContain('/types/CREDIT_CARD/action');

    const options = await env.browser.context.newPage();
    await options.goto(env.extensionUrl('src/options/index.html#guard'));
    await options.locator('select').first().selectOption('northwind');
    const editor = options.getByLabel('Policy (JSON)');
    await expect.poll(() => editor.inputValue(), { timeout: 10_000 }).toContain('first6last4');
    await editor.fill('{"version": 1, "region": "usa", "types": {"CREDIT_CARD": {"action": "shred"}}}');
    await options.getByTestId('document-errors').waitFor();
    const errors = (await options.getByTestId('document-errors').textContent()) ?? '';
    expect(errors).toContain('/types/CREDIT_CARD/action');
    expect(errors).toContain('/region');
    expect(await options.getByRole('button', { name: 'Save as QA lead' }).isDisabled()).toBe(true);
    expect(await options.getByRole('link', { name: 'JSON Schema' }).getAttribute('href')).toBe(
      '/schemas/redaction-policy.schema.json',
    );

    // The try-it box shows what the client's policy in force does with typed text.
    await options.getByLabel('Client to try').selectOption('northwind');
    await options.getByLabel('Text to try').fill(`Card ${CARD}, mail jane@example.com`);
    await options.locator('[data-testid="guard-try-highlights"] mark[data-type="CREDIT_CARD"]').waitFor();
    expect(
      await options
        .locator('[data-testid="guard-try-highlights"] mark[data-type="CREDIT_CARD"]')
        .getAttribute('data-action'),
    ).toBe('mask');
    expect(await options.getByTestId('guard-try-masked').textContent()).toContain('4111 11** **** 1111');
    await options.close();
  });

  it('keeps an underline under its card when typing below re-centres the reply in its box', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'flag' } });
    const page = await openTicket(1042);
    // A reply box that centres its content: each new line moves the text above it up, while the box stays put.
    await page.addStyleTag({
      content:
        '[data-demo="composer"] .ProseMirror { display: flex; flex-direction: column; justify-content: center; height: 320px; overflow: hidden; }',
    });
    await typeReply(page, `The card ${CARD} was declined.`);
    const cardBox = () => composerTextBox(page, CARD);
    const before = (await cardBox())!;
    for (let line = 0; line < 4; line++) {
      await page.keyboard.press('Enter');
      await page.keyboard.type('Another line of the reply.');
    }
    const after = (await cardBox())!;
    expect(before.bottom - after.bottom).toBeGreaterThan(20); // the card moved up
    await eventually(
      async () => {
        const [underline] = await deskmateElements(page, 'data-guard-underline', 'composer');
        return underline ? underlineBox(page, underline.backendNodeId) : undefined;
      },
      (box) => !!box && Math.abs(box.top - after.bottom) < 4 && Math.abs(box.left - after.left) < 2,
      'the underline under the card where it is now',
    );
  });

  it('underlines a card in the composer under its text, and fixes it from the card opened with Ctrl+.', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'mask', masking: 'last4' } });
    const page = await openTicket(1042);
    await typeReply(page, `Hello, the card ${CARD} is declined.`);
    const underline = (
      await eventually(
        () => deskmateElements(page, 'data-guard-underline', 'composer'),
        (found) => found.length > 0,
        'an underline in the composer',
      )
    )[0]!;
    // The underline sits under the card number's text, as the page lays it out.
    const textBox = await composerTextBox(page, CARD);
    const box = await underlineBox(page, underline.backendNodeId);
    expect(Math.abs(box.left - textBox!.left)).toBeLessThan(2);
    expect(Math.abs(box.right - textBox!.right)).toBeLessThan(2);
    expect(Math.abs(box.top - textBox!.bottom)).toBeLessThan(4);

    // The caret is in the card number: Ctrl+. shows its card, with the type, the reason and the quick fixes.
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < ' is declined.'.length; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+.');
    const shown = await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-card'),
      (found) => found.length > 0,
      'the problem card',
    );
    expect(shown[0]!.text).toContain('CREDIT_CARD');
    expect(shown[0]!.text).toContain('Masked automatically when you send');
    expect(shown[0]!.text).not.toContain(CARD);
    await clickDeskmate(page, (await deskmateElements(page, 'data-fix', 'mask'))[0]!);
    await eventually(
      () => composerText(page),
      (text) => text.includes('**** **** **** 1111'),
      'the value masked in the editor',
    );
    expect(await composerText(page)).not.toContain(CARD);
    await eventually(
      () => deskmateElements(page, 'data-guard-underline', 'composer'),
      (found) => found.length === 0,
      'the underline to go away',
    );
    await page.close();
  });

  it('underlines and masks in a plain textarea composer too (measured through a mirror)', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'mask', masking: 'last4' } });
    const page = await openTicket(1042);
    // A helpdesk whose composer is a textarea: the demo adapter also accepts `[data-demo="composer"] textarea`.
    await page.evaluate(() => {
      const composer = document.querySelector('[data-demo="composer"]')!;
      composer.querySelector('.ProseMirror')?.remove();
      const field = document.createElement('textarea');
      field.id = 'plain-reply';
      field.rows = 4;
      field.style.cssText = 'width: 400px; font: 16px monospace; padding: 6px; border: 1px solid #888;';
      composer.append(field);
    });
    await page.click('#plain-reply');
    await page.keyboard.type(`Card ${CARD} please`);
    const underline = (
      await eventually(
        () => deskmateElements(page, 'data-guard-underline', 'composer'),
        (found) => found.length > 0,
        'an underline in the textarea',
      )
    )[0]!;
    const box = await underlineBox(page, underline.backendNodeId);
    const expected = await page.evaluate((card) => {
      const field = document.querySelector<HTMLTextAreaElement>('#plain-reply')!;
      const style = getComputedStyle(field);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontSize} ${style.fontFamily}`;
      const rect = field.getBoundingClientRect();
      const left = rect.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
      return {
        left: left + context.measureText('Card ').width,
        width: context.measureText(card).width,
        top: rect.top,
        bottom: rect.bottom,
      };
    }, CARD);
    expect(Math.abs(box.left - expected.left)).toBeLessThan(2);
    expect(Math.abs(box.right - box.left - expected.width)).toBeLessThan(2);
    expect(box.top).toBeGreaterThan(expected.top);
    expect(box.bottom).toBeLessThan(expected.bottom);

    await page.keyboard.press('Control+.');
    await eventually(
      () => deskmateElements(page, 'data-fix', 'mask'),
      (found) => found.length > 0,
      'the quick fixes',
    );
    await clickDeskmate(page, (await deskmateElements(page, 'data-fix', 'mask'))[0]!);
    await expect
      .poll(() => page.locator('#plain-reply').inputValue())
      .toBe('Card **** **** **** 1111 please');

    // Two more cards: "Mask all CREDIT_CARD" masks both in one go.
    await page.keyboard.press('End');
    await page.keyboard.type(` and ${OTHER_CARD} or ${CARD}`);
    await page.keyboard.press('Control+.');
    await eventually(
      () => deskmateElements(page, 'data-fix', 'maskAll'),
      (found) => found.length > 0,
      'the quick fixes',
    );
    await clickDeskmate(page, (await deskmateElements(page, 'data-fix', 'maskAll'))[0]!);
    await expect
      .poll(() => page.locator('#plain-reply').inputValue())
      .toBe('Card **** **** **** 1111 please and **** **** **** 4444 or **** **** **** 1111');
    await page.close();
  });

  it('flags the customer’s card read-only, lists problems for the side panel, and masks copied ticket text', async () => {
    const reply = (await sendFromPage(extensionPage, {
      channel: 'deskmate',
      type: 'settings.write',
      payload: {
        layer: 'qaLead',
        clientId: 'northwind',
        key: 'guard.policy',
        value: { version: 1, types: { CREDIT_CARD: { action: 'mask' } }, guard: { copy: true } },
      },
    })) as { ok: boolean };
    expect(reply.ok).toBe(true);
    const page = await openTicket(1046);
    const underline = (
      await eventually(
        () => deskmateElements(page, 'data-guard-underline', 'message'),
        (found) => found.length > 0,
        'an underline under the customer message',
      )
    )[0]!;
    const box = await underlineBox(page, underline.backendNodeId);
    await page.mouse.move(box.left + 5, box.top - 6);
    const card = await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-card'),
      (found) => found.length > 0,
      'the read-only card on hover',
    );
    expect(card[0]!.text).toContain('CREDIT_CARD');
    expect(card[0]!.text).toContain("customer's message");
    expect(await deskmateElements(page, 'data-fix')).toEqual([]);

    // The Problems view's data: types and positions, never the value.
    const tabId = await extensionPage.evaluate(
      async (url) => (await chrome.tabs.query({ url }))[0]?.id,
      page.url(),
    );
    const problems = (await eventually(
      () =>
        sendFromPage(extensionPage, {
          channel: 'deskmate',
          type: 'guard.problems.forTab',
          payload: { tabId },
        }),
      (answer) => ((answer as { value?: { problems?: unknown[] } }).value?.problems?.length ?? 0) > 0,
      'the tab problems',
    )) as { value: { problems: Array<{ type: string; source: string }> } };
    expect(problems.value.problems).toContainEqual(
      expect.objectContaining({ type: 'CREDIT_CARD', source: 'message', action: 'mask' }),
    );
    expect(JSON.stringify(problems)).not.toContain(CARD);
    const panel = await env.browser.context.newPage();
    await panel.goto(env.extensionUrl('src/sidepanel/index.html'));
    await panel.getByRole('tab', { name: 'Problems' }).click();
    // The panel follows the active tab: back to the helpdesk page.
    await page.bringToFront();
    const section = panel.locator('[data-problem-type="CREDIT_CARD"]');
    await section.waitFor({ timeout: 10_000 });
    const listed = (await section.textContent()) ?? '';
    expect(listed).toContain("Customer's message (read-only)");
    expect(listed).toContain('masked when sent');
    expect(listed).not.toContain(CARD);
    await panel.close();

    // Copying the customer's message: the clipboard gets the masked text.
    const copied = await page.evaluate(() => {
      let data = '';
      document.addEventListener('copy', (event) => {
        data = event.clipboardData?.getData('text/plain') ?? '';
      });
      const body = [...document.querySelectorAll('[data-demo="message-body"]')].find((el) =>
        el.textContent?.includes('Card is'),
      )!;
      const selection = document.getSelection()!;
      selection.selectAllChildren(body);
      document.execCommand('copy');
      return data;
    });
    expect(copied).toContain('Card is');
    expect(copied).toContain('1111');
    expect(copied).not.toContain(CARD);
    await page.close();
  });

  it('reports a value as not sensitive: the underline goes, the audit records it', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'warn' } });
    const page = await openTicket(1042);
    await typeReply(page, `Test card ${CARD}`);
    await page.keyboard.press('Control+.');
    await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-card'),
      (found) => found.length > 0,
      'the problem card',
    );
    await clickDeskmate(page, (await deskmateElements(page, 'data-fix', 'notSensitive'))[0]!);
    await eventually(
      () => deskmateElements(page, 'data-status-id', 'guard-problems'),
      (found) => found.length === 0,
      'no problems left',
    );
    // Not sensitive: sending no longer asks.
    const before = await messages(page).count();
    await page.click('[data-demo="send"]');
    await eventually(
      () => messages(page).count(),
      (count) => count === before + 1,
      'the reply to be sent',
    );
    await page.close();
  });

  it('allows a blocked value once with a reason from the card, then sends without asking', async () => {
    await setPolicy({ CREDIT_CARD: { action: 'block', override: 'with-reason' } });
    const page = await openTicket(1042);
    await typeReply(page, `Card ${CARD}`);
    await page.keyboard.press('Control+.');
    await eventually(
      () => deskmateElements(page, 'data-fix', 'allowOnce'),
      (found) => found.length > 0,
      'the Allow once quick fix',
    );
    await clickDeskmate(page, (await deskmateElements(page, 'data-fix', 'allowOnce'))[0]!);
    const reason = await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-allow-reason'),
      (found) => found.length > 0,
      'the reason box',
    );
    await clickDeskmate(page, reason[0]!);
    await page.keyboard.type('Card owner confirmed on the phone');
    await clickDeskmate(page, (await deskmateElements(page, 'data-fix', 'allowOnceConfirm'))[0]!);
    await eventually(
      () => deskmateElements(page, 'data-status-id', 'guard-problems'),
      (found) => found.length === 0,
      'the allowed value to leave the problems',
    );
    const before = await messages(page).count();
    await page.click('[data-demo="send"]');
    await eventually(
      () => messages(page).count(),
      (count) => count === before + 1,
      'the reply to be sent',
    );
    expect(await dialog(page)).toBeUndefined();
    const audit = (await sendFromPage(extensionPage, {
      channel: 'deskmate',
      type: 'guard.audit.query',
      payload: { clientId: 'northwind', action: 'overridden' },
    })) as { value: { rows: Array<{ reason?: string }> } };
    expect(audit.value.rows.map((row) => row.reason)).toContain('Card owner confirmed on the phone');
    await page.close();
  });

  it('audits every path without keeping any raw value in databases, storage or logs', async () => {
    const query = (await sendFromPage(extensionPage, {
      channel: 'deskmate',
      type: 'guard.audit.query',
      payload: { clientId: 'northwind', type: 'CREDIT_CARD' },
    })) as {
      ok: boolean;
      value: {
        rows: Array<{ action: string; hash: string; length: number; reason?: string; site: string }>;
        csv: string;
      };
    };
    expect(query.ok).toBe(true);
    const actions = new Set(query.value.rows.map((row) => row.action));
    for (const action of ['blocked', 'warned', 'overridden', 'masked', 'not-sensitive'])
      expect(actions).toContain(action);
    const flagged = (await sendFromPage(extensionPage, {
      channel: 'deskmate',
      type: 'guard.audit.query',
      payload: { clientId: 'northwind', action: 'flagged' },
    })) as { value: { rows: Array<{ type: string; length: number }> } };
    expect(flagged.value.rows).toContainEqual(
      expect.objectContaining({ type: 'EMAIL_ADDRESS', length: EMAIL.length }),
    );
    const overridden = query.value.rows.find(
      (row) => row.action === 'overridden' && row.reason?.startsWith('Customer insists'),
    )!;
    expect(overridden.reason).not.toContain(OTHER_CARD);
    expect(overridden.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(overridden.length).toBe(CARD.length);
    // The same card (the only one blocked, warned about or overridden) has the same salted hash every time.
    const sameCard = query.value.rows.filter((row) =>
      ['blocked', 'warned', 'overridden'].includes(row.action),
    );
    expect(new Set(sameCard.map((row) => row.hash)).size).toBe(1);
    expect(query.value.csv.split('\r\n')[0]).toContain('time,clientId,site,ticketId,agent,type');

    const qa = await env.browser.context.newPage();
    await qa.goto(env.extensionUrl('src/options/index.html#audit'));
    await qa.getByLabel('Action').selectOption('overridden');
    await expect
      .poll(() => qa.getByTestId('audit-total').textContent(), { timeout: 10_000 })
      .toMatch(/^2 entries/);
    expect(await qa.locator('[data-testid="audit-table"] tbody').textContent()).toContain('Customer insists');
    await qa.getByLabel('Action').selectOption('');
    await qa.getByTestId('audit-chart').waitFor();
    expect(await qa.locator('[data-testid="audit-chart"] rect').count()).toBeGreaterThan(0);
    await qa.close();

    const dump = await dumpExtensionStorage(extensionPage);
    expect(dump).toContain('guardAudit');
    expect(dump).toContain('overridden');
    const everything = `${dump}\n${logs.join('\n')}`;
    for (const raw of RAW_VALUES) expect(everything).not.toContain(raw);
  });
});
