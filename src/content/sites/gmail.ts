import type { SiteAdapter } from './adapter.ts';

/**
 * Gmail for e-mail support teams (`mail.google.com/mail/u/<n>/#inbox/<thread>`): a thread is the ticket, its id
 * is in the hash. Gmail's classes are minified but have been stable for years and every Gmail extension and
 * userscript selects them; ARIA labels and `data-*` attributes come first where they exist. There is no
 * priority or status; the requester is whoever sent the first message, and every other sender is an agent.
 */
export const gmailAdapter: SiteAdapter = {
  id: 'gmail',
  name: 'Gmail',
  matches: ['https://mail.google.com/*'],
  ticketUrl: /#(?:inbox|starred|sent|all|imp|label\/[^/]+|category\/[^/]+)\/([A-Za-z0-9]{16,})/,
  selectors: {
    ticketView: ['[role="main"] h2[data-thread-perm-id]', '.ha h2'],
    subject: ['h2[data-thread-perm-id]', '.ha h2.hP'],
    // The first message's sender (span.gD carries name and email attributes).
    requesterName: ['[data-message-id] span.gD[email]', '.gE span.gD'],
    requesterEmail: ['[data-message-id] span.gD[email]', '.gE span.gD'],
    createdAt: ['[data-message-id] span.g3[title]'],
    message: ['[role="main"] [role="listitem"] [data-message-id]', '.adn.ads'],
    messageBody: ['.a3s.aiL', '.a3s'],
    messageAuthor: ['span.gD'],
    messageTime: ['span.g3[title]'],
    // The reply/compose body: a contenteditable div labelled "Message Body".
    composer: [
      'div[aria-label="Message Body"][contenteditable="true"][role="textbox"]',
      '.Am.Al.editable[contenteditable="true"]',
      '.iN [contenteditable="true"]',
    ],
    send: ['div[role="button"][data-tooltip^="Send"]', '.T-I.J-J5-Ji.aoO.v7.T-I-atl.L3'],
  },
  messageRole: {
    attribute: 'email',
    on: 'span.gD',
    customer: ['$requesterEmail'],
    agent: [],
    otherwise: 'agent',
  },
  required: ['ticketView', 'subject', 'composer'],
};
