/**
 * Options › Sites in Chromium with the built extension: a QA lead defines an in-house CRM without JSON, picking
 * its elements on the open tab (the element picker), and sees live what each selector reads there — masked. A
 * click while picking is the picker's, never the page's (picking the send button sends nothing); Esc cancels;
 * the keyboard widens and picks; an element in an open shadow root gets a ` >>> ` selector. A field with a bad
 * selector says so next to it; the saved site runs Deskmate on the CRM. And asking the browser for access to a
 * site it does not answer for says so, instead of waiting in silence.
 *
 * The CRM is a static page on a test host name (no built-in adapter claims it); the private copy of the extension
 * has that host in its host permissions (what the agent's "yes" to the permission prompt grants).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StaticServer, serveStatic } from '../../scripts/lib/static-server.ts';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, ensureBuilt, sendFromPage, waitForDeskmate } from './support/env.ts';

const HOST = 'crm.deskmate.test';
const OTHER = 'other.deskmate.test';
const CARD = '4111 1111 1111 1111';

let browser: LaunchedChromium;
let extensionCopy: string;
let pagesDir: string;
let server: StaticServer;
let origin: string;
let crm: Page;
let options: Page;

const CRM_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Case 4242</title></head><body>
<div id="app">
  <header class="case-header"><h1 class="case-subject css-1x2y3z">Refund to card ${CARD}</h1></header>
  <div class="contact"><a data-testid="requester-email" href="mailto:kim@example.net">kim@example.net</a></div>
  <span class="agent">Signed in as <b>Alex</b></span>
  <case-status></case-status>
  <span class="priority">High</span>
  <textarea id="ember1234" name="reply" class="reply-box"></textarea>
  <button id=":r5:" data-testid="send-reply" type="button">Send</button>
</div>
<script>
  document.querySelector('case-status').attachShadow({ mode: 'open' }).innerHTML =
    '<span class="label">Status</span> <span class="status">Open</span>';
  document.querySelector('[data-testid="send-reply"]').addEventListener('click', () => {
    document.body.dataset.sent = 'yes';
  });
</script>
</body></html>`;

beforeAll(async () => {
  await ensureBuilt();
  pagesDir = await mkdtemp(join(tmpdir(), 'sites-picker-pages-'));
  await mkdir(join(pagesDir, 'cases'), { recursive: true });
  await writeFile(join(pagesDir, 'cases', '4242.html'), CRM_PAGE);
  server = await serveStatic(pagesDir);
  origin = `http://${HOST}:${new URL(server.origin).port}`;

  extensionCopy = await mkdtemp(join(tmpdir(), 'sites-picker-extension-'));
  await cp(CHROME_DIR, extensionCopy, { recursive: true });
  const manifestPath = join(extensionCopy, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push(`http://${HOST}/*`);
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

  browser = await launchChromium({
    extensionDir: extensionCopy,
    args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1, MAP ${OTHER} 127.0.0.1`],
  });
  crm = await browser.context.newPage();
  await crm.goto(`${origin}/cases/4242.html`);
  options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/src/options/index.html#sites`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
  if (pagesDir) await rm(pagesDir, { recursive: true, force: true });
});

const selectorsOf = (field: string) => options.locator(`#site-selectors-${field}`);
const previewOf = (field: string) => options.locator(`[data-preview="${field}"]`);

/** Clicks "Pick on the open tab" for a field, then waits for the picker's overlay on the CRM tab. */
async function startPicking(label: string): Promise<void> {
  await options.getByRole('button', { name: `Pick the ${label} on the open tab` }).click();
  await crm.locator('#deskmate-picker').waitFor({ state: 'attached', timeout: 60_000 });
}

async function pickByClick(label: string, target: string): Promise<void> {
  await startPicking(label);
  await crm.locator(target).click();
  await crm.locator('#deskmate-picker').waitFor({ state: 'detached' });
}

