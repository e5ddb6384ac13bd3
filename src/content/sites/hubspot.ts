import type { SiteAdapter } from './adapter.ts';

/**
 * HubSpot help desk (`app.hubspot.com/help-desk/<portal>/view/<view>/ticket/<id>`). HubSpot's UI carries
 * `data-test-id` and `data-selenium-test` hooks that public time-tracking integrations select.
 */
export const hubspotAdapter: SiteAdapter = {
  id: 'hubspot',
  name: 'HubSpot',
  matches: ['https://app.hubspot.com/*', 'https://app-eu1.hubspot.com/*'],
  ticketPath: /\/ticket\/(\d+)/,
  selectors: {
    ticketView: ['[data-test-id="help-desk-ticket-view"]', '[data-test-id="sticky-subject-header"]'],
    subject: [
      '[data-test-id="sticky-subject-header"]',
      '[data-selenium-test="highlightTitle"]',
      'div[data-selenium-test$="-highlight-details"] h3',
    ],
    requesterName: [
      '[data-test-id="ticket-contact-card"] [data-test-id="contact-name"]',
      '.customer-data-sidebar--highlight .private-truncated-string__inner',
    ],
    requesterEmail: [
      '[data-test-id="ticket-contact-card"] [data-test-id="contact-email"]',
      '.customer-data-sidebar a[href^="mailto:"]',
    ],
    priority: ['[data-selenium-test="ticket-property-hs_ticket_priority"] [data-test-id="property-value"]'],
    status: [
      '[data-selenium-test="ticket-property-hs_pipeline_stage"] [data-test-id="property-value"]',
      '#stage-select',
    ],
    createdAt: ['[data-selenium-test="ticket-property-createdate"] time'],
    message: ['[data-test-id="thread-message"]', '.thread-message'],
    messageBody: ['[data-test-id="message-body"]'],
    messageAuthor: ['[data-test-id="message-sender-name"]'],
    messageTime: ['time[datetime]'],
    composer: [
      '[data-test-id="reply-editor"] [contenteditable="true"]',
      '.communicator [contenteditable="true"]',
    ],
    send: ['[data-test-id="rte-send-button"]', '[data-selenium-test="send-button"]'],
  },
  messageRole: { attribute: 'data-message-direction', customer: ['INCOMING'], agent: ['OUTGOING'] },
  required: ['ticketView', 'subject', 'composer'],
};
