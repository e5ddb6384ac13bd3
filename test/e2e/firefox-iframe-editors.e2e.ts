/**
 * Firefox ESR: the reply page built like Request Tracker's (test/e2e/support/reply-page.ts: a real CKEditor 4 in an
 * iframe kept in sync with a hidden textarea, or a plain textarea), on a custom site defined by its name and address
 * only. On a real RT, Firefox masked a plain-textarea note but never sent the form (the agent had to press Submit
 * again), and blocked CKEditor's reply with "could not mask these values in this editor" where Chromium masked and
 * sent. Here the card typed in each editor is underlined, and Submit masks it and sends the form once: what the
 * page posts holds no card in clear.
 *
 * Like firefox-custom-site.e2e.ts: the private copy of the add-on lists the site in its host permissions (granted
 * to a temporary add-on at install), and the options page is reached from the palette on the demo helpdesk.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaticServer } from '../../scripts/lib/static-server.ts';
import { startDemoServer } from '../../scripts/serve-demo.ts';
import { demoPacks } from '../../src/background/demo-seed.ts';
import { bidiDeskmateElements, bidiDeskmateText } from './support/bidi-shadow.ts';
import { ensureBuilt, FIREFOX_DIR } from './support/env.ts';
import { launchFirefox } from './support/firefox.ts';
import { openOptions, sendFromOptions, until } from './support/firefox-options.ts';
import { type ReplyPageServer, startReplyPageServer } from './support/reply-page.ts';
import { eventually } from './support/shadow.ts';

const EXTENSION_ORIGIN = 'moz-extension://3c9d2e41-7b6a-4f58-8e1d-2a0b9c8d7e6f';
/** Not the demo's host: no built-in adapter claims it (Firefox's match patterns ignore ports). */
const HOST = 'localhost';
const CARD = '4111 1111 1111 1111';

let browser: Browser;
let demo: StaticServer;
let server: ReplyPageServer;
let extensionCopy: string;
let options: Page;
let origin: string;

const send = (type: string, payload: unknown) => sendFromOptions(options, type, payload);

