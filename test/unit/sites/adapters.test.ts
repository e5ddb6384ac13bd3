import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adapterMatchesUrl, compileMatchPattern } from '../../../src/content/sites/adapter.ts';
import { siteAdapters, siteMatchPatterns } from '../../../src/content/sites/index.ts';
import { readTicketId, urlLooksLikeTicket } from '../../../src/content/sites/read.ts';
import { adapterForUrl } from '../../support/adapter-for-url.ts';

const FIXTURES = new URL('../../fixtures/sites/', import.meta.url);

/** Real ticket URLs of each helpdesk, and the ticket id an agent knows the ticket by. */
const TICKET_URLS: Array<[string, string, string | undefined]> = [
  ['zendesk', 'https://acme.zendesk.com/agent/tickets/73501', '73501'],
  ['freshdesk', 'https://acme.freshdesk.com/a/tickets/4411', '4411'],
  [
    'salesforce',
    'https://acme.lightning.force.com/lightning/r/Case/500Hs00001XyZaAIAV/view',
    '500Hs00001XyZaAIAV',
  ],
  ['intercom', 'https://app.intercom.com/a/inbox/k9x2/inbox/shared/all/conversation/215468891', '215468891'],
  ['hubspot', 'https://app.hubspot.com/help-desk/44556677/view/1234/ticket/9876543210', '9876543210'],
  ['helpscout', 'https://secure.helpscout.net/conversation/2876543210/4410', '4410'],
  ['gorgias', 'https://acme.gorgias.com/app/ticket/31337001', '31337001'],
  [
    'servicenow',
    'https://acme.service-now.com/now/sow/record/incident/9d385017c611228701d22104cc95c371',
    '9d385017c611228701d22104cc95c371',
  ],
  [
    'servicenow',
    'https://acme.service-now.com/incident.do?sys_id=9d385017c611228701d22104cc95c371',
    '9d385017c611228701d22104cc95c371',
  ],
  ['front', 'https://app.frontapp.com/open/cnv_9kx1a2b', 'cnv_9kx1a2b'],
  ['zoho', 'https://desk.zoho.eu/agent/acme/care/tickets/details/7001000000123457', '7001000000123457'],
  [
    'gmail',
    'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKjBXmNnmPpbzJQlqhCWC',
    'FMfcgzQXJWDsKjBXmNnmPpbzJQlqhCWC',
  ],
  [
    'gmail',
    'https://mail.google.com/mail/u/1/#label/VIP/FMfcgzQXJWDsKjBXmNnmPpbzJQlqhCWC',
    'FMfcgzQXJWDsKjBXmNnmPpbzJQlqhCWC',
  ],
  [
    'outlook',
    'https://outlook.office.com/mail/inbox/id/AAQkADAwATM3ZmYAZS1lYmE4LTk0AAQAL5Yp7kX2',
    'AAQkADAwATM3ZmYAZS1lYmE4LTk0AAQAL5Yp7kX2',
  ],
  ['outlook', 'https://outlook.live.com/mail/0/inbox/id/AAQkADAw%2BATM3', 'AAQkADAw+ATM3'],
];

describe('the helpdesk adapters', () => {
  it.each(TICKET_URLS)('%s claims %s and reads ticket %s from it', (id, url, ticketId) => {
    const adapter = adapterForUrl(url);
    expect(adapter.id).toBe(id);
    expect(urlLooksLikeTicket(adapter, url)).toBe(true);
    // No DOM: only the URL can say (Zoho prefers the number on the page, read in the browser tests).
    expect(readTicketId(adapter, url, { querySelector: () => null } as unknown as ParentNode)).toBe(ticketId);
  });

  it('do not claim look-alike hosts, and leave list views as "not a ticket"', () => {
    expect(adapterForUrl('https://zendesk.com.evil.example/agent/tickets/1').id).toBe('generic');
    expect(adapterForUrl('https://mail.google.com.evil.example/mail/').id).toBe('generic');
    const zendesk = adapterForUrl('https://acme.zendesk.com/agent/filters/123');
    expect(zendesk.id).toBe('zendesk');
    expect(urlLooksLikeTicket(zendesk, 'https://acme.zendesk.com/agent/filters/123')).toBe(false);
    expect(
      urlLooksLikeTicket(
        adapterForUrl('https://mail.google.com/'),
        'https://mail.google.com/mail/u/0/#inbox',
      ),
    ).toBe(false);
  });

  it('each know how to find the ticket view, subject and composer, and require them', () => {
    for (const adapter of siteAdapters) {
      expect(adapter.selectors.ticketView.length, adapter.id).toBeGreaterThan(0);
      expect(adapter.selectors.subject?.length, adapter.id).toBeGreaterThan(0);
      expect(adapter.selectors.composer?.length, adapter.id).toBeGreaterThan(0);
      expect(adapter.selectors.send?.length, adapter.id).toBeGreaterThan(0);
      expect(adapter.required, adapter.id).toEqual(
        expect.arrayContaining(['ticketView', 'subject', 'composer']),
      );
      // The ticket view is what the shared DOM watcher waits for: it must be in the page itself, not behind >>>.
      for (const selector of adapter.selectors.ticketView) expect(selector, adapter.id).not.toContain('>>>');
      for (const pattern of adapter.matches) expect(() => compileMatchPattern(pattern)).not.toThrow();
    }
  });

  it('are all in the manifest, and no two claim the same URL', () => {
    const patterns = siteMatchPatterns();
    for (const adapter of siteAdapters)
      for (const pattern of adapter.matches) expect(patterns).toContain(pattern);
    for (const [, url] of TICKET_URLS)
      expect(siteAdapters.filter((adapter) => adapterMatchesUrl(adapter, url))).toHaveLength(1);
  });

  it('each have a fixture page with its sources noted', () => {
    for (const adapter of siteAdapters.filter((a) => a.id !== 'demo')) {
      const dir = new URL(`${adapter.id}/`, FIXTURES);
      expect(existsSync(new URL('index.html', dir)), adapter.id).toBe(true);
      const sources = readFileSync(new URL('SOURCES.md', dir), 'utf8');
      expect(sources, adapter.id).toMatch(/https?:\/\/|github\.com/);
    }
  });
});
