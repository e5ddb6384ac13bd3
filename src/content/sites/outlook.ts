import type { SiteAdapter } from './adapter.ts';

/**
 * Outlook on the web (`outlook.office.com/mail/<folder>/id/<conversation>`, also outlook.live.com and the new
 * cloud.microsoft host) for e-mail support teams. Outlook's Fluent UI classes are generated, so the variants rely
 * on ARIA labels, roles and `data-*` attributes; the requester is whoever sent the first message.
 */
export const outlookAdapter: SiteAdapter = {
  id: 'outlook',
  name: 'Outlook',
  matches: [
    'https://outlook.office.com/*',
    'https://outlook.office365.com/*',
    'https://outlook.live.com/*',
    'https://outlook.cloud.microsoft/*',
  ],
  ticketPath: /\/mail\/(?:[^/]+\/)*id\/([^/?#]+)/,
  selectors: {
    ticketView: ['[aria-label="Reading Pane"]', '#ReadingPaneContainerId'],
    subject: [
      '[aria-label="Reading Pane"] [role="heading"][aria-level="2"]',
      '[aria-label="Reading Pane"] [role="heading"]',
    ],
    requesterName: [
      '[aria-label="Email message"] [data-testid="SenderPersona"] [data-sender-name]',
      '[aria-label="Email message"] [aria-label^="From:"]',
    ],
    requesterEmail: [
      '[aria-label="Email message"] [data-testid="SenderPersona"][data-email]',
      '[aria-label="Email message"] [aria-label^="From:"]',
    ],
    createdAt: ['[aria-label="Email message"] [data-testid="SentReceivedSavedTime"][title]'],
    message: [
      '[aria-label="Reading Pane"] [aria-label="Email message"]',
      '[aria-label="Reading Pane"] [role="document"]',
    ],
    messageBody: ['[aria-label="Message body"]:not([contenteditable])', '.allowTextSelection'],
    messageAuthor: ['[data-testid="SenderPersona"] [data-sender-name]'],
    messageTime: ['[data-testid="SentReceivedSavedTime"][title]'],
    // The reply body: a contenteditable div labelled "Message body".
    composer: [
      'div[aria-label="Message body"][contenteditable="true"][role="textbox"]',
      'div[aria-label="Message body"][contenteditable="true"]',
    ],
    send: ['button[aria-label="Send"]', 'button[name="Send"]'],
  },
  messageRole: {
    attribute: 'data-email',
    on: '[data-testid="SenderPersona"]',
    customer: ['$requesterEmail'],
    agent: [],
    otherwise: 'agent',
  },
  required: ['ticketView', 'subject', 'composer'],
};
