/**
 * Editors in an iframe at parity with top-level ones, on a custom site defined by name and address only (no
 * selectors: the composer pipeline's generic search must find the reply box), in Chromium with the built extension.
 *
 * The page is built like Request Tracker's reply page: a real CKEditor 4 (npm `ckeditor4`, classic mode, editing in
 * `iframe.cke_wysiwyg_frame`, kept in sync with a hidden `textarea[name=UpdateContent]`), a subject line, a submit
 * button, and single-key shortcuts on the page (`r` opens another page, as RT's do), which would lose the agent's
 * draft if a key meant for Deskmate reached them. What the form posts is recorded by the test's server: the
 * reply as the app would store it.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPacks } from '../../src/background/demo-seed.ts';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, ensureBuilt, sendFromPage, waitForDeskmate } from './support/env.ts';
import { type ReplyPageServer, startReplyPageServer } from './support/reply-page.ts';
import { deskmateBox, deskmateElements, deskmateText, eventually } from './support/shadow.ts';

const HOST = 'desk.deskmate.test';
/** Another site: its frames are out of Deskmate's reach (and of the page's). */
const OTHER_HOST = 'widgets.example.test';
const CARD = '4111 1111 1111 1111';

let browser: LaunchedChromium;
let extensionCopy: string;
let extensionPage: Page;
let server: ReplyPageServer;
let origin: string;
let posted: Array<Record<string, string>>;

async function send(message: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  return (await sendFromPage(extensionPage, message)) as { ok: boolean; value?: unknown; error?: string };
}

beforeAll(async () => {
  await ensureBuilt();
  server = await startReplyPageServer(OTHER_HOST);
  posted = server.posted;
  origin = `http://${HOST}:${server.port}`;
  extensionCopy = await mkdtemp(join(tmpdir(), 'deskmate-iframe-e2e-'));
  await cp(CHROME_DIR, extensionCopy, { recursive: true });
  // What the agent's "yes" to the custom site's permission prompt grants.
  const manifestPath = join(extensionCopy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push(`http://${HOST}/*`);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

  browser = await launchChromium({
    extensionDir: extensionCopy,
    args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1, MAP ${OTHER_HOST} 127.0.0.1`],
  });
  extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
  await eventually(
    () => send({ channel: 'deskmate', type: 'clients.list', payload: {} }),
    (reply) => JSON.stringify(reply.value ?? []).includes('"northwind"'),
    'the demo clients to be installed',
  );
  const northwind = demoPacks('127.0.0.1:5178').find((pack) => pack.client.id === 'northwind')!;
  const imported = await send({
    channel: 'deskmate',
    type: 'clientPack.import',
    payload: {
      pack: {
        ...northwind,
        client: { ...northwind.client, matches: [...northwind.client.matches, { host: `${HOST}:*` }] },
        // Cards are masked (last four kept) when sent.
        policy: {
          version: 1,
          types: { CREDIT_CARD: { action: 'mask', masking: 'last4' } },
        },
      },
    },
  });
  expect(imported.ok, imported.error).toBe(true);
  // A custom site with only its name and address: everything else is found by the generic pipeline.
  const written = await send({
    channel: 'deskmate',
    type: 'settings.write',
    payload: {
      layer: 'agent',
      key: 'sites.custom',
      value: [{ id: 'desk', name: 'Desk', matches: [`http://${HOST}/*`] }],
    },
  });
  expect(written).toEqual({ ok: true, value: { written: true } });
  await eventually(
    () =>
      extensionPage.evaluate(async () =>
        (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id),
      ),
    (ids) => ids.includes('custom-site-desk'),
    "the custom site's content script to be registered",
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
});

/** The reply page with CKEditor ready, and the editor's frame. */
async function openReply(): Promise<{ page: Page; editor: Frame }> {
  const page = await browser.context.newPage();
  await page.goto(`${origin}/reply.html`);
  await waitForDeskmate(page);
  const handle = await page.waitForSelector('iframe.cke_wysiwyg_frame', { timeout: 20_000 });
  const editor = (await handle.contentFrame())!;
  await editor.waitForSelector('body[contenteditable="true"]');
  await editor.click('body');
  return { page, editor };
}

async function typeInEditor(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text);
}

const underlines = (page: Page) => deskmateElements(page, 'data-guard-underline', 'composer');

