/**
 * Every site adapter against its fixture page, in Chromium with the built extension, at the helpdesk's real
 * address (https://acme.zendesk.com/…, served locally over HTTPS on port 443: support/helpdesk-server.ts). Per
 * adapter: the ticket's facts as the adapter reads them on the page (id, subject, requester, priority, status,
 * created time, messages with roles and times), what Deskmate shows (the status bar), and after an SPA swap to
 * another ticket, that everything is the new ticket's: the status bar, the worker's recent tickets, and the SLA
 * facts it recorded. Then, per adapter on ticket B after the SPA swap, what an agent does in the reply box: an
 * answer from the palette lands in the page's own composer once, with the page's values filled in, and is sent
 * through the page's send control; a card number typed there is flagged in the status bar; and with the client's
 * policy blocking cards, the send control is stopped by Deskmate's block dialog and the page posts nothing. Also per
 * adapter: `;shortcut` completion in that composer, and the problem count following edits (a deleted card is no
 * longer counted). Then adapter drift (a changed composer) and the "Copy site diagnostics" command. The fixture pages post a
 * reply when their send control is clicked, and take a paste as their editors do (fixture-core.js).
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, ensureBuilt, ROOT, sendFromPage, waitForDeskmate } from './support/env.ts';
import {
  HELPDESK_BROWSER_ARGS,
  type HelpdeskServer,
  helpdeskServerUnavailable,
  startHelpdeskServer,
} from './support/helpdesk-server.ts';
import { clickDeskmate, deskmateElements, deskmateText, eventually, runCommand } from './support/shadow.ts';

interface SiteCase {
  adapter: string;
  host: string;
  /** Ticket A's path (and hash); ticket B is reached through the page's own link. */
  start: string;
  /** The fixture shows no priority and status (e-mail apps). */
  noFields?: boolean;
  /**
   * Where the agent types the reply, as the page renders it (a Playwright selector: CSS steps into open shadow
   * roots), inside `frame` when the editor is an iframe's body.
   */
  editable: string;
  frame?: string;
  /** The page's send control. */
  send: string;
}

const CASES: SiteCase[] = [
  {
    adapter: 'zendesk',
    host: 'acme.zendesk.com',
    start: '/agent/tickets/73501',
    // CKEditor 5, inline.
    editable: '[data-test-id="omnicomposer-rich-text-ckeditor"]',
    send: '[data-test-id="submit_button-button"]',
  },
  {
    adapter: 'freshdesk',
    host: 'acme.freshdesk.com',
    start: '/a/tickets/4411',
    // Froala.
    editable: '[data-test-id="reply-editor"] .fr-element',
    send: '[data-test-id="send-and-set"]',
  },
  {
    adapter: 'salesforce',
    host: 'acme.lightning.force.com',
    start: '/lightning/r/Case/500Hs00001XyZaAIAV/view',
    // Quill inside lightning-input-rich-text's shadow root.
    editable: 'lightning-input-rich-text .ql-editor',
    send: 'button.cuf-publisherShareButton',
  },
  {
    adapter: 'intercom',
    host: 'app.intercom.com',
    start: '/a/inbox/k9x2qz7a/inbox/shared/all/conversation/215468891',
    editable: '[data-intercom-target="composer"] .ProseMirror',
    send: '[data-intercom-target="composer-send-button"]',
  },
  {
    adapter: 'hubspot',
    host: 'app.hubspot.com',
    start: '/help-desk/44556677/view/1234/ticket/9876543210',
    editable: '[data-test-id="reply-editor"] [contenteditable="true"]',
    send: '[data-test-id="rte-send-button"]',
  },
  {
    adapter: 'helpscout',
    host: 'secure.helpscout.net',
    start: '/conversation/2876543210/4410',
    editable: '[data-cy="ReplyEditor"] .redactor-editor',
    send: '[data-cy="SendButton"]',
  },
  {
    adapter: 'gorgias',
    host: 'acme.gorgias.com',
    start: '/app/ticket/31337001',
    // Draft.js.
    editable: '[data-testid="reply-editor"] .public-DraftEditor-content',
    send: '[data-testid="submit-button"]',
  },
  {
    adapter: 'servicenow',
    host: 'acme.service-now.com',
    start: '/now/sow/record/incident/9d385017c611228701d22104cc95c371',
    // A textarea four shadow roots down.
    editable: 'now-textarea[data-field-name="comments"] textarea',
    send: 'now-button[data-action="post"] button',
  },
  {
    adapter: 'front',
    host: 'app.frontapp.com',
    start: '/inboxes/teams/folders/6120/unassigned/cnv_9kx1a2b',
    editable: '[class*="composerEditor"] [contenteditable="true"]',
    send: '[class*="composerEditor"] button[aria-label="Send"]',
  },
  {
    adapter: 'zoho',
    host: 'desk.zoho.com',
    start: '/agent/acmesupport/customer-care/tickets/details/7001000000123457',
    // The body of an about:blank iframe, made editable.
    frame: '[data-id="replyEditor"] iframe',
    editable: 'body',
    send: '[data-id="sendButton"]',
  },
  {
    adapter: 'gmail',
    host: 'mail.google.com',
    start: '/mail/u/0/#inbox/FMfcgzQXJWDsKjBXmNnmPpbzJQlqhCWC',
    noFields: true,
    editable: 'div[aria-label="Message Body"][contenteditable="true"]',
    send: 'div[role="button"][data-tooltip^="Send"]',
  },
  {
    adapter: 'outlook',
    host: 'outlook.office.com',
    start: '/mail/inbox/id/AAQkADAwATM3ZmYAZS1lYmE4LTk0AAQAL5Yp7kX2',
    noFields: true,
    editable: '.dMm6A [aria-label="Message body"][contenteditable="true"]',
    send: '.dMm6A button[aria-label="Send"]',
  },
];

