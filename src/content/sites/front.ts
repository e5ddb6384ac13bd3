import type { SiteAdapter } from './adapter.ts';

/**
 * Front (`app.frontapp.com/open/cnv_<id>` and inbox views ending in the conversation id). Front's React UI uses
 * styled-components: the generated class names end in a hash that changes with every release, so the variants
 * match the stable component-name prefix (`[class*="conversationTopbar__"]`), ARIA labels first.
 */
export const frontAdapter: SiteAdapter = {
  id: 'front',
  name: 'Front',
  matches: ['https://app.frontapp.com/*', 'https://app.front.com/*'],
  ticketPath: /\/(cnv_[0-9a-z]+)/,
  selectors: {
    ticketView: ['[class*="conversationTopbar__StyledConversationTopbar"]', '[aria-label="Conversation"]'],
    subject: [
      '[class*="conversationSubjectWrapper__StyledSubjectContainerDiv"] > div > span',
      '[aria-label="Conversation subject"]',
    ],
    requesterName: [
      '[class*="messageViewerRecipient__StyledDetailsWrapperDiv"] [class*="recipientName"]',
      '[class*="messageViewerRecipient__StyledDetailsWrapperDiv"] div',
    ],
    requesterEmail: ['[class*="messageViewerRecipient__StyledDetailsWrapperDiv"] [data-email]'],
    priority: ['[aria-label="Conversation tags"] [data-tag-name^="priority"]'],
    status: ['[aria-label="Conversation status"]'],
    createdAt: ['[class*="messageViewer__StyledMessage"]:first-of-type time[datetime]'],
    message: ['[class*="messageViewer__StyledMessage"]'],
    messageBody: ['[class*="messageViewerBody"]'],
    messageAuthor: ['[class*="messageViewerRecipient__StyledDetailsWrapperDiv"] [class*="recipientName"]'],
    messageTime: ['time[datetime]'],
    // The reply composer's editable area.
    composer: [
      '[class*="composerEditor"] [contenteditable="true"]',
      '[aria-label="Message body"][contenteditable="true"]',
    ],
    send: ['button[aria-label="Send"]', '[class*="composerSendButton"]'],
  },
  messageRole: { attribute: 'data-message-direction', customer: ['inbound'], agent: ['outbound'] },
  required: ['ticketView', 'subject', 'composer'],
};
