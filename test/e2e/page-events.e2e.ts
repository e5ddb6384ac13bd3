/**
 * Page-made events never act for the agent (issue #12, finding 4), in Chromium on the demo helpdesk: the page's
 * own script dispatches the keys and clicks Deskmate answers to (F1, Alt+Shift+P, Alt+Shift+C, Ctrl+., Enter and
 * Tab in the `;shortcut` list, Escape, clicks) and nothing of Deskmate responds — no palette, no client list, no
 * problem card, no quick fix, no answer inserted — while the same keys pressed by the agent still work. Deskmate's
 * UI is out of the page's reach (a closed shadow root: the page only ever gets the host). And the one place where
 * page-made events must count, the send guard, still stops a reply the page's own script sends, however it sends it.
 *
 * "Deskmate acted" is read two ways: at once, from the page's side (a key Deskmate takes is `preventDefault`ed in
 * the same dispatch), and on screen through the DevTools protocol (what the agent would see).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoEnvironment, sendFromPage, startDemoEnvironment, waitForDeskmate } from './support/env.ts';
import { clickDeskmate, deskmateElements, deskmateText, eventually } from './support/shadow.ts';

const CARD = '4111 1111 1111 1111';
/** The other demo client: its name must never reach a list the page opened. */
const OTHER_CLIENT = 'Contoso Travel';

let env: DemoEnvironment;
let extensionPage: Page;

beforeAll(async () => {
  env = await startDemoEnvironment({ privateCopy: true });
  extensionPage = await env.browser.context.newPage();
  await extensionPage.goto(env.extensionUrl('src/options/index.html'));
});
afterAll(async () => {
  await env?.close();
});

async function setCardPolicy(rule: Record<string, unknown>): Promise<void> {
  const reply = await sendFromPage(extensionPage, {
    channel: 'deskmate',
    type: 'settings.write',
    payload: {
      layer: 'qaLead',
      clientId: 'northwind',
      key: 'guard.policy',
      value: { version: 1, types: { CREDIT_CARD: rule } },
    },
  });
  expect(reply).toEqual({ ok: true, value: { written: true } });
}

async function openTicket(id: number): Promise<Page> {
  const page = await env.browser.context.newPage();
  await page.goto(`${env.demo.origin}/agent/tickets/${id}`);
  await waitForDeskmate(page);
  await eventually(
    () => deskmateText(page, 'deskmate-statusbar'),
    (text) => text.includes('Northwind'),
    'the status bar naming the client',
  );
  return page;
}

const COMPOSER = '[data-demo="composer"] .ProseMirror';
const composerText = (page: Page) => page.evaluate(() => window.demoEditor?.getText() ?? '');
const messages = (page: Page) => page.locator('[data-demo="conversation"] [data-demo="message"]');
const palette = (page: Page) => deskmateText(page, 'deskmate-palette');

interface Keys {
  key: string;
  code: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
}
const F1: Keys = { key: 'F1', code: 'F1' };
const ALT_SHIFT_P: Keys = { key: 'P', code: 'KeyP', altKey: true, shiftKey: true };
const ALT_SHIFT_C: Keys = { key: 'C', code: 'KeyC', altKey: true, shiftKey: true };
const CTRL_DOT: Keys = { key: '.', code: 'Period', ctrlKey: true };
const ENTER: Keys = { key: 'Enter', code: 'Enter' };
const TAB: Keys = { key: 'Tab', code: 'Tab' };
const ESCAPE: Keys = { key: 'Escape', code: 'Escape' };

type Where = 'body' | 'composer' | 'focused' | 'host';

/**
 * The page's own script presses a key where it chooses (keydown then keyup, bubbling and composed like a real
 * key). True when a listener took the key (`preventDefault`): Deskmate does so, in the same dispatch, for every
 * key it acts on.
 */
function pagePress(page: Page, keys: Keys, where: Where = 'body'): Promise<boolean> {
  return page.evaluate(
    ({ keys, where }) => {
      const target =
        where === 'composer'
          ? document.querySelector('[data-demo="composer"] .ProseMirror')!
          : where === 'focused'
            ? (document.activeElement ?? document.body)
            : where === 'host'
              ? document.getElementById('deskmate-root')!
              : document.body;
      const init = { ...keys, bubbles: true, cancelable: true, composed: true };
      const down = new KeyboardEvent('keydown', init);
      target.dispatchEvent(down);
      target.dispatchEvent(new KeyboardEvent('keyup', init));
      return down.defaultPrevented;
    },
    { keys, where },
  );
}