const SUBJECT_A = 'Refund for order 4411 not received';
const SUBJECT_B = 'Cannot log in after password reset';
/** Ticket B's requester in every fixture. */
const FIRST_NAME_B = 'Tom';

/** The answer seeded for every site's client; its page variables are read through the site's adapter. */
const ARTICLE = {
  id: 'e2e-account-unlocked',
  title: 'Account unlocked after a password reset',
  shortcut: 'unlocked',
  tags: ['login', 'password'],
  body: 'Hi {{customer.first_name}}, about "{{ticket.subject}}": I have unlocked your account, please sign in again.',
};
/** A second answer whose shortcut is a prefix of the first one's, so the completion list narrows to one late. */
const OTHER_ARTICLE = {
  id: 'e2e-unlock-yourself',
  title: 'Unlocking an account yourself',
  shortcut: 'unlock',
  tags: ['login'],
  body: 'Open the sign-in page and choose "Unlock my account".',
};
const ANSWER_B = `Hi ${FIRST_NAME_B}, about "${SUBJECT_B}": I have unlocked your account, please sign in again.`;
/** A Luhn-valid test card number. */
const CARD = '4111 1111 1111 1111';
const BLOCK_CARDS = { version: 1, types: { CREDIT_CARD: { action: 'block', override: 'never' } } };

/** What the fixture page says it shows (window.__fixture), and what the adapter reads. */
interface Facts {
  ticketId: string | null;
  subject: string | null;
  requesterName: string | null;
  requesterEmail: string | null;
  priority: string | null;
  status: string | null;
  createdAt: number | null;
  messages: Array<{ role: 'customer' | 'agent'; at: number | null; author: string | null }>;
}
/** The fixture page's facts, and the replies it has posted (fixture-core.js). */
interface PageFacts extends Facts {
  sent: string[];
}
interface Reading extends Facts {
  composer: boolean;
  send: boolean;
}

const unavailable = helpdeskServerUnavailable();
const title = unavailable
  ? `site adapters on their fixture pages (skipped: ${unavailable})`
  : 'site adapters on their fixture pages';

let browser: LaunchedChromium;
let server: HelpdeskServer;
let extensionPage: Page;
let reader: string;
let extensionCopy: string | undefined;

