import type { SiteAdapter } from './adapter.ts';

/**
 * Gorgias (`<sub>.gorgias.com/app/ticket/<id>`), a React app whose reply editor is Draft.js. Few stable hooks are
 * public: ARIA labels first, then the Draft.js editor classes, which Draft.js itself guarantees.
 */
export const gorgiasAdapter: SiteAdapter = {
  id: 'gorgias',
  name: 'Gorgias',
  matches: ['https://*.gorgias.com/*'],
  ticketPath: /\/app\/ticket\/(\d+)/,
  selectors: {
    ticketView: ['[data-testid="ticket-view"]', 'main [aria-label="Ticket"]'],
    subject: ['[data-testid="ticket-subject"] input', 'input[aria-label="Ticket subject"]'],
    requesterName: ['[data-testid="customer-name"]', '[aria-label="Customer"] h3'],
    requesterEmail: ['[data-testid="customer-channel-email"]', '[aria-label="Customer"] a[href^="mailto:"]'],
    priority: ['[data-testid="ticket-priority"]'],
    status: ['[data-testid="ticket-status"]'],
    channel: ['[data-testid="ticket-channel"][data-channel]'],
    createdAt: ['[data-testid="ticket-message"]:first-of-type time[datetime]'],
    message: ['[data-testid="ticket-message"]'],
    messageBody: ['[data-testid="message-body"]'],
    messageAuthor: ['[data-testid="message-author"]'],
    messageTime: ['time[datetime]'],
    // Draft.js's editable root.
    composer: [
      '[data-testid="reply-editor"] .public-DraftEditor-content[contenteditable="true"]',
      '.public-DraftEditor-content[contenteditable="true"]',
    ],
    send: ['[data-testid="submit-button"]', 'button[aria-label="Send"]'],
  },
  messageRole: { attribute: 'data-from-agent', customer: ['false'], agent: ['true'] },
  required: ['ticketView', 'subject', 'composer'],
};
