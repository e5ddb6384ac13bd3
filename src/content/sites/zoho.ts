import type { SiteAdapter } from './adapter.ts';

/**
 * Zoho Desk (`desk.zoho.<tld>/agent/<portal>/<department>/tickets/details/<id>`). Zoho marks components with
 * `data-id` and `zd_v2-*` classes; its reply editor is an iframe whose body is editable, reached with ` >>> `.
 */
export const zohoAdapter: SiteAdapter = {
  id: 'zoho',
  name: 'Zoho Desk',
  matches: [
    'https://desk.zoho.com/*',
    'https://desk.zoho.eu/*',
    'https://desk.zoho.in/*',
    'https://desk.zoho.com.au/*',
  ],
  ticketPath: /\/tickets\/details\/(\d+)/,
  selectors: {
    ticketView: ['.zd_v2-ticketdetailview-container', '[data-id="ticketDetailView"]'],
    // The id agents see (#101) rather than the long record id in the URL.
    ticketId: ['[data-id="ticketNumber"][data-ticket-number]'],
    subject: ['[data-id="caseSubjectText"]', '.zd_v2-ticketsubject-subject'],
    requesterName: ['[data-id="contactName"]', '.zd_v2-contactinfo-name'],
    requesterEmail: ['[data-id="contactEmail"]', '.zd_v2-contactinfo-email'],
    priority: ['[data-id="priority_value"]', '[data-id="priority"] .zd_v2-dropdown-value'],
    status: ['[data-id="status_value"]', '[data-id="status"] .zd_v2-dropdown-value'],
    channel: ['[data-id="channel_value"][data-channel]'],
    createdAt: ['[data-id="createdTime"] time'],
    message: ['[data-id="conversationList"] [data-id^="thread_"]', '.zd_v2-threadcontainer'],
    messageBody: ['[data-id="threadContent"]'],
    messageAuthor: ['[data-id="threadAuthor"]'],
    messageTime: ['time[datetime]'],
    // The reply editor's iframe body.
    composer: [
      '[data-id="replyEditor"] iframe >>> body[contenteditable="true"]',
      '.ze_area iframe >>> body[contenteditable="true"]',
    ],
    send: ['[data-id="sendButton"]', '[data-id="replyEditor"] button[type="submit"]'],
  },
  ticketIdAttribute: 'data-ticket-number',
  messageRole: { attribute: 'data-direction', customer: ['in'], agent: ['out'] },
  required: ['ticketView', 'subject', 'composer'],
};
