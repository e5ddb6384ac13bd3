import type { SiteAdapter } from './adapter.ts';

/**
 * The fallback for any enabled site no adapter knows (and for a known helpdesk whose adapter has drifted):
 * no ticket facts, but every textarea and contenteditable can still be guarded and written into.
 */
export const genericAdapter: SiteAdapter = {
  id: 'generic',
  name: 'Generic page',
  matches: [],
  selectors: {
    ticketView: [],
    composer: ['textarea', '[contenteditable="true"]', '[contenteditable=""]'],
    send: ['button[type="submit"]', 'input[type="submit"]'],
  },
};
