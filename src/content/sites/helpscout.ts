import type { SiteAdapter } from './adapter.ts';

/**
 * Help Scout (`secure.helpscout.net/conversation/<id>/<number>`). Help Scout's React UI carries `data-cy` hooks
 * (its Cypress tests') that public integrations select; agents know a conversation by its number, the second id
 * in the URL.
 */
export const helpscoutAdapter: SiteAdapter = {
  id: 'helpscout',
  name: 'Help Scout',
  matches: ['https://secure.helpscout.net/*'],
  ticketPath: /\/conversation\/\d+\/(\d+)/,
  selectors: {
    ticketView: ['[data-cy="ConversationHeader.Actions"]', '.c-conversation'],
    subject: ['[aria-label="Conversation Subject"]', '[data-cy="EditableTextarea"]'],
    requesterName: ['[data-cy="CustomerProfile.Name"]', '.c-customer-profile__name'],
    requesterEmail: ['[data-cy="CustomerProfile.Email"]', '.c-customer-profile a[href^="mailto:"]'],
    // Help Scout has no priority field; tags often carry it.
    priority: ['[data-cy="Tag"][data-tag-kind="priority"]'],
    status: ['[data-cy="StatusDropdown"] [data-cy="DropdownToggle"]', '[data-cy="Status"]'],
    createdAt: ['[data-cy="Thread"]:first-of-type time[datetime]'],
    message: ['[data-cy="Thread"]', '.thread'],
    messageBody: ['[data-cy="ThreadBody"]', '.thread-body'],
    messageAuthor: ['[data-cy="ThreadAuthor"]', '.thread-author'],
    messageTime: ['time[datetime]'],
    composer: [
      '[data-cy="ReplyEditor"] [contenteditable="true"]',
      '.redactor-editor[contenteditable="true"]',
    ],
    send: ['[data-cy="SendButton"]', '[data-cy="ReplyEditor"] button[type="submit"]'],
  },
  messageRole: { attribute: 'data-thread-type', customer: ['customer'], agent: ['reply', 'note'] },
  required: ['ticketView', 'subject', 'composer'],
};
