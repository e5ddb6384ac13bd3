import type { SiteAdapter } from './adapter.ts';

/**
 * Intercom Inbox (`app.intercom.com/a/inbox/<app>/inbox/.../conversation/<id>`). Intercom marks parts of its UI
 * with `data-intercom-target` (for its own product tours) and the conversation with `data-conversation-id`;
 * the composer is a ProseMirror editor.
 */
export const intercomAdapter: SiteAdapter = {
  id: 'intercom',
  name: 'Intercom',
  matches: ['https://app.intercom.com/*', 'https://app.eu.intercom.com/*', 'https://app.au.intercom.com/*'],
  ticketPath: /\/conversations?\/(\d+)/,
  selectors: {
    ticketView: [
      '[data-conversation-id] [data-intercom-target="conversation-card-header"]',
      '.conversation__card',
    ],
    // The conversation's title (a custom title is an input), then the card header's title.
    subject: [
      '[data-intercom-target="conversation-card-header"] .conversation__card__title__text input',
      '[data-intercom-target="conversation-card-header"] .conversation__card__title__text',
      '.inbox__card__header__title',
    ],
    // The details sidebar on the right: the user's name and e-mail.
    requesterName: ['[data-intercom-target="conversation-details-user-name"]', '.inbox__user-details__name'],
    requesterEmail: [
      '[data-intercom-target="conversation-details-user-email"]',
      '.inbox__user-details a[href^="mailto:"]',
    ],
    priority: ['[data-intercom-target="conversation-priority"]'],
    status: ['[data-intercom-target="conversation-state"]'],
    createdAt: ['[data-intercom-target="conversation-details-started"] time'],
    // Each conversation part; the author type says user/lead vs admin/bot.
    message: ['[data-conversation-id] [data-part-id]', '.conversation__part'],
    messageBody: ['.conversation__part__body', '[data-part-body]'],
    messageAuthor: ['.conversation__part__author', '[data-part-author]'],
    messageTime: ['time[datetime]'],
    composer: [
      '[data-intercom-target="composer"] .ProseMirror[contenteditable="true"]',
      '.inbox__conversation-composer [contenteditable="true"]',
    ],
    send: [
      '[data-intercom-target="composer-send-button"]',
      '.inbox__conversation-composer button[type="submit"]',
    ],
  },
  messageRole: {
    attribute: 'data-part-author-type',
    customer: ['user', 'lead', 'contact'],
    agent: ['admin', 'bot'],
  },
  required: ['ticketView', 'subject', 'composer'],
};