describe('an editor in an iframe, found by the generic pipeline on a custom site', () => {
  it('underlines a card typed in CKEditor 4, opens its card on hover and on Ctrl+., and the page hears none of it', async () => {
    const { page } = await openReply();
    await typeInEditor(page, `Your card ${CARD} is on file.`);
    const [underline] = await eventually(
      () => underlines(page),
      (found) => found.length === 1,
      'the card underlined in the iframe editor',
    );
    // The underline is drawn over the frame, where the card is on screen.
    const frameBox = (await page.locator('iframe.cke_wysiwyg_frame').boundingBox())!;
    const box = await deskmateBox(page, underline!);
    expect(box.y).toBeGreaterThan(frameBox.y);
    expect(box.y).toBeLessThan(frameBox.y + frameBox.height);
    expect(box.x).toBeGreaterThan(frameBox.x);

    // Hover: the pointer over the underline, inside the frame.
    await page.mouse.move(box.x + box.width / 2, box.y - 6);
    await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-card'),
      (found) => found.length === 1,
      'the problem card on hover',
    );
    await page.keyboard.press('Escape');
    await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-card'),
      (found) => found.length === 0,
      'the card closed',
    );

    // Ctrl+. with the caret in the frame.
    const frame = (await (await page.$('iframe.cke_wysiwyg_frame'))!.contentFrame())!;
    await frame.click('body');
    await page.keyboard.press('Control+.');
    await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-card'),
      (found) => found.length === 1,
      'the problem card from Ctrl+. in the iframe',
    );
    expect(await page.textContent('#shortcut-log')).toBe('');
    await page.close();
  });

  it('opens the palette with F1 from the frame, and the fill-in form takes every key: none reaches the page’s shortcuts, the draft stays', async () => {
    const { page } = await openReply();
    await typeInEditor(page, 'Draft reply. ');
    await page.keyboard.press('F1');
    await eventually(
      () => deskmateText(page, 'deskmate-palette'),
      (text) => text !== '',
      'the palette',
    );
    await page.keyboard.type('Insert answer');
    await page.keyboard.press('Enter');
    await eventually(
      () => deskmateElements(page, 'data-testid', 'deskmate-palette'),
      (found) => found.length === 1 && found[0]!.text.includes('Refund'),
      'the answers in the palette',
    );
    // "Refund processed" asks for the customer's first name (the page does not show one).
    await page.keyboard.type('refund processed');
    await page.keyboard.press('Enter');
    await eventually(
      () => deskmateElements(page, 'data-testid', 'answers-variables'),
      (found) => found.length === 1,
      'the fill-in form',
    );
    // Letters RT would take as shortcuts ("r" leaves the page): they go into the form.
    // The customer's first name, then the agent's own (the signature): both unknown on this page.
    await page.keyboard.type('Robert');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ruth');
    await page.keyboard.press('Enter');
    const frame = (await (await page.$('iframe.cke_wysiwyg_frame'))!.contentFrame())!;
    const text = await eventually(
      () => frame.evaluate(() => document.body.innerText),
      (body) => body.includes('Robert'),
      'the answer inserted with the name filled in',
    );
    expect(text).toContain('Draft reply.');
    expect(page.url()).toBe(`${origin}/reply.html`);
    expect(await page.textContent('#shortcut-log')).toBe('');
    await page.close();
  });

  it('lists ;shortcut completions at the caret in the frame, and inserts the chosen one', async () => {
    const { page } = await openReply();
    await typeInEditor(page, 'Hello ;refu');
    const items = await eventually(
      () => deskmateElements(page, 'data-completion'),
      (found) => found.length > 0,
      'the completion list',
    );
    const frameBox = (await page.locator('iframe.cke_wysiwyg_frame').boundingBox())!;
    const list = await deskmateBox(page, items[0]!);
    // Under the caret, which is in the frame: not at the top of the page.
    expect(list.y).toBeGreaterThan(frameBox.y);
    expect(list.y).toBeLessThan(frameBox.y + frameBox.height);
    await page.keyboard.press('Enter');
    await eventually(
      () => deskmateElements(page, 'data-testid', 'answers-variables'),
      (found) => found.length === 1,
      'the fill-in form',
    );
    await page.keyboard.type('Robert');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ruth');
    await page.keyboard.press('Enter');
    const frame = (await (await page.$('iframe.cke_wysiwyg_frame'))!.contentFrame())!;
    const text = await eventually(
      () => frame.evaluate(() => document.body.innerText),
      (body) => body.includes('Returns are inspected'),
      'the refund answer inserted in place of ;refu',
    );
    expect(text).toContain('Hello');
    expect(text).toContain('Hi Robert');
    expect(text).not.toContain(';refu');
    await page.close();
  });

  it('masks the card in everything the form posts: the editor’s synced field and the subject line', async () => {
    const { page } = await openReply();
    await typeInEditor(page, `Refund to card ${CARD} today.`);
    await page.fill('input[name="Subject"]', `Card ${CARD}`);
    const before = posted.length;
    await page.click('input[name="SubmitTicket"]');
    await page.waitForSelector('#stored', { timeout: 30_000 });
    expect(posted.length).toBe(before + 1);
    const body = posted.at(-1)!;
    expect(body.UpdateContent).toContain('1111');
    expect(body.UpdateContent).not.toContain(CARD);
    expect(body.UpdateContent).toContain('Refund to card');
    expect(body.Subject).not.toContain(CARD);
    await page.close();
  });
});

