/**
 * Deskmate on a live Request Tracker 5 (Best Practical's open-source ticketing system, Debian's packages), in
 * Chromium with the demo build: RT runs for real on this machine (test/e2e/support/apps/request-tracker.ts: its own
 * database, configuration and port, under the host name rt.test), customers' tickets arrive as mail through RT's
 * mail gateway, the agent works in RT's own pages (Display.html, and Update.html with RT's CKEditor 4 in an
 * iframe), and what RT stored of a reply is read back from RT itself.
 *
 * RT is self-hosted, so Deskmate runs there only on a site an admin added: a custom site for rt.test naming the
 * built-in adapter (`adapter: 'request-tracker'`), for a client whose pages rt.test are (its SLA policy, its
 * redaction policy and its answers). The private copy of the extension has rt.test in its host permissions,
 * which is what the agent's "yes" to the permission prompt grants.
 *
 * The checks follow what an agent does on RT: the ticket's facts read (and shown in the status bar and the side
 * panel) and its SLA clock; the customer's card flagged read-only in the history; a card typed into CKEditor
 * underlined, with its hover card and the Ctrl+. quick fix; a reply masked per policy as RT stored it, and blocked
 * with another policy; the palette and `;shortcut` completion with the caret in CKEditor, and an answer with the
 * customer's name filled in; another ticket leaves nothing of the first; and RT's single-key shortcuts (Mousetrap:
 * r, c, /, ?, g h…) never get keys meant for Deskmate, nor does the agent's draft get lost.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RequestTracker,
  requestTrackerUnavailable,
  requestTrackerVersion,
  type StoredTransaction,
  startRequestTracker,
} from './support/apps/request-tracker.ts';
import { type LaunchedChromium, launchChromium } from './support/chromium.ts';
import { CHROME_DIR, ensureBuilt, ROOT, sendFromPage, waitForDeskmate } from './support/env.ts';
import { clickDeskmate, deskmateElements, deskmateText, eventually } from './support/shadow.ts';

const CLIENT_ID = 'acme-rt';
const CLIENT_NAME = 'Acme (Request Tracker)';
/** A Luhn-valid test card number. */
const CARD = '4111 1111 1111 1111';
const CARD_DIGITS = CARD.replace(/ /g, '');

const TICKET_A = {
  fromName: 'Maria Lopez',
  fromEmail: 'maria.lopez@example.com',
  subject: 'Refund to my card for order 4411',
  body: `Hello,\n\nI was charged twice for order 4411. Please refund the card ${CARD}.\n\nThanks,\nMaria`,
};
const TICKET_B = {
  fromName: 'Tom Becker',
  fromEmail: 'tom.becker@example.com',
  subject: 'Cannot log in after password reset',
  body: 'Hi,\n\nsince I reset my password yesterday I cannot log in any more.\n\nTom',
};

/** The client's answers (imported in the options page, as a QA lead does). */
const ARTICLE = {
  id: 'e2e-account-unlocked',
  title: 'Account unlocked after a password reset',
  shortcut: 'unlocked',
  tags: ['login', 'password'],
  body: 'Hi {{customer.first_name}}, about "{{ticket.subject}}": I have unlocked your account, please sign in again.',
};
const OTHER_ARTICLE = {
  id: 'e2e-unlock-yourself',
  title: 'Unlocking an account yourself',
  shortcut: 'unlock',
  tags: ['login'],
  body: 'Open the sign-in page and choose "Unlock my account".',
};
const answerFor = (firstName: string, subject: string) =>
  `Hi ${firstName}, about "${subject}": I have unlocked your account, please sign in again.`;

/** The client's contract: calendar hours, so the clocks run whenever the test does. */
const SLA_POLICY = {
  version: 1,
  client: CLIENT_NAME,
  calendar: {
    timeZone: 'UTC',
    weeklyHours: Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, ['00:00-24:00']]),
    ),
  },
  defaultPriority: 'normal',
  targets: [
    { metric: 'first_reply', priority: 'low', minutes: 480, hours: 'calendar' },
    { metric: 'first_reply', priority: 'normal', minutes: 240, hours: 'calendar' },
    { metric: 'next_reply', priority: 'low', minutes: 480, hours: 'calendar' },
    { metric: 'next_reply', priority: 'normal', minutes: 240, hours: 'calendar' },
  ],
  solvedStatuses: ['resolved', 'rejected'],
  warnAtPercentLeft: [25],
};

const MASK_CARDS = { CREDIT_CARD: { action: 'mask', masking: 'last4' } };
const BLOCK_CARDS = { CREDIT_CARD: { action: 'block', override: 'never' } };
const BLOCK_CARDS_WITH_REASON = { CREDIT_CARD: { action: 'block', override: 'with-reason' } };