/** The adapters' reading code (src/content/sites), bundled for the page, as the content script runs it. */
async function bundleReader(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import { siteAdapters } from './index.ts';
        import { readTicket } from '../../../test/support/read-ticket.ts';
        import { composerFor, sendControls } from '../runtime/composer.ts';
        const byId = (id) => siteAdapters.find((adapter) => adapter.id === id);
        globalThis.__deskmateRead = (id) => readTicket(byId(id), location.href, document);
        globalThis.__deskmateTargets = (id) => {
          const found = composerFor(byId(id), document);
          return {
            composer: found ? found.editable.getAttribute('data-test-id') ?? found.editable.tagName : null,
            source: found?.source ?? null,
            send: sendControls(byId(id), document, found).length,
          };
        };`,
      resolveDir: `${ROOT}src/content/sites`,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome116',
  });
  return result.outputFiles[0]!.text;
}

async function fixtureFacts(page: Page, not?: string): Promise<PageFacts> {
  return eventually(
    () => page.evaluate(() => (globalThis as { __fixture?: PageFacts | null }).__fixture ?? null),
    (facts) => facts !== null && facts.ticketId !== not,
    'the fixture to render its ticket',
  ) as Promise<PageFacts>;
}

async function read(page: Page, adapter: string): Promise<Reading> {
  const loaded = await page.evaluate(
    () => typeof (globalThis as { __deskmateRead?: unknown }).__deskmateRead,
  );
  if (loaded !== 'function') await page.addScriptTag({ content: reader });
  return page.evaluate(
    (id) => (globalThis as unknown as { __deskmateRead(id: string): Reading }).__deskmateRead(id),
    adapter,
  );
}

/** The adapter's reading must be exactly what the fixture shows (priority/status as the page words them). */
function expectReading(reading: Reading, facts: Facts, site: SiteCase): void {
  expect(reading.ticketId).toBe(facts.ticketId);
  expect(reading.subject).toBe(facts.subject);
  expect(reading.requesterName).toBe(facts.requesterName);
  expect(reading.requesterEmail).toBe(facts.requesterEmail);
  if (site.noFields) {
    expect(reading.priority).toBeNull();
    expect(reading.status).toBeNull();
  } else {
    expect(reading.priority).toBe(facts.priority);
    expect(reading.status).toBe(facts.status);
  }
  expect(reading.createdAt).toBe(facts.createdAt);
  expect(reading.messages.map((m) => [m.role, m.at, m.author])).toEqual(
    facts.messages.map((m) => [m.role, m.at, m.author]),
  );
  expect(reading.composer).toBe(true);
  expect(reading.send).toBe(true);
}

const statusBar = (page: Page) => deskmateText(page, 'deskmate-statusbar');
const clientId = (site: SiteCase) => `acme-${site.adapter}`;

interface SlaRow {
  clientId: string;
  site: string;
  ticketId: string;
  subject?: string;
  observed: {
    createdAt: number;
    initialPriority: string | null;
    initialStatus: string | null;
    messages: Array<{ type: string; at: number }>;
  };
}

async function slaRows(): Promise<SlaRow[]> {
  return extensionPage.evaluate(
    () =>
      new Promise<SlaRow[]>((resolve, reject) => {
        const open = indexedDB.open('deskmate');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('slaTickets').objectStore('slaTickets').getAll();
          request.onsuccess = () => resolve(request.result as SlaRow[]);
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

const label = (text: string | null) =>
  text === null ? null : text.trim().toLowerCase().replace(/\s+/g, '-');

function expectRecordedFacts(row: SlaRow | undefined, facts: Facts, site: SiteCase): void {
  expect(row, `the worker's SLA record of ${facts.ticketId}`).toBeDefined();
  expect(row!.observed.createdAt).toBe(facts.createdAt);
  if (!site.noFields) {
    expect(row!.observed.initialPriority).toBe(label(facts.priority));
    expect(row!.observed.initialStatus).toBe(label(facts.status));
  }
  expect(row!.observed.messages.map((m) => [m.type, m.at])).toEqual(
    facts.messages.map((m) => [m.role === 'customer' ? 'customer_message' : 'agent_reply', m.at]),
  );
}

/** The page's reply box, where the agent types. */
function composer(page: Page, site: SiteCase): Locator {
  return site.frame ? page.frameLocator(site.frame).locator(site.editable) : page.locator(site.editable);
}

