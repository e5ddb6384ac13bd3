import type { SiteAdapter } from './adapter.ts';

/**
 * Roundcube webmail (1.6, elastic skin) for e-mail support teams. Self-hosted: it runs wherever a company installed
 * it, so it has no match patterns and is recognised on an admin's site by `detect` (or named by the site). Checked
 * against pages captured from Debian's roundcube 1.6.5 (test/fixtures/sites/roundcube).
 *
 * A mail is the ticket, its IMAP UID the id:
 * - the message view `?_task=mail&_action=show&_uid=N&_mbox=INBOX` (and the preview `_action=preview&_uid=N` that
 *   the message list loads into `iframe#messagecontframe`) shows one mail: subject, From, date and body;
 * - Reply opens `?_task=mail&_action=compose&_reply_uid=N&_mbox=INBOX`, which Roundcube at once redirects to
 *   `?_task=mail&_action=compose&_id=<compose id>`: from then on neither the URL nor the page's markup names the
 *   mail replied to (only the inline script's `rcmail.env.reply_msgid`). The compose page's ticket is therefore its
 *   compose id; its requester is the recipient, its subject the "Re: …" field.
 * The composer is TinyMCE 5 in `iframe#composebody_ifr` (HTML compose), else the plain `textarea#composebody`;
 * Roundcube copies TinyMCE's content into that textarea (editor.save()) when Send is clicked, then posts the form
 * into a hidden frame (form.submit(): no submit event).
 */
export const roundcubeAdapter: SiteAdapter = {
  id: 'roundcube',
  name: 'Roundcube',
  matches: [],
  detect: [
    // Every Roundcube page loads its application script from program/js (app.js or app.min.js), whatever skin.
    'script[src^="program/js/app."]',
    'script[src*="/program/js/app."]',
    // The login form.
    'form[name="loginform"] input#rcmloginuser',
  ],
  // `_uid` on the message view and preview, `_reply_uid` before compose's redirect, the compose id after it.
  ticketUrl: /[?&]_(?:uid|reply_uid|id)=([A-Za-z0-9]+)/,
  selectors: {
    ticketView: [
      'body.action-show #message-header',
      'body.action-preview #message-header',
      'body.action-compose #compose-content',
      '#compose-content',
    ],
    // The subject's h2 also holds a screen-reader label ("Subject: ") and, on the message view, the "Open in new
    // window" link: its text reads with them.
    subject: ['#compose-subject', '#message-header h2.subject', 'input[name="_subject"]'],
    // The mail's sender; on the compose page, the reply's recipient (the chip the page draws, else the field); in
    // the message list, the sender of the mail in the preview pane.
    requesterName: [
      '#message-header td.header.from a.rcmContactAddress',
      '#message-header .header-summary a.rcmContactAddress',
      '#compose_to li.recipient .name',
      '#messagecontframe >>> #message-header td.header.from a.rcmContactAddress',
    ],
    requesterEmail: [
      '#message-header td.header.from a.rcmContactAddress[href^="mailto:"]',
      '#message-header .header-summary a.rcmContactAddress[href^="mailto:"]',
      '#compose_to li.recipient',
      'textarea#_to',
      '#messagecontframe >>> #message-header td.header.from a.rcmContactAddress[href^="mailto:"]',
    ],
    createdAt: ['#message-header td.header.date'],
    // The mail shown: the message view's content, or the preview pane's (a same-origin frame).
    message: [
      'body.action-show #layout-content > .frame-content',
      'body.action-preview #layout-content > .frame-content',
      '#messagecontframe >>> body.action-preview #layout-content > .frame-content',
    ],
    messageBody: ['#messagebody'],
    messageAuthor: ['td.header.from a.rcmContactAddress', '.header-summary a.rcmContactAddress'],
    messageTime: ['td.header.date'],
    composer: ['iframe#composebody_ifr >>> body#tinymce', 'textarea#composebody'],
    send: ['#layout-content button.btn.send', 'button.send[onclick*="\'send\'"]'],
  },
  messageRole: {
    // The sender's address is the link's title (and its mailto: href).
    attribute: 'title',
    on: 'td.header.from a.rcmContactAddress',
    customer: ['$requesterEmail'],
    agent: [],
    otherwise: 'agent',
  },
  // What every mail page has; then per page: the message view (and preview) shows the mail, the reply page has the
  // editor and Send (the message view has no composer, the reply page no message).
  required: ['ticketView', 'subject', 'requesterEmail'],
  requiredOn: [
    { url: /[?&]_action=(?:show|preview)\b/, required: ['message', 'messageBody'] },
    { url: /[?&]_action=compose\b/, required: ['composer', 'send'] },
  ],
};
