// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  CustomAdapterError,
  customAdapterFromDefinition,
  validateCustomAdapterDefinition,
} from '../../../src/content/sites/custom.ts';
import { compileLinearPattern } from '../../../src/core/linear-pattern.ts';
import { readTicket } from '../../support/read-ticket.ts';

const crm = {
  id: 'acme-crm',
  name: 'Acme CRM',
  matches: ['https://crm.acme.example/*'],
  ticketPath: '/cases/(\\d+)',
  selectors: {
    ticketView: ['#case'],
    subject: ['#case h1'],
    requesterEmail: ['#case .contact a'],
    priority: ['#case [data-field="priority"]'],
    message: ['#case .note'],
    messageTime: ['time'],
    composer: ['#case textarea.reply'],
    send: ['#case button.send'],
  },
  messageRole: { attribute: 'data-by', customer: ['contact'], agent: ['staff'] },
};

describe('custom adapters from settings', () => {
  it('become a working adapter that reads the in-house CRM', () => {
    const adapter = customAdapterFromDefinition(crm, compileLinearPattern);
    expect(adapter.id).toBe('custom:acme-crm');
    expect(adapter.required).toEqual(['composer']);
    document.body.innerHTML = `<div id="case"><h1>Broken invoice</h1><span data-field="priority">P2</span>
      <span class="contact"><a href="mailto:kim@example.net">Kim</a></span>
      <div class="note" data-by="contact"><time datetime="2026-11-20T09:00:00Z"></time></div>
      <div class="note" data-by="staff"><time datetime="2026-11-20T09:30:00Z"></time></div>
      <textarea class="reply"></textarea><button class="send">Send</button></div>`;
    expect(readTicket(adapter, 'https://crm.acme.example/cases/889', document)).toMatchObject({
      ticketId: '889',
      subject: 'Broken invoice',
      requesterEmail: 'kim@example.net',
      priority: 'P2',
      messages: [
        { role: 'customer', at: Date.parse('2026-11-20T09:00:00Z') },
        { role: 'agent', at: Date.parse('2026-11-20T09:30:00Z') },
      ],
      composer: true,
      send: true,
    });
  });

  it('without selectors, leave the reply box to the composer pipeline’s generic search, like the generic fallback', () => {
    const adapter = customAdapterFromDefinition({
      id: 'wiki',
      name: 'Wiki',
      matches: ['https://wiki.acme.example/*'],
    });
    // No selectors of its own: composerFor (test/unit/content/composer.test.ts) finds every visible editor.
    expect(adapter.selectors.composer).toBeUndefined();
    expect(adapter.selectors.send).toBeUndefined();
    expect(adapter.selectors.ticketView).toEqual([]);
  });

  it('refuse a bad definition with the path of every error', () => {
    const bad = {
      ...crm,
      id: 'Acme CRM',
      matches: ['crm.acme.example', '<all_urls>'],
      ticketPath: '/cases/\\d+',
      selectors: { ...crm.selectors, composer: ['#case textarea', 'div[[['], subjekt: ['h1'] },
      messageRole: { ...crm.messageRole, otherwise: 'nobody' },
    };
    const errors = validateCustomAdapterDefinition(bad);
    const paths = errors.map((error) => error.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/id',
        '/matches/0',
        '/matches/1',
        '/ticketPath',
        '/selectors/composer/1',
        '/selectors/subjekt',
        '/messageRole/otherwise',
      ]),
    );
    expect(errors.find((e) => e.path === '/ticketPath')?.message).toMatch(/capturing group/);
    expect(errors.find((e) => e.path === '/selectors/composer/1')?.message).toMatch(
      /not a valid CSS selector/,
    );
    expect(() => customAdapterFromDefinition(bad)).toThrow(CustomAdapterError);
    try {
      customAdapterFromDefinition(bad);
    } catch (error) {
      expect((error as CustomAdapterError).errors).toEqual(errors);
      expect((error as Error).message).toContain('/selectors/composer/1: not a valid CSS selector');
    }
  });

  it('catch rules that cannot work together', () => {
    expect(
      validateCustomAdapterDefinition({
        ...crm,
        selectors: { ...crm.selectors, ticketId: ['#case'], ticketView: ['app-root >>> #case'], send: [] },
        required: ['composer', 'send'],
      }),
    ).toEqual([
      { path: '/required/1', message: '"send" is required but has no selectors' },
      { path: '/ticketIdAttribute', message: 'selectors.ticketId needs the attribute that holds the id' },
      {
        path: '/selectors/ticketView',
        message: 'the ticket view must be in the page itself (no >>>), so Deskmate can wait for it',
      },
    ]);
  });
});