describe('Options › Sites with the element picker', () => {
  it('defines the site and has access to it', async () => {
    await options.getByRole('button', { name: 'Add a site' }).click();
    await options.getByLabel('Name', { exact: true }).fill('Acme CRM');
    await options.getByLabel('Addresses (one per line)').fill(`http://${HOST}/*`);
    expect(await options.getByLabel('Id', { exact: true }).inputValue()).toBe('acme-crm');
    await expect
      .poll(() => options.locator('[data-field="access"] [data-access]').getAttribute('data-access'), {
        timeout: 60_000,
      })
      .toBe('granted');
    // The open tab of the site is offered for picking (by host and path, not by its title).
    await expect
      .poll(
        () =>
          options
            .locator('#site-tab')
            .evaluate((select: HTMLSelectElement) => [...select.options].map((option) => option.text))
            .catch(() => []),
        { timeout: 60_000 },
      )
      .toEqual([`${HOST}:${new URL(origin).port}/cases/4242.html`]);
  });

  it('picks the reply box: a robust selector (not its generated id), with what it finds', async () => {
    await pickByClick('composer', 'textarea');
    await expect.poll(() => selectorsOf('composer').inputValue()).toBe('textarea[name="reply"]');
    await expect.poll(() => previewOf('composer').textContent()).toContain('1 match');
  });

  it('picks the send button by its test hook, and the click never reaches the page', async () => {
    await pickByClick('send button', '[data-testid="send-reply"]');
    await expect.poll(() => selectorsOf('send').inputValue()).toBe('[data-testid="send-reply"]');
    await expect.poll(() => previewOf('send').textContent()).toContain('reads “Send”');
    expect(await crm.evaluate(() => document.body.dataset.sent ?? 'no')).toBe('no');
  });

  it('shows what the subject reads with the card number masked', async () => {
    await pickByClick('subject', 'h1');
    await expect.poll(() => selectorsOf('subject').inputValue()).toBe('h1.case-subject');
    await expect.poll(() => previewOf('subject').textContent()).toContain('1111');
    const preview = (await previewOf('subject').textContent()) ?? '';
    expect(preview).not.toContain(CARD);
    expect(preview).toContain('Refund to card');
  });

  it('steps into an open shadow root with >>>', async () => {
    await pickByClick('status', 'case-status .status');
    await expect.poll(() => selectorsOf('status').inputValue()).toBe('case-status >>> span.status');
    await expect.poll(() => previewOf('status').textContent()).toContain('reads “Open”');
  });

  it('widens with ↑ and picks with Enter, from the keyboard', async () => {
    await startPicking('agent name');
    await crm.locator('.agent b').hover();
    await crm.keyboard.press('ArrowUp');
    await crm.keyboard.press('Enter');
    await expect.poll(() => selectorsOf('agentName').inputValue()).toBe('span.agent');
  });

  it('cancels with Esc', async () => {
    await startPicking('priority');
    await crm.keyboard.press('Escape');
    await options.getByText('Picking cancelled.').waitFor();
    expect(await selectorsOf('priority').inputValue()).toBe('');
    expect(await crm.locator('#deskmate-picker').count()).toBe(0);
  });

  it('previews a selector typed by hand live, and says what is wrong with a bad one next to the field', async () => {
    await selectorsOf('priority').fill('.priority');
    await expect
      .poll(() => previewOf('priority').textContent(), { timeout: 10_000 })
      .toContain('reads “High”');
    await selectorsOf('requesterName').fill('div[[[');
    await selectorsOf('requesterName').blur();
    const error = options.locator('[data-error-for="selectors.requesterName"]');
    await expect.poll(() => error.textContent()).toContain('line 1: not a valid CSS selector');
    expect(await selectorsOf('requesterName').getAttribute('aria-invalid')).toBe('true');
    expect(await selectorsOf('requesterName').getAttribute('aria-describedby')).toContain(
      'error-selectors.requesterName',
    );
    await selectorsOf('requesterName').fill('');
  });

  it('saves the site with every picked field, and Deskmate starts on the CRM', async () => {
    await options.getByLabel('From the path').fill('/cases/(\\d+)');
    await options.getByRole('button', { name: 'Save site' }).click();
    await options.getByText('Saved Acme CRM.', { exact: false }).waitFor({ timeout: 60_000 });
    const described = (await sendFromPage(options, {
      channel: 'deskmate',
      type: 'settings.describe',
      payload: {},
    })) as { value: { settings: Array<{ key: string; value: unknown }> } };
    const sites = described.value.settings.find((s) => s.key === 'sites.custom')?.value;
    expect(sites).toEqual([
      {
        id: 'acme-crm',
        name: 'Acme CRM',
        matches: [`http://${HOST}/*`],
        ticketPath: '/cases/(\\d+)',
        selectors: {
          subject: ['h1.case-subject'],
          priority: ['.priority'],
          status: ['case-status >>> span.status'],
          agentName: ['span.agent'],
          composer: ['textarea[name="reply"]'],
          send: ['[data-testid="send-reply"]'],
        },
      },
    ]);
    await crm.reload();
    await waitForDeskmate(crm);
  });

  it('says so when the browser does not answer a request for access', async () => {
    await options.getByRole('button', { name: 'Add a site' }).click();
    await options.getByLabel('Name', { exact: true }).fill('Other');
    await options.getByLabel('Addresses (one per line)').fill(`http://${OTHER}/*`);
    const badge = options.locator('[data-field="access"] [data-access]');
    await expect.poll(() => badge.getAttribute('data-access'), { timeout: 60_000 }).toBe('missing');
    await options.locator('[data-field="access"]').getByRole('button', { name: 'Allow access' }).click();
    expect(await badge.getAttribute('data-access')).toBe('asking');
    expect(await badge.textContent()).toContain('Asking the browser for access');
    // Headless Chromium shows no prompt and never answers: after a while the page says what to do.
    await expect.poll(() => badge.getAttribute('data-access'), { timeout: 20_000 }).toBe('no-answer');
    expect(await badge.textContent()).toMatch(/has not answered.*permission prompt.*straight from a click/s);
  });
});
