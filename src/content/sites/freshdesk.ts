import type { SiteAdapter } from './adapter.ts';

/**
 * Freshdesk (Mint UI, `<sub>.freshdesk.com/a/tickets/<id>`), an Ember app with `data-test-*` hooks on its
 * ticket details and conversation components and Froala as the reply editor (sources: fixture SOURCES.md).
 */
export const freshdeskAdapter: SiteAdapter = {
  id: 'freshdesk',
  name: 'Freshdesk',
  matches: ['*://*.freshdesk.com/*'],
  ticketPath: /\/a\/tickets\/(\d+)/,
  selectors: {
    // The ticket details page; the Mint header class last.
    ticketView: ['[data-test-id="ticket-details"]', '.ticket-details-header'],
    subject: ['[data-test-id="ticket-subject"]', '.ticket-subject-heading'],
    requesterName: [
      '[data-test-id="requester-info"] [data-test-id="requester-name"]',
      '.requester-info .name',
    ],
    requesterEmail: [
      '[data-test-id="requester-info"] [data-test-id="requester-email"]',
      '.requester-info a[href^="mailto:"]',
    ],
    // Properties form on the right: the selected value of each power-select.
    priority: [
      '[data-test-id="ticket-properties"] [data-test-field="priority"] .ember-power-select-selected-item',
    ],
    status: [
      '[data-test-id="ticket-properties"] [data-test-field="status"] .ember-power-select-selected-item',
    ],
    createdAt: ['[data-test-id="ticket-created-at"] time', '.ticket-details-header time'],
    message: [
      '[data-test-id="conversation-list"] [data-test-conversation]',
      '.conversation-list .conversation',
    ],
    messageBody: ['[data-test-id="conversation-text"]', '.conversation-text'],
    messageAuthor: ['[data-test-id="conversation-user-name"]', '.user-name'],
    messageTime: ['time[datetime]'],
    // Froala's editable area in the reply editor.
    composer: [
      '[data-test-id="reply-editor"] .fr-element[contenteditable="true"]',
      '.redactor_editor[contenteditable="true"]',
    ],
    send: ['[data-test-id="send-and-set"]', '[data-test-id="reply-send"]'],
  },
  messageRole: { attribute: 'data-test-conversation', customer: ['incoming'], agent: ['outgoing', 'note'] },
  required: ['ticketView', 'subject', 'composer'],
};
