/**
 * The paste guard in Chromium: a client's policy lists a site outside the helpdesk in `guard.pasteSites` (here
 * mail.google.com: a personal mailbox, the classic place ticket data should not go; no client claims it in this
 * browser), and text pasted there with the keyboard is checked with that client's policy — clean text pastes
 * untouched, values to mask arrive masked, a block stops the paste with a dialog — and the audit records what
 * happened under that client, without the values. The page is served by Playwright's router (no network).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, ensureBuilt, sendFromPage } from './support/env.ts';
import { clickDeskmate, deskmateElements, eventually } from './support/shadow.ts';

const SITE = 'https://mail.google.com/mail/u/0/#inbox';
const CARD = '4111 1111 1111 1111';
const EMAIL = 'robert.hughes.private@example.com';
const NOTES_PAGE = `<!doctype html><html><head><title>Inbox</title></head><body>
  <textarea id="plain" rows="4" cols="60"></textarea>
  <div id="rich" contenteditable="true" style="min-height:40px;border:1px solid #999"></div>
</body></html>`;

let browser: LaunchedChromium;
let extensionCopy: string;
let extensionPage: Page;

beforeAll(async () => {
  await ensureBuilt();
  extensionCopy = await mkdtemp(join(tmpdir(), 'deskmate-paste-e2e-'));
  await cp(CHROME_DIR, extensionCopy, { recursive: true });
  browser = await launchChromium({ extensionDir: extensionCopy });
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: 'https://mail.google.com',
  });
  extensionPage = await browser.context.newPage();
  await extensionPage.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
  const saved = (await sendFromPage(extensionPage, {
    channel: 'deskmate',
    type: 'clients.save',
    payload: { client: { id: 'acme', name: 'Acme Retail', matches: [{ host: 'acme.zendesk.com' }] } },
  })) as { ok: boolean };
  expect(saved.ok).toBe(true);
  const policy = {
    version: 1,
    types: {
      CREDIT_CARD: { action: 'block', override: 'never' },
      EMAIL_ADDRESS: { action: 'mask', masking: 'tag', tag: '[EMAIL]' },
    },
    guard: { pasteSites: ['mail.google.com'] },
  };
  const written = (await sendFromPage(extensionPage, {
    channel: 'deskmate',
    type: 'settings.write',
    payload: { layer: 'qaLead', clientId: 'acme', key: 'guard.policy', value: policy },
  })) as { ok: boolean; error?: string };
  expect(written).toEqual({ ok: true, value: { written: true } });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
});

async function openSite(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.route('https://mail.google.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NOTES_PAGE }),
  );
  await page.goto(SITE);
  await page.waitForSelector('#deskmate-root[data-state="paste-guard"]', {
    state: 'attached',
    timeout: 15_000,
  });
  return page;
}

async function pasteInto(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await page.click(selector);
  await page.keyboard.press('Control+V');
}

const auditRows = async () =>
  (
    (await sendFromPage(extensionPage, {
      channel: 'deskmate',
      type: 'guard.audit.query',
      payload: { clientId: 'acme' },
    })) as { value: { rows: Array<{ type: string; action: string; site: string; clientId: string }> } }
  ).value.rows;

describe('the paste guard on a site outside the helpdesk', () => {
  it('lets clean text paste untouched, and starts no workbench there', async () => {
    const page = await openSite();
    await pasteInto(page, '#plain', 'See you at the standup tomorrow.');
    await eventually(
      () => page.inputValue('#plain'),
      (value) => value === 'See you at the standup tomorrow.',
      'the pasted text',
    );
    // Only the guard runs here: no status bar, no palette.
    expect(await deskmateElements(page, 'data-testid', 'deskmate-statusbar')).toEqual([]);
    await page.close();
  });

  it('pastes with the values the policy masks masked, and audits it under the client', async () => {
    const page = await openSite();
    await pasteInto(page, '#rich', `Customer wrote from ${EMAIL} today`);
    const text = await eventually(
      () => page.textContent('#rich'),
      (value) => (value ?? '').includes('[EMAIL]'),
      'the masked paste',
    );
    expect(text).toBe('Customer wrote from [EMAIL] today');
    expect(text).not.toContain(EMAIL);
    const rows = await eventually(
      auditRows,
      (all) => all.some((row) => row.type === 'EMAIL_ADDRESS' && row.action === 'masked'),
      'the audit entry',
    );
    const row = rows.find((r) => r.type === 'EMAIL_ADDRESS')!;
    expect(row).toMatchObject({ clientId: 'acme', site: 'mail.google.com' });
    expect(JSON.stringify(rows)).not.toContain(EMAIL);
    await page.close();
  });

  it('stops a paste with a blocked value: a dialog says why, nothing is pasted, the audit records the block', async () => {
    const page = await openSite();
    await pasteInto(page, '#plain', `Card on file: ${CARD}`);
    const dialog = await eventually(
      async () => (await deskmateElements(page, 'data-testid', 'guard-dialog'))[0],
      (found) => found !== undefined,
      'the paste dialog',
    );
    expect(dialog?.attributes['data-verdict']).toBe('block');
    expect(dialog?.text).toContain('Pasting blocked');
    expect(dialog?.text).toContain('CREDIT_CARD');
    expect(dialog?.text).not.toContain(CARD);
    // No override allowed: only the way back.
    expect(await deskmateElements(page, 'data-testid', 'guard-send-anyway')).toEqual([]);
    await clickDeskmate(page, (await deskmateElements(page, 'data-testid', 'guard-cancel'))[0]!);
    expect(await page.inputValue('#plain')).toBe('');
    await eventually(
      auditRows,
      (all) => all.some((row) => row.type === 'CREDIT_CARD' && row.action === 'blocked'),
      'the block in the audit',
    );
    await page.close();
  });
});
