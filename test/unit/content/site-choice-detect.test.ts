// @vitest-environment happy-dom
/**
 * A custom site that names no adapter and brings no selectors: on its page, a self-hosted adapter whose `detect`
 * selectors match is used, with the site's own fields laid over it (the content script passes its document).
 */
import { describe, expect, it, vi } from 'vitest';
import type { SiteAdapter } from '../../../src/content/sites/adapter.ts';
import type { CustomSite } from '../../../src/core/settings/custom-site.ts';
import { defaultValues } from '../../../src/core/settings/definitions.ts';

const tracker: SiteAdapter = {
  id: 'tracker',
  name: 'Tracker',
  matches: [],
  detect: ['meta[name="generator"][content^="Tracker"]'],
  ticketUrl: /[?&]id=(\d+)/,
  selectors: { ticketView: ['#ticket'], subject: ['#ticket h1'], composer: ['#ticket textarea'] },
  required: ['ticketView', 'subject'],
};

vi.mock('../../../src/content/sites/index.ts', async (original) => ({
  ...(await original<typeof import('../../../src/content/sites/index.ts')>()),
  selfHostedAdapters: [tracker],
}));

const { chooseSite } = await import('../../../src/content/runtime/site-choice.ts');

const site: CustomSite = { id: 'support', name: 'Support desk', matches: ['https://support.acme.example/*'] };
const url = 'https://support.acme.example/Ticket/Display.html?id=7';
const values = { ...defaultValues(), 'sites.custom': [site] };

describe('a custom site without an adapter or selectors', () => {
  it('is read by the self-hosted adapter its page is recognised as', () => {
    document.head.innerHTML = '<meta name="generator" content="Tracker 5.0.5">';
    const adapter = chooseSite(url, values, undefined, document).adapter;
    expect(adapter).toMatchObject({ id: 'custom:support', name: 'Support desk', required: tracker.required });
    expect(adapter.selectors.subject).toEqual(['#ticket h1']);
    expect(adapter.ticketUrl).toBe(tracker.ticketUrl);
  });

  it('is the generic fallback with the site’s name where no self-hosted adapter recognises the page', () => {
    document.head.innerHTML = '<meta name="generator" content="Something else">';
    const adapter = chooseSite(url, values, undefined, document).adapter;
    expect(adapter.id).toBe('custom:support');
    expect(adapter.selectors.subject).toBeUndefined();
    // The reply box is the composer pipeline's generic search's to find.
    expect(adapter.selectors.composer).toBeUndefined();
  });

  it('is not detected when it brings selectors of its own', () => {
    document.head.innerHTML = '<meta name="generator" content="Tracker 5.0.5">';
    const own = { ...site, selectors: { composer: ['#mine'] } };
    const adapter = chooseSite(url, { ...values, 'sites.custom': [own] }, undefined, document).adapter;
    expect(adapter.selectors.subject).toBeUndefined();
    expect(adapter.selectors.composer).toEqual(['#mine']);
  });
});
