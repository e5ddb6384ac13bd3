/**
 * The data guard in every editor the answers issue lists (textarea, plain contenteditable, ProseMirror, Quill,
 * CKEditor 5, TinyMCE, Lexical, Slate, Draft.js, ProseMirror in a same-origin iframe), with the real built
 * Deskmate in Chromium. Each editor fixture page (test/fixtures/editors) is a Deskmate custom site whose composer
 * selector finds that editor, on a page of the demo client Northwind, whose policy blocks card numbers. A card
 * number typed with the keyboard must show in the status bar's problem count, be underlined in Deskmate's layer
 * right under its text, stop a Ctrl+Enter send with the block dialog; the underline must follow the page when it
 * scrolls, and go away with the problem count when the card is deleted.
 *
 * Why the fixtures are not served on 127.0.0.1 as the other editor tests do: there the built-in demo adapter
 * matches (any port) and src/content/runtime/site-choice.ts lets a built-in adapter win over any custom site, so a
 * custom site on 127.0.0.1 is never used. The pages are served from a test host name instead
 * (editors.deskmate.test, resolved to 127.0.0.1 by Chromium's host resolver rules), which no built-in adapter
 * claims: a custom site proper. A custom site needs the browser's permission for its origin, which Deskmate asks
 * for when it is added (a prompt automation cannot answer); the private copy of the extension has that origin in
 * its host permissions instead, which is what `permissions.contains` sees after the agent said yes. Northwind's
 * client pack is re-imported with that host added to its matches, so the pages belong to Northwind.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/static-server.ts';
import { demoBuildPort } from '../../scripts/serve-demo.ts';
import { demoPacks } from '../../src/background/demo-seed.ts';
import { ensureEditorFixtures } from '../fixtures/editors/build.ts';
import type {} from '../fixtures/editors/fixture-api.ts';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, ensureBuilt, sendFromPage, waitForDeskmate } from './support/env.ts';
import { deskmateElements, eventually } from './support/shadow.ts';

const HOST = 'editors.deskmate.test';
const CARD = '4111 1111 1111 1111';
const TYPED = `Card ${CARD} please`;

interface EditorCase {
  page: string;
  /** The custom site's composer selector (` >>> ` steps into a same-origin iframe). */
  composer: string;
  /** Where the agent clicks to put the caret in the reply, inside `frame` when there is one. */
  click: string;
  frame?: string;
}

const EDITORS: EditorCase[] = [
  { page: 'textarea', composer: 'textarea#editor', click: '#editor' },
  { page: 'contenteditable', composer: '#editor[contenteditable]', click: '#editor' },
  { page: 'prosemirror', composer: '.ProseMirror', click: '.ProseMirror' },
  { page: 'quill', composer: '.ql-editor', click: '.ql-editor' },
  { page: 'ckeditor5', composer: '.ck-editor__editable', click: '.ck-editor__editable' },
  { page: 'tinymce', composer: 'iframe >>> body#tinymce', click: 'body#tinymce', frame: 'iframe' },
  { page: 'lexical', composer: '[data-lexical-editor]', click: '[data-lexical-editor]' },
  { page: 'slate', composer: '[data-slate-editor]', click: '[data-slate-editor]' },
  { page: 'draftjs', composer: '.public-DraftEditor-content', click: '.public-DraftEditor-content' },
  { page: 'iframe', composer: '#frame >>> .ProseMirror', click: '.ProseMirror', frame: '#frame' },
];

let browser: LaunchedChromium;
let extensionCopy: string;
let extensionPage: Page;
let server: StaticServer;
let origin: string;

async function send(message: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  return (await sendFromPage(extensionPage, message)) as { ok: boolean; value?: unknown; error?: string };
}

async function writeSetting(layer: 'agent' | 'qaLead', key: string, value: unknown, clientId?: string) {
  const reply = await send({
    channel: 'deskmate',
    type: 'settings.write',
    payload: { layer, key, value, ...(clientId ? { clientId } : {}) },
  });
  expect(reply).toEqual({ ok: true, value: { written: true } });
}

