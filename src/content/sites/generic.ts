import type { SiteAdapter } from './adapter.ts';

/**
 * The fallback for any enabled site no adapter knows: no ticket facts, and no selectors of its own. The reply box
 * and its send controls are found by the composer pipeline's generic search (src/content/runtime/composer.ts):
 * every visible editor, in frames and shadow roots too, the one the agent is in first.
 */
export const genericAdapter: SiteAdapter = {
  id: 'generic',
  name: 'Generic page',
  matches: [],
  selectors: {
    ticketView: [],
  },
};