/** RT's reply form: CKEditor 4's editing body in its iframe, and RT's "Update Ticket" button. */
const EDITOR_FRAME = 'iframe.cke_wysiwyg_frame';
const SEND = 'form[name="TicketUpdate"] input[name="SubmitTicket"]';

const unavailable = requestTrackerUnavailable();
const title = unavailable
  ? `Deskmate on a live Request Tracker 5 (skipped: ${unavailable})`
  : `Deskmate on a live Request Tracker ${requestTrackerVersion() ?? '5'} in Chromium`;

let rt: RequestTracker;
let browser: LaunchedChromium;
let extensionCopy: string | undefined;
let extensionPage: Page;
let reader: string;
let ticketA: number;
let ticketB: number;

async function send(message: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  return (await sendFromPage(extensionPage, message)) as { ok: boolean; value?: unknown; error?: string };
}

async function writeSetting(layer: 'agent' | 'qaLead', key: string, value: unknown, clientId?: string) {
  const reply = await send({
    channel: 'deskmate',
    type: 'settings.write',
    payload: { layer, key, value, ...(clientId ? { clientId } : {}) },
  });
  expect(reply, `writing ${key}`).toEqual({ ok: true, value: { written: true } });
}

const setPolicy = (types: Record<string, unknown>) =>
  writeSetting('qaLead', 'guard.policy', { version: 1, types }, CLIENT_ID);