/** What the reply box holds, as the agent sees it (white space as one space). */
async function composerText(page: Page, site: SiteCase): Promise<string> {
  const text = await composer(page, site).evaluate((el) =>
    el.tagName === 'TEXTAREA' ? (el as HTMLTextAreaElement).value : (el as HTMLElement).innerText,
  );
  return text.replace(/\s+/g, ' ').trim();
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** Waits like `eventually`, and on a timeout also says what Deskmate's status bar showed. */
async function eventuallyOnPage<T>(
  page: Page,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
): Promise<T> {
  try {
    return await eventually(read, accept, what);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nstatus bar: ${await statusBar(page)}`);
  }
}

/** Ticket A, then ticket B through the page's own link (an SPA swap), once Deskmate shows ticket B. */
async function openTicketB(site: SiteCase): Promise<{ page: Page; b: PageFacts }> {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin(site.host)}${site.start}`);
  await waitForDeskmate(page);
  const a = await fixtureFacts(page);
  await page.locator('a[data-route]', { hasText: SUBJECT_B }).click();
  const b = await fixtureFacts(page, a.ticketId ?? undefined);
  expect(b.requesterName).toBe(`${FIRST_NAME_B} Becker`);
  await eventually(
    () => statusBar(page),
    (text) => text.includes(`#${b.ticketId}`),
    `#${b.ticketId} in the status bar`,
  );
  expect(await composerText(page, site)).toBe('');
  return { page, b };
}

/** The status bar counts one problem in the reply, as an error (the policy blocks cards). */
async function expectCardFlagged(page: Page): Promise<void> {
  const problems = await eventuallyOnPage(
    page,
    () => deskmateElements(page, 'data-status-id', 'guard-problems'),
    (found) => found.length > 0,
    'the problem count in the status bar',
  );
  expect(problems[0]!.text).toContain('1 problem');
  expect(problems[0]!.attributes.class).toMatch(/dm-error/);
}

const guardDialog = async (page: Page) => (await deskmateElements(page, 'data-testid', 'guard-dialog'))[0];

describe.skipIf(unavailable !== null)(title, () => {
  beforeAll(async () => {
    await ensureBuilt();
    // A private copy: other runs on a shared machine rebuild dist/ (new file names) while this file runs.
    extensionCopy = await mkdtemp(join(tmpdir(), 'deskmate-sites-ext-'));
    await cp(CHROME_DIR, extensionCopy, { recursive: true });
    reader = await bundleReader();
    server = await startHelpdeskServer();
    browser = await launchChromium({ extensionDir: extensionCopy, args: HELPDESK_BROWSER_ARGS });
    extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
    // Deskmate works on a client's pages: one client per helpdesk host.
    for (const site of CASES) {
      const saved = (await sendFromPage(extensionPage, {
        channel: 'deskmate',
        type: 'clients.save',
        payload: {
          client: { id: clientId(site), name: `Acme (${site.adapter})`, matches: [{ host: site.host }] },
        },
      })) as { ok: boolean; error?: string };
      expect(saved, `saving the client for ${site.host}`).toMatchObject({ ok: true });
    }
    // Each client's data guard policy blocks card numbers, with no override.
    for (const site of CASES) {
      const written = await sendFromPage(extensionPage, {
        channel: 'deskmate',
        type: 'settings.write',
        payload: { layer: 'qaLead', clientId: clientId(site), key: 'guard.policy', value: BLOCK_CARDS },
      });
      expect(written, `the guard policy of ${clientId(site)}`).toEqual({
        ok: true,
        value: { written: true },
      });
    }
    // And each client's knowledge base holds two answers, imported in the options page as a QA lead does.
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/src/options/index.html#knowledge`);
    for (const site of CASES) {
      await options.getByLabel('Client').selectOption(clientId(site));
      await options.getByTestId('kb-import-file').setInputFiles({
        name: 'answers.jsonl',
        mimeType: 'application/x-ndjson',
        buffer: Buffer.from(`${JSON.stringify(ARTICLE)}\n${JSON.stringify(OTHER_ARTICLE)}\n`),
      });
      await options.getByTestId('kb-import-result').waitFor();
      expect(await options.getByTestId('kb-import-result').textContent()).toContain('Imported 2 articles');
      const found = (await sendFromPage(extensionPage, {
        channel: 'deskmate',
        type: 'knowledge.search',
        payload: { clientId: clientId(site), query: '', limit: 10 },
      })) as { value: { hits: Array<{ articleId: string }> } };
      expect(found.value.hits.map((hit) => hit.articleId).sort()).toEqual(
        [ARTICLE.id, OTHER_ARTICLE.id].sort(),
      );
    }
    await options.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
  });

  it.each(CASES)(
    '$adapter: reads the ticket, and an SPA swap to another ticket replaces everything',
    async (site) => {
      const page = await browser.context.newPage();
      await page.goto(`${server.origin(site.host)}${site.start}`);
      await waitForDeskmate(page);

      // Ticket A, as the adapter reads it on the page.
      const a = await fixtureFacts(page);
      expect(a.subject).toBe(SUBJECT_A);
      expect(a.messages.map((m) => m.role)).toEqual(['customer', 'agent', 'customer']);
      expectReading(await read(page, site.adapter), a, site);
      await eventually(
        () => statusBar(page),
        (text) => text.includes(`#${a.ticketId}`) && text.includes(`Acme (${site.adapter})`),
        `#${a.ticketId} and the client in the status bar`,
      );

      // Swap to ticket B through the app's own link (history.pushState, no reload).
      const before = await page.evaluate(() => performance.getEntriesByType('navigation').length);
      await page.locator('a[data-route]', { hasText: SUBJECT_B }).click();
      const b = await fixtureFacts(page, a.ticketId ?? undefined);
      expect(await page.evaluate(() => performance.getEntriesByType('navigation').length)).toBe(before);
      expect(b.subject).toBe(SUBJECT_B);
      expect(b.ticketId).not.toBe(a.ticketId);
      expectReading(await read(page, site.adapter), b, site);
      const bar = await eventually(
        () => statusBar(page),
        (text) => text.includes(`#${b.ticketId}`),
        `#${b.ticketId} in the status bar`,
      );
      expect(bar).not.toContain(`#${a.ticketId}`);

      // The worker lists both tickets for the client, each with its own subject.
      const recent = (await eventually(
        () =>
          sendFromPage(extensionPage, {
            channel: 'deskmate',
            type: 'tickets.recent',
            payload: { clientId: clientId(site) },
          }),
        (reply) => {
          const ids = ((reply as { value?: Array<{ ticketId: string }> }).value ?? []).map((t) => t.ticketId);
          return ids.includes(a.ticketId!) && ids.includes(b.ticketId!);
        },
        'the worker to list both tickets',
      )) as { value: Array<{ ticketId: string; subject?: string; site: string }> };
      const byId = new Map(recent.value.map((t) => [t.ticketId, t]));
      expect(byId.get(a.ticketId!)).toMatchObject({ site: site.adapter, subject: SUBJECT_A });
      expect(byId.get(b.ticketId!)).toMatchObject({ site: site.adapter, subject: SUBJECT_B });

      // The SLA facts the worker recorded for each ticket are that ticket's, nothing carried over.
      const rows = await eventually(
        slaRows,
        (all) => all.some((row) => row.clientId === clientId(site) && row.ticketId === b.ticketId),
        "the worker's SLA record of ticket B",
      );
      const row = (id: string | null) => rows.find((r) => r.clientId === clientId(site) && r.ticketId === id);
      expectRecordedFacts(row(b.ticketId), b, site);
      expectRecordedFacts(row(a.ticketId), a, site);
      expect(row(b.ticketId)!.subject).toBe(SUBJECT_B);

      await page.close();
    },
  );

  it.each(CASES)(
    '$adapter: on ticket B after an SPA swap, an answer inserts and sends, a card is flagged, and a blocked send is stopped',
    async (site) => {
      const { page, b } = await openTicketB(site);

      // 1. The palette's "Insert answer…": the answer lands in the page's own reply box once, with ticket B's
      //    customer and subject filled in (read through the adapter).
      await runCommand(page, 'insert answer');
      await eventually(
        () => deskmateText(page, 'deskmate-palette'),
        (text) => text.includes(ARTICLE.title),
        "the client's answers in the palette",
      );
      await page.keyboard.type('account unlocked');
      await page.keyboard.press('Enter');
      const inserted = await eventuallyOnPage(
        page,
        () => composerText(page, site),
        (text) => text.includes('I have unlocked your account'),
        'the answer in the reply box',
      );
      expect(inserted).toBe(ANSWER_B);
      expect(count(inserted, 'I have unlocked your account')).toBe(1);

      // It is sent through the page's send control: the page posts exactly that text, once.
      await page.locator(site.send).click();
      const posted = await eventuallyOnPage(
        page,
        () => fixtureFacts(page),
        (facts) => facts.sent.length > 0,
        'the page to post the answer',
      );
      expect(posted.sent.map((text) => text.replace(/\s+/g, ' '))).toEqual([ANSWER_B]);
      expect(posted.messages.map((m) => m.role)).toEqual([...b.messages.map((m) => m.role), 'agent']);
      // The adapter reads the posted reply as the agent's, and the page gave back an empty reply box.
      const afterSend = await read(page, site.adapter);
      expect(afterSend.messages.map((m) => m.role)).toEqual(posted.messages.map((m) => m.role));
      expect(await composerText(page, site)).toBe('');

      // 2. A card number typed into the reply box: the status bar counts the problem, as an error (blocked).
      await composer(page, site).click();
      await page.keyboard.type(`Your card ${CARD} is on file.`);
      await expectCardFlagged(page);

      // 3. The page's send control: Deskmate's block dialog stops it, and the page posts nothing.
      await page.locator(site.send).click();
      const dialog = await eventuallyOnPage(
        page,
        () => guardDialog(page),
        (found) => found !== undefined,
        'the block dialog',
      );
      expect(dialog!.attributes['data-verdict']).toBe('block');
      expect(dialog!.text).toContain('CREDIT_CARD');
      expect(dialog!.text).not.toContain(CARD);
      expect(await deskmateElements(page, 'data-testid', 'guard-send-anyway')).toEqual([]);
      await clickDeskmate(page, (await deskmateElements(page, 'data-testid', 'guard-cancel'))[0]!);
      await eventually(
        () => guardDialog(page),
        (found) => found === undefined,
        'the dialog to close',
      );
      const after = await fixtureFacts(page);
      expect(after.sent).toEqual(posted.sent);
      expect(after.messages).toHaveLength(posted.messages.length);
      expect(await composerText(page, site)).toBe(`Your card ${CARD} is on file.`);
      await page.close();
    },
  );

  /**
   * `;unlocke` typed in the reply box: the completion list, which opens at `;` and narrows as the agent types, ends
   * with the one answer whose shortcut starts so (`;unlock` still lists both), and Enter inserts it over `;unlocke`.
   */
  const completesShortcut = async (site: SiteCase) => {
    const { page } = await openTicketB(site);
    try {
      await composer(page, site).click();
      await page.keyboard.type(';unlocke');
      // Waiting for the list of the last key: Enter picks from the list on screen.
      await eventuallyOnPage(
        page,
        async () =>
          (await deskmateElements(page, 'data-completion')).map((item) => item.attributes['data-completion']),
        (shortcuts) => shortcuts.length === 1 && shortcuts[0] === ARTICLE.shortcut,
        'the completion list narrowed to ;unlocked',
      );
      await page.keyboard.press('Enter');
      const text = await eventuallyOnPage(
        page,
        () => composerText(page, site),
        (value) => value.includes('I have unlocked your account'),
        'the completed answer',
      );
      expect(text).toBe(ANSWER_B);
      expect(await deskmateElements(page, 'data-completion')).toEqual([]);
    } finally {
      await page.close();
    }
  };

  it.each(CASES)(
    '$adapter: `;shortcut` completion in the reply box inserts the answer over what was typed',
    completesShortcut,
  );

  it.each(CASES)(
    '$adapter: a card in the reply is blocked at send, and the problem count follows the reply box as it is edited',
    async (site) => {
      const page = await browser.context.newPage();
      try {
        await page.goto(`${server.origin(site.host)}${site.start}`);
        await waitForDeskmate(page);
        await fixtureFacts(page);
        // A reply with a card, sent at once (a send is held until the data guard has started): blocked, and the
        // guard runs from here on.
        await composer(page, site).click();
        await page.keyboard.type(`Card ${CARD}`);
        await page.locator(site.send).click();
        await eventuallyOnPage(
          page,
          () => guardDialog(page),
          (found) => found?.attributes['data-verdict'] === 'block',
          'the block dialog',
        );
        await clickDeskmate(page, (await deskmateElements(page, 'data-testid', 'guard-cancel'))[0]!);
        await eventually(
          () => guardDialog(page),
          (found) => found === undefined,
          'the dialog to close',
        );
        expect((await fixtureFacts(page)).sent).toEqual([]);
        // Deleted: the count goes. Typed again: it comes back.
        await composer(page, site).click();
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Delete');
        expect(await composerText(page, site)).toBe('');
        await eventuallyOnPage(
          page,
          () => deskmateElements(page, 'data-status-id', 'guard-problems'),
          (found) => found.length === 0,
          'the problem count to go once the card is deleted',
        );
        await page.keyboard.type(`Your card ${CARD} is on file.`);
        expect(await composerText(page, site)).toBe(`Your card ${CARD} is on file.`);
        await expectCardFlagged(page);
      } finally {
        await page.close();
      }
    },
  );

  it('reads a 200-message conversation in full, with every role and time', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.origin('acme.zendesk.com')}/agent/tickets/73501?messages=200`);
    await waitForDeskmate(page);
    const facts = await fixtureFacts(page);
    const reading = await read(page, 'zendesk');
    expect(reading.messages).toHaveLength(200);
    expect(reading.messages.map((m) => [m.role, m.at])).toEqual(facts.messages.map((m) => [m.role, m.at]));
    await page.close();
  });

  describe('drift', () => {
    it('says in the status bar which required part is missing, and guards the page generically', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${server.origin('acme.zendesk.com')}/agent/tickets/73501?drift=composer`);
      await waitForDeskmate(page);
      const item = await eventually(
        async () => (await deskmateElements(page, 'data-status-id', 'site-health'))[0],
        (found) => Boolean(found),
        'the drift warning',
      );
      expect(item!.text).toContain('Zendesk adapter: composer not found');
      expect(item!.attributes.class).toContain('dm-warning');
      // Everything else still works: the ticket is known, and the changed composer is guarded as a generic one.
      expect(await statusBar(page)).toContain('#73501');
      await page.addScriptTag({ content: reader });
      const targets = await page.evaluate(() =>
        (globalThis as unknown as { __deskmateTargets(id: string): unknown }).__deskmateTargets('zendesk'),
      );
      // The generic search found the visible editor the adapter's selectors no longer match, and its send button.
      expect(targets).toMatchObject({ source: 'generic' });
      expect((targets as { composer: string | null }).composer).not.toBeNull();
      expect((targets as { send: number }).send).toBeGreaterThanOrEqual(1);
      expect(
        await page.evaluate(() => document.querySelector('[data-test-id="omni-log-container"]') !== null),
      ).toBe(true);
      await page.close();
    });

    it('shows no warning when the adapter matches', async () => {
      const page = await browser.context.newPage();
      await page.goto(`${server.origin('acme.zendesk.com')}/agent/tickets/73502`);
      await waitForDeskmate(page);
      await eventually(
        () => statusBar(page),
        (text) => text.includes('#73502'),
        'the ticket',
      );
      // Past the grace period in which a ticket page may still be rendering.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(await deskmateElements(page, 'data-status-id', 'site-health')).toEqual([]);
      await page.close();
    });

    it('"Copy site diagnostics" copies which selectors matched, with no customer data', async () => {
      const origin = server.origin('acme.zendesk.com');
      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
      const page = await browser.context.newPage();
      await page.goto(`${origin}/agent/tickets/73501?drift=composer`);
      await waitForDeskmate(page);
      await eventually(
        () => statusBar(page),
        (text) => text.includes('#73501'),
        'the ticket',
      );
      await page.bringToFront();
      await page.keyboard.press('F1');
      await page.keyboard.type('copy site diagnostics');
      await page.keyboard.press('Enter');
      await eventually(
        () => statusBar(page),
        (text) => text.includes('Site diagnostics copied'),
        'the confirmation',
      );
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const report = JSON.parse(copied);
      const manifest = (await extensionPage.evaluate(() => chrome.runtime.getManifest())) as {
        version: string;
      };
      expect(report).toMatchObject({
        deskmate: manifest.version,
        adapter: 'zendesk',
        pattern: '*://*.zendesk.com/*',
        path: '/agent/tickets/:id',
        ticketPage: true,
        ticketIdFound: true,
        missingRequired: ['composer'],
        messages: { count: 3, customer: 2, agent: 1, withTime: 3 },
        composers: 0,
      });
      expect(report.fields.subject).toMatchObject({ variant: 0 });
      expect(report.fields.composer).toMatchObject({ variant: null });
      for (const secret of [
        '73501',
        'Maria',
        'Lopez',
        'maria.lopez',
        'example.com',
        'Refund',
        'acme',
        'Sam Rivera',
      ])
        expect(copied).not.toContain(secret);
      await page.close();
    });
  });
});