beforeAll(async () => {
  await ensureBuilt();
  const fixtures = await ensureEditorFixtures();
  server = await serveStatic(fixtures.pagesDir);
  origin = `http://${HOST}:${new URL(server.origin).port}`;

  // A private copy (others build into dist/ while tests run), with the custom site's origin granted.
  extensionCopy = await mkdtemp(join(tmpdir(), 'deskmate-guard-editors-e2e-'));
  await cp(CHROME_DIR, extensionCopy, { recursive: true });
  const manifestPath = join(extensionCopy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push(`http://${HOST}/*`);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

  browser = await launchChromium({
    extensionDir: extensionCopy,
    args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`],
  });
  extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);

  // The demo clients are installed on first run; then Northwind also claims the fixture host.
  await eventually(
    () => send({ channel: 'deskmate', type: 'clients.list', payload: {} }),
    (reply) => JSON.stringify(reply.value ?? []).includes('"northwind"'),
    'the demo clients to be installed',
  );
  const northwind = demoPacks(`127.0.0.1:${demoBuildPort(extensionCopy)}`).find(
    (pack) => pack.client.id === 'northwind',
  )!;
  const imported = await send({
    channel: 'deskmate',
    type: 'clientPack.import',
    payload: {
      pack: {
        ...northwind,
        client: { ...northwind.client, matches: [...northwind.client.matches, { host: `${HOST}:*` }] },
      },
    },
  });
  expect(imported.ok).toBe(true);
  await writeSetting(
    'qaLead',
    'guard.policy',
    {
      version: 1,
      types: { CREDIT_CARD: { action: 'block', override: 'never' } },
    },
    'northwind',
  );
  await setCustomSite(EDITORS[0]!);
  // The worker registers the custom site's content script once the site is in settings and its origin granted.
  await eventually(
    () =>
      extensionPage.evaluate(async () =>
        (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id),
      ),
    (ids) => ids.includes('custom-site-editors'),
    "the custom site's content script to be registered",
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
});

/** The custom site "Editors" with this editor as its composer (the agent's own layer, as an agent adds one). */
async function setCustomSite(editor: EditorCase): Promise<void> {
  await writeSetting('agent', 'sites.custom', [
    {
      id: 'editors',
      name: 'Editor fixtures',
      matches: [`http://${HOST}/*`],
      selectors: { composer: [editor.composer] },
    },
  ]);
}

/** Opens the fixture page once Deskmate and the editor are up, and puts the caret in the editor. */
async function openEditor(editor: EditorCase): Promise<{ page: Page; target: Page | Frame }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${origin}/${editor.page}.html`);
  // What the agent notices first: Deskmate is there at all on the custom site's page.
  await waitForDeskmate(page).catch((error: Error) => {
    throw new Error(
      `Deskmate did not start on the custom site's page (${error.message}); the page's errors: ${errors.join(' | ')}`,
    );
  });
  await page.waitForSelector('body[data-fixture-ready]', { state: 'attached' });
  // Room to scroll the page by.
  await page.evaluate(() => {
    document.body.style.paddingBottom = '2000px';
  });
  const target = editor.frame ? (await (await page.waitForSelector(editor.frame)).contentFrame())! : page;
  await target.click(editor.click);
  return { page, target };
}

/** A Deskmate element's border box in the viewport, read with CDP (our shadow root is closed). */
async function boxOf(page: Page, backendNodeId: number) {
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

const underlines = (page: Page) => deskmateElements(page, 'data-guard-underline', 'composer');
const problems = (page: Page) => deskmateElements(page, 'data-status-id', 'guard-problems');

/**
 * Where the card number's text is drawn, in the top page's viewport: a DOM range over its characters (they may
 * span several text nodes), or for a textarea the field's first line, measured with the field's font.
 */
async function cardTextBox(editor: EditorCase, page: Page, target: Page | Frame) {
  const inFrame = await target.evaluate(
    ({ selector, card }) => {
      const field = document.querySelector(selector)!;
      if (field instanceof HTMLTextAreaElement) {
        const style = getComputedStyle(field);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontSize} ${style.fontFamily}`;
        const rect = field.getBoundingClientRect();
        const left = rect.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
        const top = rect.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop);
        const at = field.value.indexOf(card);
        // The first line's height ('normal' unless the page sets one): a one-line probe in the field's font.
        const probe = document.createElement('div');
        probe.style.cssText = 'position: absolute; white-space: pre; visibility: hidden';
        probe.style.font = style.font;
        probe.style.lineHeight = style.lineHeight;
        probe.textContent = 'X';
        document.body.append(probe);
        const line = probe.getBoundingClientRect().height;
        probe.remove();
        return {
          left: left + context.measureText(field.value.slice(0, at)).width,
          right: left + context.measureText(field.value.slice(0, at + card.length)).width,
          bottom: top + line,
        };
      }
      const nodes: Text[] = [];
      const walker = document.createTreeWalker(field, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
      const text = nodes
        .map((node) => node.data)
        .join('')
        .replace(/\u00a0/g, ' ');
      const at = text.indexOf(card);
      if (at === -1) return null;
      const position = (offset: number, end: boolean): [Text, number] => {
        let seen = 0;
        for (const node of nodes) {
          if (offset < seen + node.length || (end && offset === seen + node.length))
            return [node, offset - seen];
          seen += node.length;
        }
        throw new Error('offset outside the text');
      };
      const range = document.createRange();
      range.setStart(...position(at, false));
      range.setEnd(...position(at + card.length, true));
      const rect = range.getBoundingClientRect();
      return { left: rect.left, right: rect.right, bottom: rect.bottom };
    },
    { selector: editor.frame ? editor.click : editor.composer, card: CARD },
  );
  if (!inFrame || !editor.frame) return inFrame;
  // The frame's content box in the top page's viewport.
  const offset = await page.$eval(editor.frame, (frame) => {
    const rect = frame.getBoundingClientRect();
    return { left: rect.left + frame.clientLeft, top: rect.top + frame.clientTop };
  });
  return {
    left: inFrame.left + offset.left,
    right: inFrame.right + offset.left,
    bottom: inFrame.bottom + offset.top,
  };
}

