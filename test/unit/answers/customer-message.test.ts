// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { messageText } from '../../../src/content/answers/message-text.ts';
import { latestCustomerMessage, suggestionSource } from '../../../src/content/answers/variables.ts';
import type { SiteAdapter } from '../../../src/content/sites/adapter.ts';
import { demoAdapter } from '../../../src/content/sites/demo.ts';

beforeEach(() => {
  document.body.innerHTML = '';
});

/** An in-house CRM as an admin describes it: messages and authors, but no way to read who is who. */
const crm: SiteAdapter = {
  id: 'crm',
  name: 'In-house CRM',
  matches: ['https://crm.example.com/*'],
  selectors: {
    ticketView: ['#ticket'],
    subject: ['#ticket h1'],
    agentName: ['#me'],
    message: ['.msg'],
    messageBody: ['.body'],
    messageAuthor: ['.author'],
    composer: ['#reply textarea', '#reply [contenteditable="true"]'],
  },
};

const msg = (author: string, body: string, extra = '') =>
  `<div class="msg" ${extra}><span class="author">${author}</span><div class="body">${body}</div></div>`;

describe('latestCustomerMessage: never the agent’s text', () => {
  it('reads roles where the adapter tells them, keeping the message’s lines', () => {
    const demo = demoAdapter('127.0.0.1:5178');
    document.body.innerHTML = `
      <div data-demo="ticket-view"><div data-demo="conversation">
        <article data-demo="message" data-author-role="customer"><div data-demo="message-body"><p>Hi,</p><p>Where is my order?<br>Order NW-1</p></div></article>
        <article data-demo="message" data-author-role="agent"><div data-demo="message-body">Let me check.</div></article>
      </div></div>`;
    expect(latestCustomerMessage(demo, document)).toBe('Hi,\n\nWhere is my order?\nOrder NW-1');
  });

  it('without roles, takes the latest message not shown under the agent’s name, even after the agent replied', () => {
    document.body.innerHTML = `
      <div id="ticket"><h1>My parcel</h1><span id="me">Priya Nair</span>
        ${msg('Maya Thompson', 'Where is my parcel?')}
        ${msg('Priya Nair', 'It left our warehouse yesterday; the refund policy is …')}
        <div id="reply"><textarea></textarea></div>
      </div>`;
    expect(latestCustomerMessage(crm, document)).toBe('Where is my parcel?');
    expect(suggestionSource(crm, document)).toEqual({ text: 'Where is my parcel?', subject: 'My parcel' });
    // The agent.name setting names the agent when the page does not (or differently).
    document.querySelector('#me')!.remove();
    expect(latestCustomerMessage(crm, document)).toBe(
      'It left our warehouse yesterday; the refund policy is …',
    );
    expect(latestCustomerMessage(crm, document, { agentName: 'Priya' })).toBe('Where is my parcel?');
  });

  it('uses the same rule where a role rule exists but reads no message’s role', () => {
    const unreadable: SiteAdapter = {
      ...crm,
      messageRole: { attribute: 'data-kind', customer: ['inbound'], agent: ['outbound'] },
    };
    document.body.innerHTML = `
      <div id="ticket"><span id="me">Sam</span>
        ${msg('Maya', 'Can I exchange the boots?', 'data-kind="?"')}
        ${msg('Sam', 'Sure, which size?', 'data-kind="?"')}
        <div id="reply"><textarea></textarea></div>
      </div>`;
    expect(latestCustomerMessage(unreadable, document)).toBe('Can I exchange the boots?');
    // Where roles are read, an unreadable one counts unless the agent wrote it.
    document.querySelector('.msg')!.setAttribute('data-kind', 'inbound');
    document.querySelectorAll('.msg')[1]!.setAttribute('data-kind', 'outbound');
    expect(latestCustomerMessage(unreadable, document)).toBe('Can I exchange the boots?');
  });

  it('takes only messages above the composer, and never the composer or what holds it', () => {
    document.body.innerHTML = `
      <div id="ticket">
        ${msg('Maya', 'Where is my parcel?')}
        <div class="msg"><span class="author">Draft</span><div class="body"></div>
          <div id="reply"><div contenteditable="true">Dear Maya, your refund is on its way</div></div>
        </div>
        ${msg('Template preview', 'Refund timeline after a return')}
      </div>`;
    expect(latestCustomerMessage(crm, document)).toBe('Where is my parcel?');
  });

  it('suggests from nothing when no message can be read, whatever the composer holds', () => {
    document.body.innerHTML = `<div id="ticket"><div id="reply"><textarea>When will I get my refund?</textarea></div></div>`;
    document.querySelector('textarea')!.value = 'When will I get my refund?';
    expect(latestCustomerMessage(crm, document)).toBeUndefined();
    expect(suggestionSource(crm, document)).toBeUndefined();
    const generic: SiteAdapter = { ...crm, selectors: { ticketView: [], composer: ['textarea'] } };
    expect(latestCustomerMessage(generic, document)).toBeUndefined();
  });

  it('reads a customer who is also named like the agent only by role, where roles are known', () => {
    const demo = demoAdapter('127.0.0.1:5178');
    document.body.innerHTML = `
      <div data-demo="ticket-view"><span data-demo="agent-name">Sam Lee</span><div data-demo="conversation">
        <article data-demo="message" data-author-role="customer"><span data-demo="message-author">Sam Lee</span><div data-demo="message-body">Where is my order?</div></article>
      </div></div>`;
    expect(latestCustomerMessage(demo, document)).toBe('Where is my order?');
  });
});

describe('messageText: lines as the page shows them', () => {
  const read = (html: string) => {
    document.body.innerHTML = `<div id="m">${html}</div>`;
    return messageText(document.querySelector('#m')!);
  };

  it('breaks lines at blocks and <br>, quotes <blockquote> with "> ", and drops marked signatures', () => {
    expect(
      read(
        '<div>Hi team,</div><div><br></div><div>When will I get my <b>refund</b>?</div>' +
          '<div class="gmail_signature">Maya Thompson<br>+49 151 23456789</div>' +
          '<div class="gmail_quote"><div class="gmail_attr">On Mon, Sam wrote:<br></div>' +
          '<blockquote>Your return arrived.<blockquote>Older</blockquote></blockquote></div>',
      ),
    ).toBe('Hi team,\n\nWhen will I get my refund?\nOn Mon, Sam wrote:\n> Your return arrived.\n> > Older');
  });

  it('keeps the newlines of pre-formatted text', () => {
    expect(read('<pre>Hi,\nwhere is my order?\n\n-- \nMaya</pre>')).toBe(
      'Hi,\nwhere is my order?\n\n--\nMaya',
    );
  });

  it('keeps what the customer wrote below a long quote within the first 20,000 characters', () => {
    const quote = `<blockquote>${'<p>Old text of the earlier mail.</p>'.repeat(2000)}</blockquote>`;
    const text = read(`${quote}<p>Thanks. Where is my parcel?</p>`);
    expect(text.length).toBeLessThan(2000);
    expect(text.slice(0, 20_000)).toContain('Where is my parcel?');
  });

  it('reads elements nested thousands deep without overflowing the stack', () => {
    const depth = 5000;
    expect(read(`${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}`)).toBe('deep');
  });
});
