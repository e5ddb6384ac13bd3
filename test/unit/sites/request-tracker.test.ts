// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true}}
/**
 * The Request Tracker adapter against pages a real RT 5 served (test/fixtures/sites/request-tracker/, see its
 * README.md): the ticket's facts read from the real markup with the adapter, as the content script reads them. RT
 * loads parts of its pages with its own scripts after the page (the history into Display.html, the recipients
 * preview into Update.html); these tests put those fragments, also as RT served them, where RT's script puts them.
 * The end-to-end test (test/e2e/real-rt.e2e.ts) reads the same on the live app.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adapterMatchesUrl } from '../../../src/content/sites/adapter.ts';
import { missingRequired } from '../../../src/content/sites/diagnostics.ts';
import { selfHostedAdapters, siteMatchPatterns } from '../../../src/content/sites/index.ts';
import { firstDeep, firstMatch } from '../../../src/content/sites/query.ts';
import { readTicketId, urlLooksLikeTicket } from '../../../src/content/sites/read.ts';
import { requestTrackerAdapter as rt } from '../../../src/content/sites/request-tracker.ts';
import { adapterForUrl } from '../../support/adapter-for-url.ts';
import { readTicket } from '../../support/read-ticket.ts';

// A path, not a URL: under happy-dom, `URL` is the page's, which node:fs does not take.
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites');
const fixture = (name: string) => readFileSync(join(FIXTURES, 'request-tracker', name), 'utf8');
const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

const ORIGIN = 'http://rt.example.com';
const DISPLAY_URL = `${ORIGIN}/Ticket/Display.html?id=1`;
const UPDATE_URL = `${ORIGIN}/Ticket/Update.html?Action=Respond&id=1`;
const CARD = '4111 1111 1111 1111';
const SUBJECT = 'Refund to my card for order 4411';

/** Display.html as served: its history is a "Loading..." box until RT's script loads it. */
const displayAsServed = () => parse(fixture('Display.html'));
/** Display.html once RT's script loaded /Helpers/TicketHistory into #delayed_ticket_history (jQuery's .load). */
function displayWithHistory(): Document {
  const doc = displayAsServed();
  doc.querySelector('#delayed_ticket_history')!.innerHTML = fixture('TicketHistory.html');
  return doc;
}
/** Update.html once RT's script loaded /Helpers/PreviewScrips into "Scrips and Recipients". */
function updateWithRecipients(name = 'Update.html'): Document {
  const doc = parse(fixture(name));
  doc.querySelector('#previewscrips div.titlebox-content div.card-body')!.innerHTML =
    fixture('PreviewScrips.html');
  return doc;
}
/**
 * What CKEditor 4 does to Update.html's textarea when it starts (RT's MessageBoxRichText, the default): hides it and
 * puts its editing body (contenteditable) in an iframe after it (happy-dom loads no frame pages: a srcdoc it does).
 */
function withCkeditor(doc: Document, text = ''): Document {
  const textarea = doc.querySelector('textarea[name="UpdateContent"]') as HTMLTextAreaElement;
  textarea.style.cssText = 'visibility: hidden; display: none;';
  const container = doc.createElement('div');
  container.className = 'cke_1 cke cke_reset cke_chrome cke_editor_UpdateContent';
  const frame = doc.createElement('iframe');
  frame.className = 'cke_wysiwyg_frame cke_reset';
  frame.title = 'Rich Text Editor, UpdateContent';
  frame.srcdoc = `<html><body class="cke_editable cke_editable_themed cke_contents_ltr" contenteditable="true"><p>${text}</p></body></html>`;
  container.append(frame);
  textarea.after(container);
  return doc;
}

