// @vitest-environment happy-dom
/**
 * The demo as the extension's site adapter sees it: the markup contract, SPA navigation, and what sending does.
 * (The same flows run in a real Chromium in demo/check-in-chromium.ts.)
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../demo/src/app.tsx';
import { createSeedTickets } from '../../../demo/src/tickets.ts';

let root: HTMLElement;
const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector);
const $$ = (selector: string) => [...document.querySelectorAll<HTMLElement>(selector)];
const textOf = (selector: string) => $(selector)?.textContent ?? null;

async function start(path = '/'): Promise<void> {
  history.replaceState(null, '', path);
  root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<App initialTickets={createSeedTickets()} />, root));
}

async function openTicket(id: number): Promise<void> {
  const link = $(`[data-demo="ticket-list"] a[data-demo="ticket-link"][data-ticket-id="${id}"]`);
  if (!link) throw new Error(`no link to ticket ${id} in the list`);
  await act(() => {
    link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 }));
  });
}

async function typeReply(text: string): Promise<void> {
  const editor = window.demoEditor;
  if (!editor) throw new Error('window.demoEditor is not exposed');
  await act(() => editor.view.dispatch(editor.view.state.tr.insertText(text)));
}

async function typeBold(text: string): Promise<void> {
  const { view } = window.demoEditor!;
  const strong = view.state.schema.marks.strong!;
  await act(() => view.dispatch(view.state.tr.addStoredMark(strong.create()).insertText(text)));
}

async function submitReply(): Promise<void> {
  await act(() => $<HTMLFormElement>('form[data-demo="reply-form"]')!.requestSubmit());
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await act(() => render(null, root));
  root.remove();
});

describe('the demo helpdesk', () => {
  it('opens the first ticket of the queue at its own URL', () => {
    expect(location.pathname).toBe('/agent/tickets/1042');
    expect($('[data-demo="ticket-view"]')?.dataset.ticketId).toBe('1042');
    expect(document.title).toContain('#1042');
  });

  it('shows the ticket fields where the site adapter looks for them', () => {
    expect(textOf('[data-demo="agent-name"]')).toBe('Sam Rivera');
    expect(textOf('[data-demo="ticket-subject"]')).toBe(
      'Where is my order? It was supposed to arrive Friday',
    );
    expect(textOf('[data-demo="requester-name"]')).toBe('Maya Thompson');
    expect(textOf('[data-demo="requester-email"]')).toBe('maya.thompson@example.com');
    expect(textOf('[data-demo="ticket-priority"]')).toBe('Normal');
    expect(textOf('[data-demo="ticket-status"]')).toBe('Open');
    expect(textOf('[data-demo="ticket-channel"]')).toBe('Email');
    const created = $('time[data-demo="ticket-created"]')?.getAttribute('datetime') ?? '';
    expect(Number.isNaN(Date.parse(created))).toBe(false);
    expect($('[data-demo="composer"] .ProseMirror[contenteditable]')).not.toBeNull();
    expect($('form[data-demo="reply-form"] button[data-demo="send"]')).not.toBeNull();
  });

  it('renders the conversation as articles with author, role, time and body', () => {
    const messages = $$('[data-demo="conversation"] article[data-demo="message"]');
    expect(messages.map((message) => message.dataset.authorRole)).toEqual(['customer', 'agent', 'customer']);
    for (const message of messages) {
      expect(message.querySelector('[data-demo="message-author"]')?.textContent).toBeTruthy();
      expect(message.querySelector('time[data-demo="message-time"]')?.getAttribute('datetime')).toBeTruthy();
      expect(message.querySelector('[data-demo="message-body"]')?.textContent).toBeTruthy();
    }
  });

  it('switches ticket without a page load, replacing the whole ticket view', async () => {
    const before = $('[data-demo="ticket-view"]');
    await typeReply('Draft for Maya');
    await openTicket(1046);
    expect(location.pathname).toBe('/agent/tickets/1046');
    expect(before?.isConnected).toBe(false);
    expect($('[data-demo="ticket-view"]')?.dataset.ticketId).toBe('1046');
    expect(textOf('[data-demo="requester-name"]')).toBe('Robert Hughes');
    expect(window.demoEditor?.getText()).toBe('');
    expect($('a[data-ticket-id="1046"]')?.getAttribute('aria-current')).toBe('page');
  });

  it('shows no priority element for a ticket without a priority', async () => {
    await openTicket(1048);
    expect($('[data-demo="ticket-priority"]')).toBeNull();
  });

  it('appends the reply as Sam Rivera, clears the composer and opens a New ticket on send', async () => {
    await openTicket(1044);
    expect(textOf('[data-demo="ticket-status"]')).toBe('New');
    const count = $$('article[data-demo="message"]').length;

    await typeReply('A new rain fly is on its way. ');
    await typeBold('No need to return the tent.');
    await submitReply();

    const messages = $$('article[data-demo="message"]');
    expect(messages).toHaveLength(count + 1);
    const reply = messages.at(-1)!;
    expect(reply.dataset.authorRole).toBe('agent');
    expect(reply.querySelector('[data-demo="message-author"]')?.textContent).toBe('Sam Rivera');
    const body = reply.querySelector('[data-demo="message-body"]');
    expect(body?.textContent).toBe('A new rain fly is on its way. No need to return the tent.');
    expect(body?.querySelector('strong')?.textContent).toBe('No need to return the tent.');
    expect(textOf('[data-demo="ticket-status"]')).toBe('Open');
    expect(window.demoEditor?.getText()).toBe('');
  });

  it('keeps a sent reply when the agent comes back to the ticket', async () => {
    await typeReply('Unlocked your account.');
    await submitReply();
    await openTicket(1047);
    await openTicket(1042);
    expect($$('article[data-demo="message"]').at(-1)?.textContent).toContain('Unlocked your account.');
  });

  it('sends nothing while the composer is empty', async () => {
    const count = $$('article[data-demo="message"]').length;
    expect($<HTMLButtonElement>('button[data-demo="send"]')?.disabled).toBe(true);
    await submitReply();
    expect($$('article[data-demo="message"]')).toHaveLength(count);
  });

  it('filters the queue from the search box, leaving the open ticket alone', async () => {
    const search = $<HTMLInputElement>('input[type="search"]')!;
    search.value = 'tent';
    await act(() => {
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const listed = $$('a[data-demo="ticket-link"]').map((link) => link.dataset.ticketId);
    expect(listed).toEqual(['1042', '1044']);
    expect($('[data-demo="ticket-view"]')?.dataset.ticketId).toBe('1042');
  });

  it('says so when a ticket does not exist', async () => {
    await act(() => render(null, root));
    await start('/agent/tickets/9999');
    expect($('[data-demo="ticket-view"]')).toBeNull();
    expect(document.body.textContent).toContain('Ticket not found');
  });
});