beforeAll(async () => {
  await ensureBuilt();
  server = await startReplyPageServer();
  origin = `http://${HOST}:${server.port}`;
  demo = await startDemoServer();
  extensionCopy = await mkdtemp(join(tmpdir(), 'firefox-iframe-extension-'));
  await cp(FIREFOX_DIR, extensionCopy, { recursive: true });
  const manifestPath = join(extensionCopy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push(`http://${HOST}/*`);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

  ({ browser } = await launchFirefox(extensionCopy, { uuid: EXTENSION_ORIGIN.slice(16) }));
  options = await openOptions(browser, demo.origin, EXTENSION_ORIGIN);
  const northwind = demoPacks('127.0.0.1:5178').find((pack) => pack.client.id === 'northwind')!;
  const imported = await send('clientPack.import', {
    pack: {
      ...northwind,
      client: { ...northwind.client, matches: [...northwind.client.matches, { host: `${HOST}:*` }] },
      policy: { version: 1, types: { CREDIT_CARD: { action: 'mask', masking: 'last4' } } },
    },
  });
  expect(imported).toMatchObject({ ok: true });
  const written = await send('settings.write', {
    layer: 'agent',
    key: 'sites.custom',
    value: [{ id: 'desk', name: 'Desk', matches: [`http://${HOST}/*`] }],
  });
  expect(written).toEqual({ ok: true, value: { written: true } });
  await until(
    () =>
      options.evaluate(async () => {
        const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
        return (await ext.scripting.getRegisteredContentScripts()).map((s) => s.id);
      }),
    (ids) => ids.includes('custom-site-desk'),
    "the custom site's content script to be registered",
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  await server?.close();
  if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
});

/** Replaces the subject line: cleared, then typed as an agent does. */
async function typeSubject(page: Page, text: string): Promise<void> {
  await page.$eval('input[name="Subject"]', (input) => {
    (input as HTMLInputElement).value = '';
  });
  await page.click('input[name="Subject"]');
  await page.keyboard.type(text);
}

/** Submits the reply as the agent does, and what the page posted. */
async function submitAndRead(page: Page): Promise<Record<string, string>> {
  const before = server.posted.length;
  await page.click('input[name="SubmitTicket"]');
  // Sent once, by the guard's replay: the agent does not press Submit again.
  await page.waitForSelector('#stored', { timeout: 30_000 });
  expect(server.posted.length).toBe(before + 1);
  return server.posted.at(-1)!;
}

describe('iframe and plain editors in Firefox ESR, on a custom site with only its address', () => {
  it('masks a card typed in a plain textarea, and the one in the subject line, and sends the form once', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/plain.html`);
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { timeout: 30_000 });
    await page.click('textarea[name="UpdateContent"]');
    await page.keyboard.type(`Refund to card ${CARD} today.`);
    await typeSubject(page, `Card ${CARD}`);
    const body = await submitAndRead(page);
    expect(body.Subject).toBe('Card **** **** **** 1111');
    expect(body.UpdateContent).toContain('Refund to card');
    expect(body.UpdateContent).toContain('1111');
    expect(body.UpdateContent).not.toContain(CARD);
    await page.close();
  });

  it('masks a card typed in CKEditor 4 (in its iframe) and sends the form once, the synced field masked too', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/reply.html`);
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { timeout: 30_000 });
    const frameElement = await page.waitForSelector('iframe.cke_wysiwyg_frame', { timeout: 20_000 });
    const frame = (await frameElement!.contentFrame())!;
    await frame.waitForSelector('body[contenteditable="true"]');
    await frame.click('body');
    await page.keyboard.type(`Refund to card ${CARD} today.`);
    await typeSubject(page, `Card ${CARD}`);
    const body = await submitAndRead(page);
    expect(body.UpdateContent).toContain('Refund to card');
    expect(body.UpdateContent).toContain('1111');
    expect(body.UpdateContent).not.toContain(CARD);
    expect(body.Subject).toBe('Card **** **** **** 1111');
    expect(await page.evaluate(() => location.pathname)).toBe('/submit');
    await page.close();
  });

  // CKEditor 4 writes its editing frame with document.open() (its setData, and at start), which erases every
  // listener of that document and its window; in Firefox Deskmate may well have attached first, as on a real RT.
  it('hears the frame again after CKEditor setData rewrote it: Ctrl+., F1 and a masked send', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/reply.html`);
    await page.waitForSelector('#deskmate-root[data-state="ready"]', { timeout: 30_000 });
    const frameElement = await page.waitForSelector('iframe.cke_wysiwyg_frame', { timeout: 20_000 });
    const frame = (await frameElement!.contentFrame())!;
    await frame.waitForSelector('body[contenteditable="true"]');
    await frame.click('body');
    await page.keyboard.type('Draft. ');
    await page.evaluate(() => {
      const ck = (
        window as unknown as { CKEDITOR: { instances: Record<string, { setData(html: string): void }> } }
      ).CKEDITOR;
      ck.instances.UpdateContent!.setData('<p>Hello,</p>');
    });
    await eventually(
      () => frame.evaluate(() => document.body?.innerText ?? ''),
      (text) => text.includes('Hello,') && !text.includes('Draft.'),
      'the frame rewritten by setData',
    );
    await frame.waitForSelector('body[contenteditable="true"]');
    await frame.click('body');
    await page.keyboard.press('End');
    await page.keyboard.type(` your card ${CARD} is on file.`);
    await page.mouse.move(5, 5);
    for (let i = 0; i < ' is on file.'.length + 2; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.down('Control');
    await page.keyboard.press('.');
    await page.keyboard.up('Control');
    const card = await eventually(
      () => bidiDeskmateElements(page, 'data-testid', 'guard-card'),
      (found) => found.length === 1,
      'the problem card from Ctrl+. in the rewritten frame',
    );
    expect(card[0]!.text).toContain('CREDIT_CARD');
    await page.keyboard.press('Escape');
    await frame.click('body');
    await page.keyboard.press('F1');
    await eventually(
      () => bidiDeskmateText(page, 'deskmate-palette'),
      (text) => text !== '',
      'the palette from the rewritten frame',
    );
    await page.keyboard.press('Escape');
    expect(await page.$eval('#shortcut-log', (log) => log.textContent)).toBe('');
    const body = await submitAndRead(page);
    expect(body.UpdateContent).toContain('Hello,');
    expect(body.UpdateContent).toContain('1111');
    expect(body.UpdateContent).not.toContain(CARD);
    await page.close();
  });
});
