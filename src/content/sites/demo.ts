import type { SiteAdapter } from './adapter.ts';

/**
 * The bundled demo helpdesk (`npm start`, demo/). Its `data-demo` hooks play the part of Zendesk's
 * `data-test-id`s: stable attributes put there for tools, which is what every real adapter selects first.
 * Only demo builds have it (src/content/sites/built-in.ts), and only for the one host and port the demo is served
 * on (`127.0.0.1:<port>`): any other local service or dev server is not a helpdesk.
 */
export function demoAdapter(host: string): SiteAdapter {
  return { ...demoSite, matches: [`http://${host}/*`] };
}

const demoSite: Omit<SiteAdapter, 'matches'> = {
  id: 'demo',
  name: 'Demo helpdesk',
  ticketPath: /\/tickets\/(\d+)/,
  selectors: {
    ticketView: ['[data-demo="ticket-view"]'],
    ticketId: ['[data-demo="ticket-view"][data-ticket-id]'],
    subject: ['[data-demo="ticket-subject"]'],
    requesterName: ['[data-demo="requester-name"]'],
    requesterEmail: ['[data-demo="requester-email"]'],
    requesterPhone: ['[data-demo="requester-phone"]'],
    requesterAddress: ['[data-demo="requester-address"]'],
    priority: ['[data-demo="ticket-priority"]'],
    status: ['[data-demo="ticket-status"]'],
    channel: ['[data-demo="ticket-channel"][data-channel]', '[data-demo="ticket-channel"]'],
    createdAt: ['time[data-demo="ticket-created"]'],
    agentName: ['[data-demo="agent-name"]'],
    message: ['[data-demo="conversation"] [data-demo="message"]'],
    messageBody: ['[data-demo="message-body"]'],
    messageAuthor: ['[data-demo="message-author"]'],
    messageTime: ['time[data-demo="message-time"]'],
    composer: ['[data-demo="composer"] [contenteditable="true"]', '[data-demo="composer"] textarea'],
    send: ['[data-demo="send"]'],
  },
  ticketIdAttribute: 'data-ticket-id',
  messageRole: { attribute: 'data-author-role', customer: ['customer'], agent: ['agent'] },
  required: ['ticketView', 'subject', 'composer'],
};
