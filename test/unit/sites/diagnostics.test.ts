// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  driftMessage,
  missingRequired,
  siteDiagnostics,
  urlShape,
} from '../../../src/content/sites/diagnostics.ts';
import { zendeskAdapter } from '../../../src/content/sites/zendesk.ts';

describe('URL shapes', () => {
  it.each([
    ['https://acme.zendesk.com/agent/tickets/1042', '/agent/tickets/:id'],
    [
      'https://acme.lightning.force.com/lightning/r/Case/500Hs00001XyZaAIAV/view',
      '/lightning/r/Case/:id/view',
    ],
    ['https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKjBXmNnmPpbzJQlqhCWC', '/mail/u/:id/#inbox/:id'],
    ['https://crm.example/customers/maria.lopez%40example.com/cases?q=secret', '/customers/:id/cases'],
    ['https://app.frontapp.com/open/cnv_9kx1a2b', '/open/:id'],
  ])('%s → %s', (url, shape) => {
    expect(urlShape(url)).toBe(shape);
  });
});

const page = (composer: string) => `
  <input data-test-id="omni-header-subject" value="Refund for Maria Lopez">
  <div data-test-id="omni-log-container">
    <article data-test-id="omni-log-comment-item" data-author-type="end-user"><strong data-test-id="omni-log-item-sender">Maria Lopez</strong>
      <time data-test-id="timestamp-relative" datetime="2026-11-20T09:15:00Z"></time><div data-test-id="omni-log-message-content">maria@example.com</div></article>
    <article data-test-id="omni-log-comment-item" data-author-type="agent"><time data-test-id="timestamp-relative" datetime="2026-11-20T10:00:00Z"></time></article>
  </div>
  <a data-test-id="customer-context-user-email" href="mailto:maria@example.com">maria@example.com</a>
  ${composer}`;

describe('drift and diagnostics', () => {
  it('names the missing required parts the way agents read them', () => {
    document.body.innerHTML = page('<div class="new-editor" contenteditable="true"></div>');
    expect(missingRequired(zendeskAdapter, document)).toEqual(['composer']);
    expect(driftMessage(zendeskAdapter, ['composer'])).toBe('Zendesk adapter: composer not found');
    expect(driftMessage(zendeskAdapter, ['ticketView', 'subject', 'composer'])).toBe(
      'Zendesk adapter: ticket view, subject and composer not found',
    );
    document.body.innerHTML = page(
      '<div data-test-id="omnicomposer-rich-text-ckeditor" contenteditable="true"></div>',
    );
    expect(missingRequired(zendeskAdapter, document)).toEqual([]);
  });

  it('reports variants and counts, and none of the page data', () => {
    document.body.innerHTML = page('<div class="new-editor" contenteditable="true"></div>');
    const url = 'https://acme.zendesk.com/agent/tickets/73501';
    const report = siteDiagnostics(
      zendeskAdapter,
      url,
      document,
      '1.2.3',
      (p) => p === '*://*.zendesk.com/*',
    );
    expect(report).toMatchObject({
      deskmate: '1.2.3',
      adapter: 'zendesk',
      pattern: '*://*.zendesk.com/*',
      path: '/agent/tickets/:id',
      ticketPage: true,
      ticketIdFound: true,
      missingRequired: ['composer'],
      messages: { count: 2, customer: 1, agent: 1, withTime: 2 },
      composers: 0,
    });
    expect(report.fields.subject).toEqual({
      variant: 0,
      variants: 2,
      selector: 'input[data-test-id="omni-header-subject"]',
    });
    expect(report.fields.composer).toEqual({ variant: null, variants: 4 });
    expect(report.fields.messageTime).toMatchObject({ variant: 0 });
    const json = JSON.stringify(report);
    for (const secret of ['Maria', 'maria@example.com', '73501', 'Refund', 'acme'])
      expect(json).not.toContain(secret);
  });
});
