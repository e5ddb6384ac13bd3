// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { SiteAdapter } from '../../../src/content/sites/adapter.ts';
import { firstMatch, queryAllDeep, queryDeep } from '../../../src/content/sites/query.ts';
import {
  readMessages,
  readText,
  readTicketFacts,
  readTicketId,
  readTime,
  urlLooksLikeTicket,
} from '../../../src/content/sites/read.ts';
import { readTicket } from '../../support/read-ticket.ts';

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('piercing queries', () => {
  it('step into open shadow roots with >>>, and keep plain selectors plain', () => {
    document.body.innerHTML = '<app-shell></app-shell><p class="x">light</p>';
    const shell = document.querySelector('app-shell')!.attachShadow({ mode: 'open' });
    shell.innerHTML = '<rich-text></rich-text><p class="x">in shell</p>';
    const editor = shell.querySelector('rich-text')!.attachShadow({ mode: 'open' });
    editor.innerHTML = '<div class="ql-editor" contenteditable="true">hello</div>';

    expect(queryDeep(document, 'app-shell >>> rich-text >>> .ql-editor')?.textContent).toBe('hello');
    expect(queryDeep(document, '.ql-editor')).toBeNull();
    expect(queryDeep(document, '.x')?.textContent).toBe('light');
    expect(queryAllDeep(document, 'app-shell >>> .x').map((e) => e.textContent)).toEqual(['in shell']);
  });

  it('say which variant matched, and never throw on an invalid selector', () => {
    document.body.innerHTML = '<div class="old-subject">S</div>';
    expect(firstMatch(document, ['[data-test-id="subject"]', '.old-subject'])?.variant).toBe(1);
    expect(firstMatch(document, ['[[[', '.old-subject'])?.variant).toBe(1);
    expect(firstMatch(document, ['.nothing'])).toBeNull();
  });
});

const mail: SiteAdapter = {
  id: 'mail',
  name: 'Mail',
  matches: ['https://mail.example.com/*'],
  ticketUrl: /#inbox\/([A-Za-z0-9]{8,})/,
  selectors: {
    ticketView: ['h2'],
    subject: ['h2'],
    requesterEmail: ['[data-message-id] span.gD[email]'],
    message: ['[data-message-id]'],
    messageTime: ['span.g3[title]'],
    composer: ['[contenteditable="true"]'],
  },
  messageRole: {
    attribute: 'email',
    on: 'span.gD',
    customer: ['$requesterEmail'],
    agent: [],
    otherwise: 'agent',
  },
};

describe('reading a ticket', () => {
  it('reads form values, hash routes, e-mail senders as roles and epoch/locale times', () => {
    document.body.innerHTML = `
      <h2>  Refund   please </h2>
      <div data-message-id="1"><span class="gD" email="Maria@Example.com">Maria</span><span class="g3" title="2026-11-20T09:15:00Z"></span></div>
      <div data-message-id="2"><span class="gD" email="agent@acme.example">Sam</span><span class="g3" title="2026-11-20T10:00:00Z"></span></div>
      <div data-message-id="3"><span class="gD" email="maria@example.com">Maria</span><span class="g3" title="oops"></span></div>
      <div contenteditable="true"></div>`;
    const url = 'https://mail.example.com/mail/u/0/#inbox/FMfcgzQXJWDs';
    expect(readTicketId(mail, url, document)).toBe('FMfcgzQXJWDs');
    expect(urlLooksLikeTicket(mail, url)).toBe(true);
    expect(urlLooksLikeTicket(mail, 'https://mail.example.com/mail/u/0/#inbox')).toBe(false);
    expect(readText(document, mail.selectors.subject)).toBe('Refund please');
    expect(readMessages(mail, document).map(({ role, at }) => [role, at])).toEqual([
      ['customer', Date.parse('2026-11-20T09:15:00Z')],
      ['agent', Date.parse('2026-11-20T10:00:00Z')],
      ['customer', null],
    ]);
    expect(readTicket(mail, url, document)).toMatchObject({
      requesterEmail: 'Maria@Example.com',
      composer: true,
    });
  });

  it('keeps the original readers working for attribute roles and <time> elements', () => {
    const demo: SiteAdapter = {
      id: 'demo',
      name: 'Demo',
      matches: [],
      ticketPath: /\/tickets\/(\d+)/,
      selectors: {
        ticketView: ['main'],
        priority: ['.p'],
        status: ['select'],
        createdAt: ['time.c'],
        message: ['article'],
        messageTime: ['time'],
      },
      messageRole: { attribute: 'data-role', customer: ['customer'], agent: ['agent'] },
    };
    document.body.innerHTML = `<main><span class="p">High</span>
      <select><option>Open</option><option selected>Pending</option></select>
      <time class="c" datetime="2026-11-20T09:15:00Z"></time>
      <article data-role="customer"><time datetime="2026-11-20T09:15:00Z"></time></article>
      <article data-role="agent"></article><input class="when" value="2026-11-20 09:15:00"></main>`;
    expect(readTicketFacts(demo, document)).toEqual({
      priority: 'High',
      status: 'Pending',
      channel: null,
      createdAt: Date.parse('2026-11-20T09:15:00Z'),
      messages: [
        { role: 'customer', at: Date.parse('2026-11-20T09:15:00Z') },
        { role: 'agent', at: null },
      ],
    });
    expect(readTicketId(demo, 'https://x.example/tickets/42', document)).toBe('42');
    expect(readTime(document.querySelector('input.when'))).toBe(Date.parse('2026-11-20 09:15:00'));
  });

  it('reads a message time shown relative to today, as Roundcube shows recent mail ("Today 14:03")', () => {
    document.body.innerHTML =
      '<table><tr><td class="header date">Today 14:03</td><td class="other">Today-ish</td></tr></table>';
    const today = new Date();
    expect(readTime(document.querySelector('td.date'))).toBe(
      new Date(today.getFullYear(), today.getMonth(), today.getDate(), 14, 3).getTime(),
    );
    expect(readTime(document.querySelector('td.other'))).toBeNull();
  });
});