/** What the page can find of Deskmate at a point on screen: always the host, never what is inside it. */
function pageClickAt(page: Page, x: number, y: number): Promise<string> {
  return page.evaluate(
    ({ x, y }) => {
      const hit = document.elementFromPoint(x, y);
      const init = { bubbles: true, cancelable: true, composed: true, clientX: x, clientY: y };
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'])
        hit?.dispatchEvent(new MouseEvent(type, init));
      (hit as HTMLElement | null)?.click();
      return hit?.id || hit?.tagName || 'nothing';
    },
    { x, y },
  );
}

/** The centre of a Deskmate element, through the DevTools protocol (the page cannot see it). */
async function centreOf(page: Page, backendNodeId: number): Promise<{ x: number; y: number }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { model } = (await cdp.send('DOM.getBoxModel', { backendNodeId })) as {
      model: { content: number[] };
    };
    const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
    return { x: (x1 + x3) / 2, y: (y1 + y3) / 2 };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * Waits until Deskmate has certainly handled everything dispatched before: one real key the agent presses, whose
 * effect shows, is handled after every event dispatched before it (events are handled in order, and the
 * commands a page-made key could have run would have started in its own dispatch).
 */
async function barrierWithF1(page: Page): Promise<string> {
  await page.keyboard.press('F1');
  const text = await eventually(
    () => palette(page),
    (found) => found !== '',
    'the palette opened by the agent',
  );
  await page.keyboard.press('Escape');
  await eventually(
    () => palette(page),
    (found) => found === '',
    'the palette to close',
  );
  return text;
}