describe('the Request Tracker adapter', () => {
  it('is self-hosted: no match patterns, none in the manifest, no URL claimed by itself', () => {
    expect(selfHostedAdapters).toContain(rt);
    expect(rt.matches).toEqual([]);
    expect(adapterMatchesUrl(rt, DISPLAY_URL)).toBe(false);
    expect(adapterForUrl(DISPLAY_URL).id).toBe('generic');
    expect(siteMatchPatterns()).toEqual(expect.not.arrayContaining([expect.stringContaining('rt.')]));
  });

  it.each([
    ['/Ticket/Display.html?id=1', '1'],
    ['/Ticket/Display.html?id=1&results=962a9bad806e78c2e8ff53f0099d0b02', '1'],
    ['/Ticket/Update.html?Action=Respond&id=42', '42'],
    ['/Ticket/Update.html?id=42&QuoteTransaction=33&Action=Respond', '42'],
    ['/Ticket/Update.html?Action=Comment&DefaultStatus=resolved&id=7', '7'],
    // RT's own links join parameters with ';' too, and RT may live under a path (`$WebPath`).
    ['/Ticket/Display.html?ForceShowHistory=1;ShowHeaders=1;id=9#ticket-9-history', '9'],
    ['/rt/Ticket/Display.html?id=12', '12'],
  ])('reads the ticket id of %s', (path, id) => {
    const url = `${ORIGIN}${path}`;
    expect(urlLooksLikeTicket(rt, url)).toBe(true);
    expect(readTicketId(rt, url, { querySelector: () => null } as unknown as ParentNode)).toBe(id);
  });

  it.each([
    '/',
    '/Search/Results.html?Query=id%3D1',
    '/Ticket/Create.html?Queue=1',
    '/Ticket/Display.html?xid=5',
    '/Ticket/ModifyPeople.html?id=1',
  ])('sees no ticket at %s', (path) => {
    expect(urlLooksLikeTicket(rt, `${ORIGIN}${path}`)).toBe(false);
  });

  it("recognises RT's pages by their markup (detect), and no other helpdesk's", () => {
    for (const doc of [displayAsServed(), updateWithRecipients(), parse(fixture('Update-plain.html'))])
      expect(firstMatch(doc, rt.detect)?.variant).toBe(0);
    const zendesk = parse(readFileSync(join(FIXTURES, 'zendesk/index.html'), 'utf8'));
    expect(firstDeep(zendesk, rt.detect)).toBeNull();
  });

  it('reads the ticket on Display.html with its history: facts, and each message with its role', () => {
    const reading = readTicket(rt, DISPLAY_URL, displayWithHistory());
    expect(reading).toMatchObject({
      ticketId: '1',
      subject: SUBJECT,
      requesterName: 'Maria Lopez <maria.lopez@example.com>',
      requesterEmail: 'maria.lopez@example.com',
      priority: 'Low',
      status: 'open',
      composer: false,
      send: false,
    });
    const created = displayWithHistory().querySelector('.ticket-info-dates .created .current-value')!
      .textContent!;
    expect(reading.createdAt).toBe(Date.parse(created));
    expect(Number.isFinite(reading.createdAt)).toBe(true);
    // The customer's mail, then root's reply typed in RT's CKEditor (status changes and mail records are not messages).
    expect(reading.messages.map((m) => [m.role, m.author])).toEqual([
      ['customer', 'Maria Lopez <maria.lopez@example.com>'],
      ['agent', 'root (Enoch Root)'],
    ]);
    expect(reading.messages[0]!.body).toContain(`Please refund the card ${CARD}.`);
    expect(reading.messages[1]!.body).toBe(
      'Hi Maria, we have refunded order 4411; it will show on your statement within 5 days.',
    );
    for (const message of reading.messages) expect(Number.isFinite(message.at)).toBe(true);
    expect(reading.messages[0]!.at).toBeLessThanOrEqual(reading.messages[1]!.at!);
    expect(missingRequired(rt, displayWithHistory())).toEqual([]);
  });

  it('reads Display.html as served, before its history arrives: the facts, no messages, nothing missing', () => {
    const doc = displayAsServed();
    const reading = readTicket(rt, DISPLAY_URL, doc);
    expect(reading).toMatchObject({ ticketId: '1', subject: SUBJECT, status: 'open', messages: [] });
    expect(missingRequired(rt, doc)).toEqual([]);
  });

  it("reads Update.html: the reply's subject, the requester from the recipients preview, and CKEditor's body as the composer", () => {
    const doc = withCkeditor(updateWithRecipients(), `Card ${CARD}`);
    const reading = readTicket(rt, UPDATE_URL, doc);
    expect(reading).toMatchObject({
      ticketId: '1',
      subject: SUBJECT,
      requesterName: 'Maria Lopez <maria.lopez@example.com>',
      requesterEmail: 'maria.lopez@example.com',
      // Update.html shows neither, nor the history.
      priority: null,
      status: null,
      messages: [],
      composer: true,
      send: true,
    });
    const composer = firstMatch(doc, rt.selectors.composer)!;
    expect(composer.variant).toBe(0);
    expect(composer.element.tagName).toBe('BODY');
    expect(composer.element.textContent).toBe(`Card ${CARD}`);
    expect(firstDeep(doc, rt.selectors.send)?.getAttribute('value')).toBe('Update Ticket');
    expect(missingRequired(rt, doc)).toEqual([]);
  });

  it('never takes the textarea CKEditor hides for the composer: none until the editor is up', () => {
    const doc = updateWithRecipients();
    expect(doc.querySelector('textarea[name="UpdateContent"].richtext')).not.toBeNull();
    expect(firstDeep(doc, rt.selectors.composer)).toBeNull();
  });

  it('takes the plain textarea of $MessageBoxRichText = 0 for the composer', () => {
    const doc = parse(fixture('Update-plain.html'));
    const composer = firstMatch(doc, rt.selectors.composer)!;
    expect(composer.variant).toBe(1);
    expect(composer.element.getAttribute('name')).toBe('UpdateContent');
    expect(readTicket(rt, UPDATE_URL, doc)).toMatchObject({ ticketId: '1', subject: SUBJECT, send: true });
  });

  it('keeps the ticket view in the page itself (the DOM watcher waits for it), and requires only what every ticket page has', () => {
    for (const selector of rt.selectors.ticketView) expect(selector).not.toContain('>>>');
    expect(rt.required).toEqual(['ticketView', 'subject']);
    expect(firstMatch(displayAsServed(), rt.selectors.ticketView)?.variant).toBe(0);
    expect(firstMatch(updateWithRecipients(), rt.selectors.ticketView)?.variant).toBe(1);
  });
});
