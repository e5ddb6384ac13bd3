// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"handleDisabledFileLoadingAsSuccess": true}}
/**
 * The Roundcube adapter against pages captured from the real app (test/fixtures/sites/roundcube, see its README):
 * recognised by `detect` and nothing else is, the mail's UID read from the URLs Roundcube uses, the ticket's facts
 * read from the message view, the preview pane's frame and the reply page with TinyMCE loaded.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missingRequired, requiredFields, siteDiagnostics } from '../../../src/content/sites/diagnostics.ts';
import { selfHostedAdapters, siteAdapters } from '../../../src/content/sites/index.ts';
import { firstDeep } from '../../../src/content/sites/query.ts';
import { readTicketId, urlLooksLikeTicket } from '../../../src/content/sites/read.ts';
import { roundcubeAdapter } from '../../../src/content/sites/roundcube.ts';
import { readTicket } from '../../support/read-ticket.ts';

// A path, not a URL: happy-dom's URL class replaces Node's, and readFileSync refuses it.
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/sites');
const ORIGIN = 'https://webmail.acme.example';
const SHOW_URL = `${ORIGIN}/?_task=mail&_action=show&_uid=2&_mbox=INBOX`;
const PREVIEW_URL = `${ORIGIN}/?_task=mail&_caps=pdf%3D1&_uid=2&_mbox=INBOX&_framed=1&_action=preview`;
const LIST_URL = `${ORIGIN}/?_task=mail&_mbox=INBOX`;
const COMPOSE_URL = `${ORIGIN}/?_task=mail&_action=compose&_id=10848473006b167da4ac269`;

const SUBJECT = 'Card declined when paying for order 5120';
const CARD = '4111 1111 1111 1111';

function page(name: string): Document {
  const html = readFileSync(join(FIXTURES, 'roundcube', name), 'utf8');
  return new DOMParser().parseFromString(html, 'text/html');
}

/** A page whose same-origin frame holds another captured document (the live frame's document, as captured). */
function withFrame(name: string, frameSelector: string, frameName: string): Document {
  const doc = page(name);
  const frame = doc.querySelector(frameSelector);
  if (!frame) throw new Error(`${name} has no ${frameSelector}`);
  Object.defineProperty(frame, 'contentDocument', { value: page(frameName) });
  return doc;
}

/** What `new Date(…)` makes of Roundcube's `date_long` text, in the reader's (the agent's) time zone. */
const local = (text: string) => Date.parse(text);