/** Opens the editor, types the reply with the card, and waits until the editor's own model has it. */
async function typedCard(editor: EditorCase): Promise<{ page: Page; target: Page | Frame }> {
  await setCustomSite(editor);
  const opened = await openEditor(editor);
  await opened.page.keyboard.type(TYPED);
  await eventually(
    () => opened.page.evaluate(() => window.fixture.getText()),
    (text) => text.replace(/\u00a0/g, ' ').includes(TYPED),
    'the typed text in the editor',
  );
  return opened;
}

describe.each(EDITORS)('the data guard in $page', (editor) => {
  it('counts and underlines a typed card under its text, follows a scroll, and clears when it is deleted', async () => {
    const { page, target } = await typedCard(editor);

    // 1. The status bar counts the problem, as an error (the policy blocks cards).
    const count = await eventually(
      () => problems(page),
      (found) => found.length > 0,
      'the problem count in the status bar',
    );
    expect(count[0]!.text).toContain('1 problem');
    expect(count[0]!.attributes.class).toMatch(/dm-error/);

    // 2. One underline, right under the card number's text as the page lays it out.
    const [underline] = await eventually(
      () => underlines(page),
      (found) => found.length === 1,
      'one underline in the composer',
    );
    const text = await cardTextBox(editor, page, target);
    expect(text).not.toBeNull();
    const box = await boxOf(page, underline!.backendNodeId);
    expect(Math.abs(box.left - text!.left)).toBeLessThan(2);
    expect(Math.abs(box.right - text!.right)).toBeLessThan(2);
    expect(Math.abs(box.top - text!.bottom)).toBeLessThan(4);

    // 3. The page scrolls under the mouse wheel: the underline moves with the text, by the same amount.
    const scrolledBefore = await page.evaluate(() => window.scrollY);
    await page.mouse.move(300, 20);
    await page.mouse.wheel(0, 40);
    const moved = await eventually(
      async () => {
        const delta = (await page.evaluate(() => window.scrollY)) - scrolledBefore;
        const now = (await underlines(page))[0];
        return { delta, box: now ? await boxOf(page, now.backendNodeId) : undefined };
      },
      ({ delta, box: after }) =>
        delta > 0 && after !== undefined && Math.abs(after.top - (box.top - delta)) < 1,
      'the underline to follow the scroll',
    );
    expect(Math.abs(moved.box!.left - box.left)).toBeLessThan(1);
    const scrolledText = await cardTextBox(editor, page, target);
    expect(Math.abs(moved.box!.top - scrolledText!.bottom)).toBeLessThan(4);

    // 4. The card deleted with the keyboard: the underline and the problem count go.
    await page.keyboard.press('Control+End');
    for (let i = 0; i < `${CARD} please`.length; i++) await page.keyboard.press('Backspace');
    await eventually(
      () => page.evaluate(() => window.fixture.getText()),
      (value) => !value.includes('4111') && value.includes('Card'),
      'the card number deleted from the editor',
    );
    await eventually(
      () => underlines(page),
      (found) => found.length === 0,
      'the underline to go away',
    );
    await eventually(
      () => problems(page),
      (found) => found.length === 0,
      'the problem count to go away',
    );
    await page.close();
  });

  it('stops a Ctrl+Enter send from the editor with the block dialog, and the reply stays as typed', async () => {
    const { page } = await typedCard(editor);
    await eventually(
      () => problems(page),
      (found) => found.length > 0,
      'the problem count in the status bar',
    );
    await page.keyboard.press('Control+Enter');
    const dialog = await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-dialog'),
      (found) => found.length > 0,
      'the block dialog',
    );
    expect(dialog[0]!.attributes['data-verdict']).toBe('block');
    expect(dialog[0]!.text).toContain('CREDIT_CARD');
    expect(dialog[0]!.text).not.toContain(CARD);
    // No way to send anyway (override: never); Escape closes the dialog and leaves the reply alone.
    expect(await deskmateElements(page, 'data-testid', 'guard-send-anyway')).toEqual([]);
    await page.keyboard.press('Escape');
    await eventually(
      () => deskmateElements(page, 'data-testid', 'guard-dialog'),
      (found) => found.length === 0,
      'the dialog to close',
    );
    expect((await page.evaluate(() => window.fixture.getText())).replace(/\u00a0/g, ' ')).toContain(TYPED);
    await page.close();
  });
});