/** The built-in adapter's reading code (src/content/sites), bundled for the page, as the content script runs it. */
async function bundleReader(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `
        import { selfHostedAdapters } from './index.ts';
        import { readTicket } from '../../../test/support/read-ticket.ts';
        const adapter = selfHostedAdapters.find((candidate) => candidate.id === 'request-tracker');
        globalThis.__deskmateReadRt = () => readTicket(adapter, location.href, document);`,
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

interface Reading {
  ticketId: string | null;
  subject: string | null;
  requesterName: string | null;
  requesterEmail: string | null;
  priority: string | null;
  status: string | null;
  createdAt: number | null;
  messages: Array<{
    role: 'customer' | 'agent';
    at: number | null;
    author: string | null;
    body: string | null;
  }>;
  composer: boolean;
  send: boolean;
}

/** The ticket as the Request Tracker adapter reads it on the live page. */
async function read(page: Page): Promise<Reading> {
  if (
    (await page.evaluate(() => typeof (globalThis as { __deskmateReadRt?: unknown }).__deskmateReadRt)) !==
    'function'
  )
    await page.addScriptTag({ content: reader });
  return page.evaluate(() => (globalThis as unknown as { __deskmateReadRt(): Reading }).__deskmateReadRt());
}

const statusBar = (page: Page) => deskmateText(page, 'deskmate-statusbar');

/** Waits like `eventually`, and on a timeout also says what Deskmate's status bar showed and RT's page was. */
async function eventuallyOnPage<T>(
  page: Page,
  readValue: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeoutMs?: number,
): Promise<T> {
  try {
    return await eventually(readValue, accept, what, timeoutMs);
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\npage: ${page.url()}\nstatus bar: ${await statusBar(page).catch(() => '?')}`,
    );
  }
}

/** RT's ticket page, once Deskmate runs on it and RT's script has loaded the history. */
async function openDisplay(id: number): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${rt.origin}/Ticket/Display.html?id=${id}`);
  await page.waitForSelector('.history-container .transaction.message', { timeout: 30_000 });
  await waitForDeskmate(page);
  return page;
}

/** Scrolls RT's history to the customer's message, as the agent does to read it (RT shows it below the boxes). */
async function showCustomerMessage(page: Page): Promise<void> {
  await page.locator('.history-container .transaction.message .messagebody').first().scrollIntoViewIfNeeded();
}

/** RT's reply form, once CKEditor is up in it and RT's script has loaded the recipients preview. */
async function openReply(id: number): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${rt.origin}/Ticket/Update.html?Action=Respond&id=${id}`);
  await page.waitForFunction(
    () => {
      const editor = (window as { CKEDITOR?: { instances?: Record<string, { status?: string }> } }).CKEDITOR
        ?.instances?.UpdateContent;
      return editor?.status === 'ready';
    },
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForSelector('#previewscrips input[name="TxnSendMailTo"]', {
    state: 'attached',
    timeout: 30_000,
  });
  await waitForDeskmate(page);
  return page;
}

/** CKEditor's editing body, where the agent types. */
async function editorFrame(page: Page): Promise<Frame> {
  return (await (await page.waitForSelector(EDITOR_FRAME)).contentFrame())!;
}

/** What RT will send: CKEditor's own model (getData), as text, white space folded. */
async function draft(page: Page): Promise<string> {
  // CKEditor's HTML as text, in the page: its entities (&quot; &nbsp;…) decoded, block boundaries as spaces.
  const text = await page.evaluate(`(() => {
    const html = CKEDITOR.instances.UpdateContent.getData();
    const holder = document.createElement('template');
    holder.innerHTML = html.replace(/<\\/(p|div|li|h[1-6])>|<br\\s*\\/?>/gi, ' $&');
    return holder.content.textContent;
  })()`);
  return String(text)
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/** Puts the caret at the end of CKEditor's text and types, as the agent does. */
async function typeInEditor(page: Page, text: string): Promise<void> {
  const frame = await editorFrame(page);
  await frame.click('body');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
  await eventually(
    () => draft(page),
    (value) => value.includes(text.trim()),
    'the typed text in CKEditor',
  );
}

const problems = (page: Page) => deskmateElements(page, 'data-status-id', 'guard-problems');
const guardDialog = async (page: Page) => (await deskmateElements(page, 'data-testid', 'guard-dialog'))[0];

async function expectProblemFlagged(page: Page, severity: RegExp): Promise<void> {
  const found = await eventuallyOnPage(
    page,
    () => problems(page),
    (list) => list.length > 0,
    'the problem count in the status bar',
  );
  expect(found[0]!.text).toContain('1 problem');
  expect(found[0]!.attributes.class).toMatch(severity);
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

/** Where the card number's text is drawn in CKEditor, in the top page's viewport. */
async function cardInEditorBox(page: Page) {
  const frame = await editorFrame(page);
  const inFrame = await frame.evaluate((card) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node as Text).data.replace(/\u00a0/g, ' ').indexOf(card);
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + card.length);
      const rect = range.getBoundingClientRect();
      return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom };
    }
    return null;
  }, CARD);
  if (!inFrame) return null;
  const offset = await page.$eval(EDITOR_FRAME, (element) => {
    const rect = element.getBoundingClientRect();
    return { left: rect.left + element.clientLeft, top: rect.top + element.clientTop };
  });
  return {
    left: inFrame.left + offset.left,
    right: inFrame.right + offset.left,
    top: inFrame.top + offset.top,
    bottom: inFrame.bottom + offset.top,
  };
}

/** The transactions RT stored for the ticket after the one with id `after`. */
async function storedSince(id: number, after: number): Promise<StoredTransaction[]> {
  return (await rt.history(id)).filter((transaction) => transaction.id > after);
}
const lastTransaction = async (id: number) => (await rt.history(id)).at(-1)!.id;
const holdsCard = (text: string) => text.includes(CARD) || text.replace(/\s+/g, '').includes(CARD_DIGITS);

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

/** RT's page did not move (a shortcut of RT's would have navigated or opened its help). */
async function expectStillOn(page: Page, url: string): Promise<void> {
  // Give a shortcut's navigation time to start.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(page.url()).toBe(url);
  expect(await page.locator('.modal').count(), "RT's shortcut help").toBe(0);
}

describe.skipIf(unavailable !== null)(title, () => {
  beforeAll(async () => {
    await ensureBuilt();
    reader = await bundleReader();
    rt = await startRequestTracker();
    console.info(`Request Tracker ${rt.version} at ${rt.origin}, started in ${rt.startMs} ms`);
    ticketA = await rt.createTicket(TICKET_A);
    ticketB = await rt.createTicket(TICKET_B);

    // A private copy (others build into dist/ while tests run), with RT's origin granted.
    extensionCopy = await mkdtemp(join(tmpdir(), 'rt-e2e-extension-'));
    await cp(CHROME_DIR, extensionCopy, { recursive: true });
    const manifestPath = join(extensionCopy, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { host_permissions: string[] };
    manifest.host_permissions.push(`http://${rt.host}/*`);
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));

    browser = await launchChromium({ extensionDir: extensionCopy, args: rt.chromiumArgs });
    extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
    await eventually(
      () => send({ channel: 'deskmate', type: 'clients.list', payload: {} }),
      (reply) => JSON.stringify(reply.value ?? []).includes('"northwind"'),
      'the demo clients to be installed',
    );

    // The client whose helpdesk RT is, with its SLA policy and its answers.
    const saved = await send({
      channel: 'deskmate',
      type: 'clients.save',
      payload: { client: { id: CLIENT_ID, name: CLIENT_NAME, matches: [{ host: `${rt.host}:*` }] } },
    });
    expect(saved).toMatchObject({ ok: true });
    await writeSetting('qaLead', 'sla.policy', SLA_POLICY, CLIENT_ID);
    await setPolicy(MASK_CARDS);
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/src/options/index.html#knowledge`);
    await options.getByLabel('Client').selectOption(CLIENT_ID);
    await options.getByTestId('kb-import-file').setInputFiles({
      name: 'answers.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(`${JSON.stringify(ARTICLE)}\n${JSON.stringify(OTHER_ARTICLE)}\n`),
    });
    await options.getByTestId('kb-import-result').waitFor();
    expect(await options.getByTestId('kb-import-result').textContent()).toContain('Imported 2 articles');
    await options.close();

    // RT, as an admin adds it: a custom site naming the built-in Request Tracker adapter.
    await writeSetting('agent', 'sites.custom', [
      {
        id: 'rt',
        name: 'Request Tracker',
        matches: [`${rt.origin}/*`],
        adapter: 'request-tracker',
      },
    ]);
    await eventually(
      () =>
        extensionPage.evaluate(async () =>
          (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id),
        ),
      (ids) => ids.includes('custom-site-rt'),
      "the custom site's content script to be registered",
    );

    // The agent logs in to RT (the session cookie serves every page of the browser).
    const login = await browser.context.newPage();
    await rt.login(login);
    await login.close();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await rt?.stop();
    if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
  });

  describe("the ticket's facts", () => {
    it('the adapter reads the live Display.html: id, subject, requester, status, priority, created, messages with roles', async () => {
      const page = await openDisplay(ticketA);
      const reading = await read(page);
      expect(reading).toMatchObject({
        ticketId: String(ticketA),
        subject: TICKET_A.subject,
        requesterName: `${TICKET_A.fromName} <${TICKET_A.fromEmail}>`,
        requesterEmail: TICKET_A.fromEmail,
        priority: 'Low',
        status: 'new',
        composer: false,
      });
      expect(Number.isFinite(reading.createdAt)).toBe(true);
      expect(reading.messages.map((m) => [m.role, m.author])).toEqual([
        ['customer', `${TICKET_A.fromName} <${TICKET_A.fromEmail}>`],
      ]);
      expect(reading.messages[0]!.body).toContain(CARD);
      // What RT itself has (REST 2; UTC): the page shows times in the agent's time zone, which is this browser's.
      const stored = await rt.ticket(ticketA);
      expect(stored).toMatchObject({ subject: TICKET_A.subject, status: 'new', priority: 0 });
      expect(reading.createdAt).toBe(Date.parse(stored.created));
      expect(reading.messages[0]!.at).toBe(Date.parse((await rt.history(ticketA))[0]!.created));
      await page.close();
    });

    it('Deskmate shows the ticket and the client in the status bar, with the SLA clock', async () => {
      const page = await openDisplay(ticketA);
      const bar = await eventuallyOnPage(
        page,
        () => statusBar(page),
        (text) => text.includes(`#${ticketA}`) && text.includes(CLIENT_NAME) && text.includes('First reply'),
        `#${ticketA}, the client and the SLA clock in the status bar`,
      );
      expect(bar).not.toContain(`#${ticketB}`);
      const [ticket] = await deskmateElements(page, 'data-status-id', 'ticket');
      expect(ticket!.attributes.title).toBe(TICKET_A.subject);
      const [sla] = await deskmateElements(page, 'data-status-id', 'sla');
      // RT's "Low": the policy's first reply within 8 hours (calendar), a few minutes of it gone. Past 16:00 the due
      // time is on the next day, which the clock then names ("due Tue 8 Dec 00:44").
      expect(sla!.text).toMatch(
        /^First reply 7h \d+m · due (?:[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} )?\d\d:\d\d client time$/,
      );
      expect(sla!.attributes.class).toMatch(/dm-ok/);
      await page.close();
    });

    it("the worker has the ticket's facts: priority, status, created time and the customer's message", async () => {
      const page = await openDisplay(ticketA);
      const reading = await read(page);
      const rows = await eventuallyOnPage(
        page,
        slaRows,
        (all) =>
          all.some(
            (row) =>
              row.clientId === CLIENT_ID &&
              row.ticketId === String(ticketA) &&
              row.observed.messages.length === 1,
          ),
        "the worker's SLA record of the ticket, with the customer's message",
      );
      const row = rows.find((r) => r.clientId === CLIENT_ID && r.ticketId === String(ticketA))!;
      expect(row.subject).toBe(TICKET_A.subject);
      expect(row.observed).toMatchObject({
        createdAt: reading.createdAt,
        initialPriority: 'low',
        initialStatus: 'new',
        messages: [{ type: 'customer_message', at: reading.messages[0]!.at }],
      });
      await page.close();
    });

    it("the side panel's Timers view lists the ticket with its subject, clock, client and priority", async () => {
      const page = await openDisplay(ticketA);
      await eventuallyOnPage(
        page,
        () => statusBar(page),
        (text) => text.includes('First reply'),
        'the SLA clock',
      );
      const panel = await browser.context.newPage();
      await panel.goto(`chrome-extension://${browser.extensionId}/src/sidepanel/index.html`);
      await panel.getByRole('tab', { name: 'Timers' }).click();
      const row = panel.locator(`[data-timer="${ticketA}"]`);
      await row.waitFor({ timeout: 20_000 });
      const text = (await row.textContent()) ?? '';
      expect(text).toContain(`#${ticketA} ${TICKET_A.subject}`);
      expect(text).toContain('First reply');
      expect(text).toContain(`${CLIENT_NAME} · low`);
      await panel.close();
      await page.close();
    });
  });

  it("shows no adapter drift on RT's pages: every part the adapter requires is on Display.html and Update.html", async () => {
    for (const page of [await openDisplay(ticketA), await openReply(ticketA)]) {
      await eventuallyOnPage(
        page,
        () => statusBar(page),
        (text) => text.includes(`#${ticketA}`),
        `#${ticketA} in the status bar`,
      );
      // Past the grace period in which a ticket page may still be rendering (DRIFT_GRACE_MS).
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(await deskmateElements(page, 'data-status-id', 'site-health'), page.url()).toEqual([]);
      await page.close();
    }
  });

  describe('the data guard', () => {
    it("flags the customer's card in the history read-only: underlined, a card on hover, no fixes", async () => {
      await setPolicy(MASK_CARDS);
      const page = await openDisplay(ticketA);
      await showCustomerMessage(page);
      const [underline] = await eventuallyOnPage(
        page,
        () => deskmateElements(page, 'data-guard-underline', 'message'),
        (found) => found.length > 0,
        "an underline under the customer's card",
      );
      const box = await boxOf(page, underline!.backendNodeId);
      // Under the card's text in RT's history.
      const text = await page.evaluate((card) => {
        for (const body of document.querySelectorAll('.transaction.message .messagebody')) {
          const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = (node as Text).data.indexOf(card);
            if (at === -1) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + card.length);
            const rect = range.getBoundingClientRect();
            return { left: rect.left, right: rect.right, bottom: rect.bottom };
          }
        }
        return null;
      }, CARD);
      expect(text).not.toBeNull();
      expect(Math.abs(box.left - text!.left)).toBeLessThan(2);
      expect(Math.abs(box.right - text!.right)).toBeLessThan(2);
      expect(Math.abs(box.top - text!.bottom)).toBeLessThan(4);

      await page.mouse.move(box.left + 5, box.top - 6);
      const card = await eventuallyOnPage(
        page,
        () => deskmateElements(page, 'data-testid', 'guard-card'),
        (found) => found.length > 0,
        'the read-only card on hover',
      );
      expect(card[0]!.text).toContain('CREDIT_CARD');
      expect(card[0]!.text).toContain("customer's message");
      expect(card[0]!.text).not.toContain(CARD);
      expect(await deskmateElements(page, 'data-testid', 'guard-card-readonly')).toHaveLength(1);
      expect(await deskmateElements(page, 'data-fix')).toEqual([]);
      // A read-only finding is not a problem of the reply: Display.html has no composer, no count.
      expect(await problems(page)).toEqual([]);
      await page.close();
    });

    it("underlines a card typed into RT's CKEditor, under its text, and counts it in the status bar", async () => {
      await setPolicy(MASK_CARDS);
      const page = await openReply(ticketA);
      await typeInEditor(page, `Your card ${CARD} is refunded.`);
      await expectProblemFlagged(page, /dm-info|dm-warning|dm-error/);
      const [underline] = await eventuallyOnPage(
        page,
        () => deskmateElements(page, 'data-guard-underline', 'composer'),
        (found) => found.length === 1,
        'one underline in CKEditor',
      );
      const box = await boxOf(page, underline!.backendNodeId);
      const text = await cardInEditorBox(page);
      expect(text).not.toBeNull();
      expect(Math.abs(box.left - text!.left)).toBeLessThan(2);
      expect(Math.abs(box.right - text!.right)).toBeLessThan(2);
      expect(Math.abs(box.top - text!.bottom)).toBeLessThan(4);
      await page.close();
    });

    it('opens the problem card on hover over the underline in CKEditor, with its quick fixes', async () => {
      await setPolicy(MASK_CARDS);
      const page = await openReply(ticketA);
      await typeInEditor(page, `Your card ${CARD} is refunded.`);
      const text = await eventuallyOnPage(
        page,
        async () => {
          await expectProblemFlagged(page, /dm-/);
          return cardInEditorBox(page);
        },
        (box) => box !== null,
        'the card in CKEditor',
      );
      // The pointer over the card number's text, inside CKEditor's frame.
      await page.mouse.move(text!.left + 5, (text!.top + text!.bottom) / 2);
      await page.mouse.move(text!.left + 8, (text!.top + text!.bottom) / 2);
      const card = await eventuallyOnPage(
        page,
        () => deskmateElements(page, 'data-testid', 'guard-card'),
        (found) => found.length > 0,
        'the problem card on hover',
      );
      expect(card[0]!.text).toContain('CREDIT_CARD');
      expect(card[0]!.text).toContain('Masked automatically when you send');
      expect(card[0]!.text).not.toContain(CARD);
      expect((await deskmateElements(page, 'data-fix')).map((fix) => fix.attributes['data-fix'])).toContain(
        'mask',
      );
      await page.close();
    });

    it('Ctrl+. with the caret in the card opens its card; "Mask" masks it in CKEditor, and RT gets the masked text', async () => {
      await setPolicy(MASK_CARDS);
      const page = await openReply(ticketA);
      await typeInEditor(page, `Your card ${CARD} is refunded.`);
      await expectProblemFlagged(page, /dm-/);
      // The pointer away from the editor, so that no hover card can stand in for the one Ctrl+. opens.
      await page.mouse.move(5, 5);
      await eventually(
        () => deskmateElements(page, 'data-testid', 'guard-card'),
        (found) => found.length === 0,
        'no problem card before Ctrl+.',
      );
      for (let i = 0; i < ' is refunded.'.length + 2; i++) await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Control+.');
      const card = await eventuallyOnPage(
        page,
        () => deskmateElements(page, 'data-testid', 'guard-card'),
        (found) => found.length > 0,
        'the problem card at the caret (Ctrl+.)',
      );
      expect(card[0]!.text).toContain('CREDIT_CARD');
      // The card opened from the keyboard has the focus (a hover card does not take it).
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('deskmate-root');
      await clickDeskmate(page, (await deskmateElements(page, 'data-fix', 'mask'))[0]!);
      const masked = await eventuallyOnPage(
        page,
        () => draft(page),
        (value) => value.includes('**** **** **** 1111'),
        'the value masked in CKEditor',
      );
      expect(masked).toBe('Your card **** **** **** 1111 is refunded.');
      // RT's hidden textarea is what RT posts: CKEditor syncs it from its model.
      expect(
        await page.evaluate(() => {
          const editor = (
            window as unknown as {
              CKEDITOR: { instances: { UpdateContent: { updateElement(): void } } };
            }
          ).CKEDITOR.instances.UpdateContent;
          editor.updateElement();
          return (document.querySelector('textarea[name="UpdateContent"]') as HTMLTextAreaElement).value;
        }),
      ).not.toContain(CARD);
      await eventually(
        () => deskmateElements(page, 'data-guard-underline', 'composer'),
        (found) => found.length === 0,
        'the underline to go',
      );
      await page.close();
    });

    it('masks a card in the reply at send, per the policy: RT stores and mails the reply with the card masked', async () => {
      await setPolicy(MASK_CARDS);
      const before = await lastTransaction(ticketA);
      const page = await openReply(ticketA);
      await typeInEditor(page, `Hi Maria, we refunded the card ${CARD} today.`);
      await expectProblemFlagged(page, /dm-info/);
      await page.click(SEND);
      await page.waitForURL(/\/Ticket\/Display\.html/, { timeout: 30_000 });
      expect(await guardDialog(page)).toBeUndefined();
      const stored = await storedSince(ticketA, before);
      const reply = stored.find((transaction) => transaction.type === 'Correspond');
      expect(reply, `RT's new transactions: ${JSON.stringify(stored.map((t) => t.type))}`).toBeDefined();
      expect(reply!.creator).toBe('root');
      expect(reply!.content).toContain('Hi Maria, we refunded the card **** **** **** 1111 today.');
      // Nothing RT stored after the send holds the number: not the reply, not the mail it sent the customer.
      for (const transaction of stored) expect(holdsCard(transaction.content), transaction.type).toBe(false);
      expect(stored.some((transaction) => transaction.type === 'EmailRecord')).toBe(true);
      // The page RT shows next has the reply as the agent's message.
      await page.waitForSelector('.history-container .transaction.message', { timeout: 30_000 });
      const reading = await read(page);
      expect(reading.messages.map((m) => m.role)).toEqual(['customer', 'agent']);
      await page.close();
    });

    it('blocks a reply with a card when the policy says so: RT stores nothing, and the draft stays as typed', async () => {
      await setPolicy(BLOCK_CARDS);
      const before = await lastTransaction(ticketA);
      const page = await openReply(ticketA);
      const url = page.url();
      const typed = `Refund to ${CARD} done.`;
      await typeInEditor(page, typed);
      await expectProblemFlagged(page, /dm-error/);
      await page.click(SEND);
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
      await expectStillOn(page, url);
      expect(await draft(page)).toBe(typed);
      expect(await storedSince(ticketA, before)).toEqual([]);
      await page.close();
      await setPolicy(MASK_CARDS);
    });
  });

  describe('answers', () => {
    it('F1 with the caret in CKEditor opens the palette; "Insert answer…" inserts the answer with the customer\'s name', async () => {
      const page = await openReply(ticketB);
      const frame = await editorFrame(page);
      await frame.click('body');
      await page.keyboard.press('F1');
      await eventuallyOnPage(
        page,
        () => deskmateText(page, 'deskmate-palette'),
        (text) => text !== '',
        'the palette',
      );
      await page.keyboard.type('insert answer');
      await page.keyboard.press('Enter');
      await eventuallyOnPage(
        page,
        () => deskmateText(page, 'deskmate-palette'),
        (text) => text.includes(ARTICLE.title),
        "the client's answers in the palette",
      );
      await page.keyboard.type('account unlocked');
      await page.keyboard.press('Enter');
      const inserted = await eventuallyOnPage(
        page,
        () => draft(page),
        (text) => text.includes('I have unlocked your account'),
        'the answer in CKEditor',
      );
      expect(inserted).toBe(answerFor('Tom', TICKET_B.subject));
      await page.close();
    });

    it('`;shortcut` completion in CKEditor inserts the answer over what was typed', async () => {
      const page = await openReply(ticketB);
      const frame = await editorFrame(page);
      await frame.click('body');
      await page.keyboard.type(';unlocke');
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
        () => draft(page),
        (value) => value.includes('I have unlocked your account'),
        'the completed answer',
      );
      expect(text).toBe(answerFor('Tom', TICKET_B.subject));
      expect(await deskmateElements(page, 'data-completion')).toEqual([]);
      await page.close();
    });
  });

  it("Maria's e-mail and card pasted into Tom's reply are flagged as another customer's: RT stores nothing unconfirmed", async () => {
    await setPolicy(MASK_CARDS);
    // The agent reads Maria's ticket (the guard remembers her, as hashes), then answers Tom's.
    const maria = await openDisplay(ticketA);
    await showCustomerMessage(maria);
    await eventuallyOnPage(
      maria,
      () => deskmateElements(maria, 'data-guard-underline', 'message'),
      (found) => found.length > 0,
      "ticket A's card underlined (the guard has read Maria's ticket)",
    );
    const before = await lastTransaction(ticketB);
    const tom = await openReply(ticketB);
    const url = tom.url();
    const typed = `Hi Tom, I wrote to ${TICKET_A.fromEmail} about the card ${CARD}.`;
    await typeInEditor(tom, typed);
    // Maria's tab may have told the worker after Tom's page asked: the agent going back to it and returning brings it.
    const deadline = Date.now() + 30_000;
    while (!/dm-warning/.test((await problems(tom))[0]?.attributes.class ?? '')) {
      expect(Date.now() < deadline, `status: ${JSON.stringify((await problems(tom))[0])}`).toBe(true);
      await maria.bringToFront();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tom.bringToFront();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect((await problems(tom))[0]!.text).toContain('2 problems');
    await tom.click(SEND);
    const dialog = await eventuallyOnPage(
      tom,
      () => guardDialog(tom),
      (found) => found !== undefined,
      'the warning',
    );
    expect(dialog!.attributes['data-verdict']).toBe('warn');
    expect(dialog!.text).toContain(`another customer (#${ticketA})`);
    expect(dialog!.text).toContain('EMAIL_ADDRESS');
    expect(dialog!.text).not.toContain(TICKET_A.fromEmail);
    expect(dialog!.text).not.toContain(CARD);
    await clickDeskmate(tom, (await deskmateElements(tom, 'data-testid', 'guard-cancel'))[0]!);
    await eventually(
      () => guardDialog(tom),
      (found) => found === undefined,
      'the dialog to close',
    );
    await expectStillOn(tom, url);
    expect(await storedSince(ticketB, before)).toEqual([]);
    const audit = (await send({
      channel: 'deskmate',
      type: 'guard.audit.query',
      payload: { clientId: CLIENT_ID, action: 'warned' },
    })) as { value: { rows: Array<{ type: string; belongsTo?: string; ticketId?: string }> } };
    expect(audit.value.rows).toContainEqual(
      expect.objectContaining({ type: 'EMAIL_ADDRESS', belongsTo: `#${ticketA}`, ticketId: String(ticketB) }),
    );
    expect(JSON.stringify(audit)).not.toContain(TICKET_A.fromEmail);
    await tom.close();
    await maria.close();
  });

  it("another ticket, reached through RT's own search box, leaves nothing of the first", async () => {
    await setPolicy(MASK_CARDS);
    const page = await openDisplay(ticketA);
    await showCustomerMessage(page);
    await eventuallyOnPage(
      page,
      () => deskmateElements(page, 'data-guard-underline', 'message'),
      (found) => found.length > 0,
      "ticket A's card underlined",
    );
    await eventuallyOnPage(
      page,
      () => statusBar(page),
      (text) => text.includes(`#${ticketA}`),
      `#${ticketA}`,
    );
    // RT's "Search" box in its header: a ticket number goes to that ticket.
    await page.fill('#simple-search input[name="q"]', String(ticketB));
    await page.press('#simple-search input[name="q"]', 'Enter');
    await page.waitForURL(new RegExp(`/Ticket/Display\\.html\\?id=${ticketB}`), { timeout: 30_000 });
    await page.waitForSelector('.history-container .transaction.message', { timeout: 30_000 });
    await waitForDeskmate(page);
    const bar = await eventuallyOnPage(
      page,
      () => statusBar(page),
      (text) => text.includes(`#${ticketB}`),
      `#${ticketB} in the status bar`,
    );
    expect(bar).not.toContain(`#${ticketA}`);
    expect(await page.locator('#deskmate-root').count()).toBe(1);
    const [ticket] = await deskmateElements(page, 'data-status-id', 'ticket');
    expect(ticket!.attributes.title).toBe(TICKET_B.subject);
    // Past the guard's start on an idle page: nothing of ticket A's card.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await deskmateElements(page, 'data-guard-underline')).toEqual([]);
    expect(await deskmateElements(page, 'data-testid', 'guard-card')).toEqual([]);
    expect(await problems(page)).toEqual([]);
    const reading = await read(page);
    expect(reading).toMatchObject({ ticketId: String(ticketB), subject: TICKET_B.subject });
    expect(reading.messages.map((m) => m.role)).toEqual(['customer']);
    // The worker knows both tickets, each with its own subject.
    const recent = (await eventually(
      () => send({ channel: 'deskmate', type: 'tickets.recent', payload: { clientId: CLIENT_ID } }),
      (reply) => {
        const ids = ((reply.value as Array<{ ticketId: string }> | undefined) ?? []).map((t) => t.ticketId);
        return ids.includes(String(ticketA)) && ids.includes(String(ticketB));
      },
      'the worker to list both tickets',
    )) as { value: Array<{ ticketId: string; subject?: string }> };
    const byId = new Map(recent.value.map((t) => [t.ticketId, t]));
    expect(byId.get(String(ticketA))?.subject).toBe(TICKET_A.subject);
    expect(byId.get(String(ticketB))?.subject).toBe(TICKET_B.subject);
    await page.close();
  });

  describe("RT's single-key shortcuts", () => {
    it('work on the page (r opens the reply form), so the checks below mean something', async () => {
      const page = await openDisplay(ticketB);
      await page.locator('#header h1').click();
      await page.keyboard.press('r');
      await page.waitForURL(/\/Ticket\/Update\.html/, { timeout: 15_000 });
      await page.close();
    });

    it("never get the keys typed into Deskmate's palette on Display.html (r, c, /, ?, g h)", async () => {
      const page = await openDisplay(ticketB);
      const url = page.url();
      await page.locator('#header h1').click();
      await page.keyboard.press('F1');
      await eventuallyOnPage(
        page,
        () => deskmateText(page, 'deskmate-palette'),
        (text) => text !== '',
        'the palette',
      );
      await page.keyboard.type('reply comment / ? g h');
      await expectStillOn(page, url);
      await page.keyboard.press('Escape');
      await eventually(
        () => deskmateText(page, 'deskmate-palette'),
        (text) => text === '',
        'the palette to close',
      );
      await expectStillOn(page, url);
      await page.close();
    });

    it('never get the keys typed into the palette opened from the reply form, and the draft stays', async () => {
      const page = await openReply(ticketB);
      const url = page.url();
      const typed = 'Checking your account now.';
      await typeInEditor(page, typed);
      // The palette from the page around the editor (RT's header), the draft in CKEditor.
      await page.locator('#header h1').click();
      await page.keyboard.press('F1');
      await eventuallyOnPage(
        page,
        () => deskmateText(page, 'deskmate-palette'),
        (text) => text !== '',
        'the palette',
      );
      await page.keyboard.type('g h reply / c ?');
      await expectStillOn(page, url);
      await page.keyboard.press('Escape');
      await expectStillOn(page, url);
      expect(await draft(page)).toBe(typed);
      await page.close();
    });

    it("never get the keys of a written reason in Deskmate's send dialog, and the draft stays", async () => {
      await setPolicy(BLOCK_CARDS_WITH_REASON);
      const before = await lastTransaction(ticketB);
      const page = await openReply(ticketB);
      const url = page.url();
      const typed = `Card ${CARD} noted.`;
      await typeInEditor(page, typed);
      await expectProblemFlagged(page, /dm-error/);
      await page.click(SEND);
      await eventuallyOnPage(
        page,
        () => guardDialog(page),
        (found) => found !== undefined,
        'the block dialog',
      );
      await clickDeskmate(page, (await deskmateElements(page, 'data-testid', 'guard-reason'))[0]!);
      // "g h" is RT's "go home", "r" reply, "c" comment, "/" search, "?" help.
      await page.keyboard.type('go home: g h, then r c / ?');
      await expectStillOn(page, url);
      await clickDeskmate(page, (await deskmateElements(page, 'data-testid', 'guard-cancel'))[0]!);
      await eventually(
        () => guardDialog(page),
        (found) => found === undefined,
        'the dialog to close',
      );
      await expectStillOn(page, url);
      expect(await draft(page)).toBe(typed);
      expect(await storedSince(ticketB, before)).toEqual([]);
      await page.close();
      await setPolicy(MASK_CARDS);
    });
  });
});