describe('the Roundcube adapter', () => {
  it('is self-hosted: no match patterns, in selfHostedAdapters only, waiting for a ticket view in the page itself', () => {
    expect(roundcubeAdapter.matches).toEqual([]);
    expect(selfHostedAdapters).toContain(roundcubeAdapter);
    expect(siteAdapters).not.toContain(roundcubeAdapter);
    for (const selector of roundcubeAdapter.selectors.ticketView) expect(selector).not.toContain('>>>');
  });

  it('is detected on every captured Roundcube page, and on no other fixture page', () => {
    for (const name of ['show.html', 'preview.html', 'list.html', 'compose.html', 'compose-tinymce.html'])
      expect(firstDeep(page(name), roundcubeAdapter.detect), name).not.toBeNull();
    // Every other fixture page: the SaaS helpdesks' index.html, and each page captured from another real app.
    const others = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'roundcube')
      .flatMap((entry) =>
        readdirSync(join(FIXTURES, entry.name))
          .filter((file) => file.endsWith('.html'))
          .map((file) => `${entry.name}/${file}`),
      );
    expect(others.length).toBeGreaterThan(5);
    for (const other of others) {
      const doc = new DOMParser().parseFromString(readFileSync(join(FIXTURES, other), 'utf8'), 'text/html');
      expect(firstDeep(doc, roundcubeAdapter.detect), other).toBeNull();
    }
  });

  it.each([
    [SHOW_URL, '2'],
    [PREVIEW_URL, '2'],
    [`${ORIGIN}/roundcube/?_task=mail&_uid=731&_mbox=Support%2FBilling&_action=show`, '731'],
    // Reply and reply-all, before Roundcube's redirect.
    [`${ORIGIN}/?_task=mail&_reply_uid=2&_mbox=INBOX&_action=compose`, '2'],
    [`${ORIGIN}/?_task=mail&_action=compose&_reply_uid=2&_mbox=INBOX&_all=all`, '2'],
    // After it: the compose id is all the page has.
    [COMPOSE_URL, '10848473006b167da4ac269'],
  ])('reads the ticket id from %s', (url, id) => {
    const nothing = { querySelector: () => null } as unknown as ParentNode;
    expect(urlLooksLikeTicket(roundcubeAdapter, url)).toBe(true);
    expect(readTicketId(roundcubeAdapter, url, nothing)).toBe(id);
  });

  it.each([
    LIST_URL,
    `${ORIGIN}/?_task=settings&_action=edit-identity&_iid=1`,
    `${ORIGIN}/?_task=addressbook&_action=show&_source=0&_cid=4`,
    `${ORIGIN}/?_task=mail&_action=compose`,
  ])('finds no ticket id in %s', (url) => {
    expect(urlLooksLikeTicket(roundcubeAdapter, url)).toBe(false);
  });

  it('reads the message view: the customer, the mail with its author and time, no composer', () => {
    const doc = page('show.html');
    const reading = readTicket(roundcubeAdapter, SHOW_URL, doc);
    expect(reading).toMatchObject({
      ticketId: '2',
      requesterName: 'Tom Becker',
      requesterEmail: 'tom.becker@example.org',
      createdAt: local('2025-11-25 14:03'),
      priority: null,
      status: null,
      composer: false,
      send: false,
    });
    expect(reading.subject).toContain(SUBJECT);
    expect(reading.messages).toHaveLength(1);
    expect(reading.messages[0]).toMatchObject({
      role: 'customer',
      author: 'Tom Becker',
      at: local('2025-11-25 14:03'),
    });
    // The body is the mail as Roundcube shows it, quote included; not the headers.
    expect(reading.messages[0]!.body).toContain(`the same card as last time: ${CARD}`);
    expect(reading.messages[0]!.body).toContain('Hello Tom,');
    expect(reading.messages[0]!.body).not.toContain('Add to address book');
    expect(requiredFields(roundcubeAdapter, SHOW_URL)).toEqual([
      'ticketView',
      'subject',
      'requesterEmail',
      'message',
      'messageBody',
    ]);
    expect(missingRequired(roundcubeAdapter, doc, SHOW_URL)).toEqual([]);
    // The reply page's editor is not required here.
    expect(missingRequired(roundcubeAdapter, doc, COMPOSE_URL)).toEqual(['composer', 'send']);
  });

  // Roundcube's h2.subject also holds "Subject: " for screen readers and the "Open in new window" link; a selector
  // cannot leave them out, and src/content/sites/read.ts reads an element's whole textContent.
  it('reads the subject alone on the message view (the reader leaves out the screen-reader label and the link)', () => {
    expect(readTicket(roundcubeAdapter, SHOW_URL, page('show.html')).subject).toBe(SUBJECT);
  });

  // siteDiagnostics reads the requester's address its own way (an `email`/`data-email` attribute, else the text),
  // not as read.ts's readEmail does (also a mailto: href): Roundcube's sender link says "Tom Becker", its href the
  // address, so "Copy site diagnostics" counts the customer's mail as the agent's.
  it('counts the mail as the customer’s in the site diagnostics, as the reader does', () => {
    const report = siteDiagnostics(roundcubeAdapter, SHOW_URL, page('show.html'), 'test');
    expect(report.messages).toEqual({ count: 1, customer: 1, agent: 0, withTime: 1 });
  });

  it('reads the preview page itself, and through the message list’s preview frame', () => {
    const preview = readTicket(roundcubeAdapter, PREVIEW_URL, page('preview.html'));
    expect(preview).toMatchObject({ ticketId: '2', requesterEmail: 'tom.becker@example.org' });
    expect(preview.messages.map((m) => [m.role, m.author])).toEqual([['customer', 'Tom Becker']]);

    const list = withFrame('list.html', 'iframe#messagecontframe', 'preview.html');
    // The list page is no ticket (its URL names no mail), but the mail in its preview frame is read.
    expect(urlLooksLikeTicket(roundcubeAdapter, LIST_URL)).toBe(false);
    expect(firstDeep(list, roundcubeAdapter.selectors.ticketView)).toBeNull();
    const messages = readTicket(roundcubeAdapter, LIST_URL, list).messages;
    expect(messages.map((m) => [m.role, m.author, m.at])).toEqual([
      ['customer', 'Tom Becker', local('2025-11-25 14:03')],
    ]);
    expect(messages[0]!.body).toContain(CARD);
  });

  it('reads the reply page with TinyMCE: the recipient as requester, the subject field, the editor in its frame, Send', () => {
    const doc = withFrame('compose-tinymce.html', 'iframe#composebody_ifr', 'compose-tinymce-frame.html');
    const reading = readTicket(roundcubeAdapter, COMPOSE_URL, doc);
    expect(reading).toMatchObject({
      ticketId: '10848473006b167da4ac269',
      subject: `Re: ${SUBJECT}`,
      requesterName: 'Tom Becker',
      requesterEmail: 'tom.becker@example.org',
      messages: [],
      composer: true,
      send: true,
    });
    const composer = firstDeep(doc, roundcubeAdapter.selectors.composer)!;
    expect(composer.id).toBe('tinymce');
    expect(composer.getAttribute('contenteditable')).toBe('true');
    // The quote of the customer's mail is in the reply itself, card number and all.
    expect(composer.textContent).toContain(CARD);
    expect(firstDeep(doc, roundcubeAdapter.selectors.send)?.textContent?.trim()).toBe('Send');
    expect(missingRequired(roundcubeAdapter, doc, COMPOSE_URL)).toEqual([]);
  });

  it('falls back to the textarea before TinyMCE loads (or with HTML compose off)', () => {
    const doc = page('compose.html');
    const reading = readTicket(roundcubeAdapter, COMPOSE_URL, doc);
    expect(firstDeep(doc, roundcubeAdapter.selectors.composer)?.matches('textarea#composebody')).toBe(true);
    expect(reading).toMatchObject({
      subject: `Re: ${SUBJECT}`,
      requesterEmail: 'tom.becker@example.org',
      composer: true,
      send: true,
    });
  });
});
