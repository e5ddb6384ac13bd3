import type { SiteAdapter } from './adapter.ts';

/**
 * Zendesk Agent Workspace (`<sub>.zendesk.com/agent/tickets/<id>`). Zendesk puts `data-test-id`s on its
 * Garden/React components; public userscripts and extensions that integrate with the workspace select these
 * (sources in test/fixtures/sites/zendesk/SOURCES.md).
 */
export const zendeskAdapter: SiteAdapter = {
  id: 'zendesk',
  name: 'Zendesk',
  matches: ['*://*.zendesk.com/*'],
  ticketPath: /\/agent\/tickets\/(\d+)/,
  selectors: {
    // The conversation log of the open ticket; the older pane class last.
    ticketView: ['[data-test-id="omni-log-container"]', '.omni-conversation-pane'],
    // The subject is an input in the ticket header.
    subject: ['input[data-test-id="omni-header-subject"]', 'input[aria-label="Subject"]'],
    // The requester field's selected value (a Garden tag), then the whole field.
    requesterName: [
      '[data-test-id="ticket-system-field-requester-select"] [data-garden-id="tags.tag_view"]',
      '[data-test-id="ticket-system-field-requester-select"]',
    ],
    // The customer context panel shows the requester's e-mail as a mailto: link.
    requesterEmail: [
      '[data-test-id="customer-context-user-email"]',
      '[data-test-id="customer-context"] a[href^="mailto:"]',
    ],
    // Garden combobox values inside the priority and status fields.
    priority: [
      '[data-test-id="ticket-fields-priority-select"] [data-garden-id="dropdowns.combobox.value"]',
      '[data-test-id="ticket-fields-priority-select"]',
    ],
    status: [
      '[data-test-id="ticket-fields-status-select"] [data-garden-id="dropdowns.combobox.value"]',
      '[data-test-id="ticket-fields-status-view"]',
      '[data-test-id="ticket-fields-status"]',
    ],
    channel: ['[data-test-id="omni-log-comment-item"] [data-test-id="omni-log-item-channel"][data-channel]'],
    // The first event of the log carries the ticket's creation time.
    createdAt: [
      '[data-test-id="omni-log-container"] [data-test-id="omni-log-comment-item"] time[data-test-id^="timestamp-"]',
    ],
    message: [
      '[data-test-id="omni-log-container"] article[data-test-id="omni-log-comment-item"]',
      '[data-test-id="omni-log-container"] [data-test-id="omni-log-comment-item"]',
    ],
    messageBody: ['[data-test-id="omni-log-message-content"]', '[data-test-id="omni-log-item-message"]'],
    messageAuthor: ['[data-test-id="omni-log-item-sender"]'],
    messageTime: ['time[data-test-id^="timestamp-"]'],
    // CKEditor 5 in the omnichannel composer (rich text, then plain text), then the older editor.
    composer: [
      '[data-test-id="omnicomposer-rich-text-ckeditor"][contenteditable="true"]',
      '[data-test-id="omnicomposer-plain-text-ckeditor"][contenteditable="true"]',
      '[data-test-id="ticket-rich-text-editor"] [contenteditable="true"][role="textbox"]',
      '.zendesk-editor--rich-text-container [contenteditable="true"]',
    ],
    send: ['[data-test-id="submit_button-button"]', '[data-test-id="omnichannel-omnicomposer-send-button"]'],
  },
  // Zendesk marks who wrote each log item on the item (end user, agent, internal note).
  messageRole: { attribute: 'data-author-type', customer: ['end-user'], agent: ['agent', 'internal-note'] },
  required: ['ticketView', 'subject', 'composer'],
};
