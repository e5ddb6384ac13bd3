import type { SiteAdapter } from './adapter.ts';

/**
 * Request Tracker 5 (Best Practical's open-source ticketing system), self-hosted: it lives wherever a company
 * installed it, so it has no match patterns and runs on a site an admin added (which names this adapter, or on
 * which `detect` recognises RT). Every selector below was read off pages a real RT 5.0.3 served
 * (test/fixtures/sites/request-tracker/, captured by its capture.ts; README.md there says how).
 *
 * RT is a server-rendered app, not a single-page one: each ticket page is a page load. The ticket is
 * `Ticket/Display.html?id=N` (its facts, and its history, which RT's script loads after the page from
 * `/Helpers/TicketHistory`) and `Ticket/Update.html?Action=Respond&id=N` (the reply form: CKEditor 4 in an iframe,
 * or a plain textarea with `$MessageBoxRichText = 0`). RT joins query parameters with `&` or `;`.
 */
export const requestTrackerAdapter: SiteAdapter = {
  id: 'request-tracker',
  name: 'Request Tracker',
  matches: [],
  // Every RT page has Best Practical's credits in its footer and RT's logo in its header.
  detect: [
    '#footer #bpscredits a[href*="bestpractical.com"]',
    '#rt-header-container #logo img[alt="Request Tracker logo"]',
  ],
  ticketUrl: /\/Ticket\/(?:Display|Update)\.html\?(?:[^#]*[&;])?id=(\d+)/,
  selectors: {
    // Display.html's summary (basics, people, dates…), Update.html's reply form.
    ticketView: ['#comp-Ticket-Display .ticket-summary', '#comp-Ticket-Update form[name="TicketUpdate"]'],
    // Display.html: the subject field of the Basics box's inline editor (RT's header prefixes "#N: "). Update.html:
    // the reply's subject, which RT fills with the ticket's.
    subject: [
      '.ticket-info-basics form.inline-edit input[name="Subject"]',
      'form[name="TicketUpdate"] input[name="UpdateSubject"]',
    ],
    // Display.html: the People box. Update.html names the requesters only in the recipients preview RT's script
    // loads into "Scrips and Recipients" (#previewscrips). RT shows a customer (an unprivileged user) as
    // "Real Name <address>" (`$UsernameFormat` 'role', the default).
    requesterName: [
      '.ticket-info-people .requestors .user',
      '#previewscrips input[name="TxnSendMailTo"] + label .user',
    ],
    requesterEmail: ['.ticket-info-people .requestors .user', '#previewscrips input[name="TxnSendMailTo"]'],
    // "Low/Low": the priority, then the final priority; the first is the ticket's own.
    priority: ['.ticket-info-basics .priority .current-value .Priority'],
    // Update.html shows no status (its Status select offers the next one, "open (Unchanged)" first).
    status: ['.ticket-info-basics .status .current-value'],
    createdAt: ['.ticket-info-dates .date.created .current-value'],
    // Each transaction that carries a message (created, correspondence, comment); status changes, outgoing mail
    // records and the like are `.transaction.basics` / `.transaction.other`.
    message: ['.history-container .transaction.message'],
    messageBody: ['.messagebody'],
    messageAuthor: ['.metadata .description .user'],
    // RT's date in the user's time zone, without the zone ("Mon Dec 07 09:33:09 2026"): read as the browser's.
    messageTime: ['.metadata .date'],
    // The visible editor: CKEditor 4's editing body (RT replaces its textarea with it), else RT's plain textarea
    // (`$MessageBoxRichText = 0`: it lacks the `richtext` class). The textarea CKEditor hid is never the composer:
    // while CKEditor runs, what RT sends is synced into it from the editor on submit.
    composer: ['iframe.cke_wysiwyg_frame >>> body', 'textarea[name="UpdateContent"]:not(.richtext)'],
    // "Update Ticket", RT's one submit button of the reply form (Enter in the subject field clicks it too).
    send: ['form[name="TicketUpdate"] input[name="SubmitTicket"]', '#SubmitTicket input[type="submit"]'],
  },
  /**
   * Who wrote a transaction. RT marks its creator only by user id (`.description .user[data-user-id]`), and the
   * requesters by user id in the People box, which a `messageRole` rule cannot compare; what RT's markup does
   * show is how the message arrived: one that came in by mail shows its mail headers (To, Subject, From, Date in
   * a `.message-header-key` table), one an agent wrote in RT's reply form has none. So a message with mail
   * headers is the customer's, one without is the agent's (comments included). An agent answering by mail counts
   * as the customer here.
   */
  messageRole: {
    attribute: 'class',
    on: '.content .message-header-key',
    customer: ['message-header-key'],
    agent: [''],
  },
  // Display.html has no composer, Update.html no history: what every ticket page of RT has.
  required: ['ticketView', 'subject'],
};