describe('page-made events in Chromium', () => {
  it('a page’s own F1, Alt+Shift+P and Alt+Shift+C open nothing; the agent’s keys still do', async () => {
    const page = await openTicket(1045);
    await page.click(COMPOSER);
    for (const where of ['body', 'composer', 'focused'] as const) {
      expect(await pagePress(page, F1, where), `F1 at ${where}`).toBe(false);
      expect(await pagePress(page, ALT_SHIFT_P, where), `Alt+Shift+P at ${where}`).toBe(false);
      expect(await pagePress(page, ALT_SHIFT_C, where), `Alt+Shift+C at ${where}`).toBe(false);
    }
    await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F1', code: 'F1' })));
    // The agent's F1 shows the commands, not a client list a page-made Alt+Shift+C would have opened.
    const commands = await barrierWithF1(page);
    expect(commands).toContain('Switch client');
    expect(commands).not.toContain(OTHER_CLIENT);
    expect(await palette(page)).toBe('');

    // The agent's own keys: Alt+Shift+P and Alt+Shift+C.
    await page.keyboard.press('Alt+Shift+P');
    await eventually(
      () => palette(page),
      (text) => text.includes('Switch client'),
      'the command palette from Alt+Shift+P',
    );
    await page.keyboard.press('Escape');
    await page.keyboard.press('Alt+Shift+C');
    await eventually(
      () => palette(page),
      (text) => text.includes(OTHER_CLIENT),
      'the client list from Alt+Shift+C',
    );
    // While the palette is open, the page can neither pick in it nor close it.
    expect(await pagePress(page, ENTER, 'focused')).toBe(false);
    expect(await pagePress(page, ESCAPE, 'body')).toBe(false);
    expect(await pagePress(page, ESCAPE, 'host')).toBe(false);
    expect(await palette(page)).toContain(OTHER_CLIENT);
    await page.keyboard.press('Escape');
    await eventually(
      () => palette(page),
      (text) => text === '',
      'the palette to close',
    );
    expect(await deskmateText(page, 'deskmate-statusbar')).toContain('Northwind');
    await page.close();
  });

  it('a page’s own Ctrl+. opens no problem card, and nothing the page does applies a quick fix', async () => {
    await setCardPolicy({ action: 'mask', masking: 'last4' });
    const page = await openTicket(1042);
    await page.click(COMPOSER);
    await page.keyboard.type(`Card ${CARD} here.`);
    await eventually(
      () => deskmateElements(page, 'data-guard-underline', 'composer'),
      (found) => found.length > 0,
      'the card underlined',
    );
    // The caret inside the card number.
    for (let i = 0; i < ' here.'.length + 2; i++) await page.keyboard.press('ArrowLeft');
    expect(await pagePress(page, CTRL_DOT, 'composer')).toBe(false);
    expect(await pagePress(page, CTRL_DOT, 'body')).toBe(false);
    // The status bar's problem count runs the same command when clicked: the page's click there hits our host.
    const problems = await eventually(
      () => deskmateElements(page, 'data-status-id', 'guard-problems'),
      (found) => found.length === 1,
      'the problem count in the status bar',
    );
    const at = await centreOf(page, problems[0]!.backendNodeId);
    expect(await pageClickAt(page, at.x, at.y)).toBe('deskmate-root');
    await barrierWithF1(page);
    expect(await deskmateElements(page, 'data-testid', 'guard-card')).toEqual([]);

    // The agent's Ctrl+. opens the card, its first quick fix (Mask) focused.
    await page.click(COMPOSER);
    for (let i = 0; i < ' here.'.length + 2; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+.');
    await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-card'),
      (found) => found.length === 1,
      'the problem card from the agent’s Ctrl+.',
    );
    // The page presses Enter and Space where the focus is (it sees our host), and clicks on the quick fixes'
    // places on screen: what it hits there is our host, never a button inside it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('deskmate-root');
    expect(await pagePress(page, ENTER, 'focused')).toBe(false);
    expect(await pagePress(page, { key: ' ', code: 'Space' }, 'focused')).toBe(false);
    for (const fix of ['mask', 'maskAll', 'remove', 'notSensitive']) {
      const button = (await deskmateElements(page, 'data-fix', fix))[0]!;
      const { x, y } = await centreOf(page, button.backendNodeId);
      expect(await pageClickAt(page, x, y)).toBe('deskmate-root');
    }
    expect(await page.evaluate(() => document.getElementById('deskmate-root')!.shadowRoot)).toBeNull();
    await page.waitForTimeout(300);
    expect(await composerText(page)).toContain(CARD);
    expect(await deskmateElements(page, 'data-testid', 'guard-card')).toHaveLength(1);

    // The agent's click on Mask still works.
    await clickDeskmate(page, (await deskmateElements(page, 'data-fix', 'mask'))[0]!);
    await eventually(
      () => composerText(page),
      (text) => text.includes('1111') && !text.includes(CARD),
      'the card masked by the agent’s quick fix',
    );
    await page.close();
  });

  it('a page’s own Enter and Tab pick nothing from the ;shortcut list; the agent’s Enter does', async () => {
    const page = await openTicket(1043);
    const hint = await eventually(
      () => deskmateElements(page, 'data-answer'),
      (found) => found.length > 0,
      'the suggested answers',
    );
    // The page clicks where the first suggestion is: it hits our host, and nothing is inserted.
    const at = await centreOf(page, hint[0]!.backendNodeId);
    expect(await pageClickAt(page, at.x, at.y)).toBe('deskmate-root');

    // The page types a shortcut into its reply box itself (where the agent's caret is) and says so with an input
    // event: no list opens for it.
    await page.click(COMPOSER);
    await page.evaluate(() => {
      const view = window.demoEditor!.view;
      view.dispatch(view.state.tr.insertText('Hi ;refu'));
      view.dom.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'u' }));
    });
    await page.waitForTimeout(500);
    expect(await deskmateElements(page, 'data-completion')).toEqual([]);
    expect(await composerText(page)).not.toContain('Returns are inspected');
    await page.evaluate(() => {
      const view = window.demoEditor!.view;
      view.dispatch(view.state.tr.delete(0, view.state.doc.content.size));
    });

    await page.click(COMPOSER);
    await page.keyboard.type(';refu');
    await eventually(
      () => deskmateElements(page, 'data-completion'),
      (found) =>
        found.length > 0 && found.every((item) => item.attributes['data-completion']?.startsWith('refu')),
      'the completion list for ;refu',
    );
    // Dispatched at the body: the list's keys are read at the document, and the editor (which would take a
    // page-made Enter as a new line, as editors do) does not get them.
    for (const where of ['body'] as const) {
      expect(await pagePress(page, ENTER, where), `Enter at ${where}`).toBe(false);
      expect(await pagePress(page, TAB, where), `Tab at ${where}`).toBe(false);
      expect(await pagePress(page, { key: 'ArrowDown', code: 'ArrowDown' }, where)).toBe(false);
      expect(await pagePress(page, ESCAPE, where), `Escape at ${where}`).toBe(false);
    }
    await page.waitForTimeout(300);
    expect(await composerText(page)).toContain(';refu');
    expect(await composerText(page)).not.toContain('Returns are inspected');
    expect(await deskmateElements(page, 'data-completion')).not.toEqual([]);

    await page.keyboard.press('Enter');
    await eventually(
      () => composerText(page),
      (text) => text.includes('Returns are inspected within 5 business days'),
      'the answer inserted by the agent’s Enter',
    );
    expect(await composerText(page)).not.toContain(';refu');
    await page.close();
  });

  it('a page cannot answer the send guard’s dialog; its own sends wait behind it', async () => {
    await setCardPolicy({ action: 'warn' });
    const page = await openTicket(1042);
    const before = await messages(page).count();
    await page.click(COMPOSER);
    await page.keyboard.type(`Card ${CARD} confirmed.`);
    await page.click('[data-demo="send"]');
    const dialog = await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-dialog'),
      (found) => found.length === 1,
      'the send guard’s dialog',
    );
    expect(dialog[0]!.attributes['data-verdict']).toBe('warn');
    // Enter, Space and Escape where the page thinks the focus is; clicks on "Send anyway" and "Back to the reply";
    // and the page's own sends again, while the dialog is open.
    expect(await pagePress(page, ENTER, 'focused')).toBe(false);
    expect(await pagePress(page, { key: ' ', code: 'Space' }, 'focused')).toBe(false);
    expect(await pagePress(page, ESCAPE, 'body')).toBe(false);
    expect(await pagePress(page, ESCAPE, 'host')).toBe(false);
    for (const testId of ['guard-send-anyway', 'guard-cancel']) {
      const button = (await deskmateElements(page, 'data-testid', testId))[0]!;
      const { x, y } = await centreOf(page, button.backendNodeId);
      expect(await pageClickAt(page, x, y)).toBe('deskmate-root');
    }
    await page.evaluate(() => {
      document.querySelector<HTMLButtonElement>('[data-demo="send"]')!.click();
      document.querySelector<HTMLFormElement>('form[data-demo="reply-form"]')!.requestSubmit();
    });
    await page.waitForTimeout(300);
    expect(await deskmateElements(page, 'data-testid', 'guard-dialog')).toHaveLength(1);
    expect(await messages(page).count()).toBe(before);

    // The agent's Escape closes it: nothing was sent.
    await page.keyboard.press('Escape');
    await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-dialog'),
      (found) => found.length === 0,
      'the dialog to close',
    );
    await page.waitForTimeout(300);
    expect(await messages(page).count()).toBe(before);
    await page.close();
  });

  it('the send guard still masks a card in a reply the page’s own script sends, however it sends it', async () => {
    await setCardPolicy({ action: 'mask', masking: 'last4' });
    const sends: Array<[string, (page: Page) => Promise<unknown>]> = [
      [
        'a click() on the send button',
        (page) =>
          page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-demo="send"]')!.click()),
      ],
      [
        'requestSubmit()',
        (page) =>
          page.evaluate(() =>
            document.querySelector<HTMLFormElement>('form[data-demo="reply-form"]')!.requestSubmit(),
          ),
      ],
      [
        'a made-up Ctrl+Enter in the composer',
        (page) => pagePress(page, { ...ENTER, ctrlKey: true }, 'composer'),
      ],
    ];
    for (const [how, send] of sends) {
      const page = await openTicket(1042);
      const before = await messages(page).count();
      // The page fills the reply itself and sends at once, before the guard has loaded: the send is held, then
      // checked when it has.
      await page.evaluate((card) => {
        const view = window.demoEditor!.view;
        view.dispatch(view.state.tr.insertText(`Card ${card} on file.`));
      }, CARD);
      await send(page);
      await eventually(
        () => messages(page).count(),
        (count) => count === before + 1,
        `the reply sent by ${how}`,
      );
      const sent = (await messages(page).last().textContent()) ?? '';
      expect(sent, how).toContain('1111');
      expect(sent, how).not.toContain(CARD);
      expect(sent, how).not.toContain(CARD.replace(/ /g, ''));
      await page.close();
    }
  });
});