describe('an editor that rewrites its frame after Deskmate started', () => {
  // CKEditor 4 writes its editing frame with document.open()/write()/close() (its setData, and at start), which
  // erases every listener of that document and its window but keeps the same objects. Deskmate may have attached
  // first (it does on Request Tracker in Firefox): it must hear the frame again.
  it('keeps F1, Ctrl+. and the send guard in the frame after CKEditor setData rewrote it', async () => {
    const { page, editor } = await openReply();
    await typeInEditor(page, 'Draft. ');
    await page.keyboard.press('F1');
    await eventually(
      () => deskmateText(page, 'deskmate-palette'),
      (text) => text !== '',
      'the palette before the rewrite',
    );
    await page.keyboard.press('Escape');
    // A listener of the page's own on the frame's document: the rewrite must really erase listeners.
    await editor.evaluate(() => {
      document.addEventListener('keydown', () => {
        (window as unknown as { heard: number }).heard =
          ((window as unknown as { heard?: number }).heard ?? 0) + 1;
      });
    });
    await page.evaluate(() => {
      const ck = (
        window as unknown as { CKEDITOR: { instances: Record<string, { setData(html: string): void }> } }
      ).CKEDITOR;
      ck.instances.UpdateContent!.setData('<p>Hello,</p>');
    });
    await eventually(
      () => editor.evaluate(() => document.body?.innerText ?? ''),
      (text) => text.includes('Hello,') && !text.includes('Draft.'),
      'the frame rewritten by setData',
    );
    await editor.waitForSelector('body[contenteditable="true"]');
    await editor.click('body');
    await page.keyboard.press('End');
    await typeInEditor(page, ` your card ${CARD} is on file.`);
    expect(await editor.evaluate(() => (window as unknown as { heard?: number }).heard)).toBeUndefined();
    await eventually(
      () => underlines(page),
      (found) => found.length === 1,
      'the card underlined after the rewrite',
    );
    await page.mouse.move(5, 5);
    for (let i = 0; i < ' is on file.'.length + 2; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+.');
    await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-card'),
      (found) => found.length === 1,
      'the problem card from Ctrl+. in the rewritten frame',
    );
    await page.keyboard.press('Escape');
    await editor.click('body');
    await page.keyboard.press('F1');
    await eventually(
      () => deskmateText(page, 'deskmate-palette'),
      (text) => text !== '',
      'the palette from the rewritten frame',
    );
    await page.keyboard.press('Escape');
    expect(await page.textContent('#shortcut-log')).toBe('');
    const before = posted.length;
    await page.click('input[name="SubmitTicket"]');
    await page.waitForSelector('#stored', { timeout: 30_000 });
    expect(posted.length).toBe(before + 1);
    expect(posted.at(-1)!.UpdateContent).toContain('1111');
    expect(posted.at(-1)!.UpdateContent).not.toContain(CARD);
    await page.close();
  });
});

describe('never silent', () => {
  it('says in the status bar and the Problems view that it is not guarding a reply box in another site’s frame', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/embedded.html`);
    await waitForDeskmate(page);
    const [item] = await eventually(
      () => deskmateElements(page, 'data-status-id', 'guard-coverage'),
      (found) => found.length === 1,
      'the not-guarding notice',
    );
    expect(item!.text).toContain(`Not guarding: the reply box is in a frame from ${OTHER_HOST}`);
    const tabId = await extensionPage.evaluate(
      async (url) => (await chrome.tabs.query({ url }))[0]?.id,
      `${origin}/embedded.html`,
    );
    const problems = await eventually(
      () => send({ channel: 'deskmate', type: 'guard.problems.forTab', payload: { tabId } }),
      (reply) => JSON.stringify(reply.value ?? null).includes('Not guarding'),
      'the Problems view to say it is not guarding',
    );
    expect((problems.value as { notGuarding?: string }).notGuarding).toContain(OTHER_HOST);
    await page.close();
  });

  it('says nothing on a page that has no reply box', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${origin}/list.html`);
    await waitForDeskmate(page);
    // Past the grace period in which a page may still be rendering its reply box.
    await page.waitForTimeout(6_000);
    expect(await deskmateElements(page, 'data-status-id', 'guard-coverage')).toEqual([]);
    await page.close();
  });
});
