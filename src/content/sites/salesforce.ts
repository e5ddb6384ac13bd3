import type { SiteAdapter } from './adapter.ts';

/**
 * Salesforce Service Console (Lightning Experience, `<org>.lightning.force.com/lightning/r/Case/<id>/view`).
 * Lightning renders LWC components; the Case's fields sit in `records-record-layout-item`s marked with
 * `data-target-selection-name="sfdc:RecordField.Case.<Field>"`, and the rich-text editor of the email/post
 * publisher lives inside a component's shadow root (Quill's `.ql-editor`) or a CKEditor iframe, so those
 * variants step in with ` >>> `.
 */
export const salesforceAdapter: SiteAdapter = {
  id: 'salesforce',
  name: 'Salesforce',
  matches: ['https://*.lightning.force.com/*', 'https://*.my.salesforce.com/*'],
  ticketPath: /\/lightning\/r\/Case\/([a-zA-Z0-9]{15,18})\/view/,
  selectors: {
    // The record page of the Case open in the console's workspace tab.
    ticketView: ['one-record-home-flexipage2', '.windowViewMode-normal .slds-page-header'],
    // The Case number shown in the highlights panel (the record id is in the URL).
    subject: [
      '[data-target-selection-name="sfdc:RecordField.Case.Subject"] lightning-formatted-text',
      '.slds-page-header__title lightning-formatted-text',
    ],
    requesterName: [
      '[data-target-selection-name="sfdc:RecordField.Case.ContactId"] a',
      'records-record-layout-item[field-label="Contact Name"] a',
    ],
    requesterEmail: [
      '[data-target-selection-name="sfdc:RecordField.Case.ContactEmail"] a[href^="mailto:"]',
      'records-record-layout-item[field-label="Contact Email"] a[href^="mailto:"]',
    ],
    priority: [
      '[data-target-selection-name="sfdc:RecordField.Case.Priority"] lightning-formatted-text',
      'records-record-layout-item[field-label="Priority"] lightning-formatted-text',
    ],
    status: [
      '[data-target-selection-name="sfdc:RecordField.Case.Status"] lightning-formatted-text',
      'records-record-layout-item[field-label="Status"] lightning-formatted-text',
    ],
    channel: ['[data-target-selection-name="sfdc:RecordField.Case.Origin"] lightning-formatted-text'],
    // lightning-formatted-date-time renders the date as locale text; readTime parses it.
    createdAt: [
      '[data-target-selection-name="sfdc:RecordField.Case.CreatedDate"] lightning-formatted-date-time',
      'records-record-layout-item[field-label="Date/Time Opened"] lightning-formatted-date-time',
    ],
    // The Case feed: one article per email or post, oldest first in the fixture's sort order.
    message: ['.cuf-feedItem[data-feed-item-type]', 'article.cuf-feedElement'],
    messageBody: ['.cuf-feedBody', '.feedBodyInner'],
    messageAuthor: ['.cuf-entityLink', '.cuf-feedItemHeader a'],
    messageTime: ['.cuf-timestamp lightning-formatted-date-time', '.cuf-timestamp'],
    // The publisher's rich-text editor: Quill inside lightning-input-rich-text's shadow root, or CKEditor's iframe.
    composer: [
      'lightning-input-rich-text >>> .ql-editor[contenteditable="true"]',
      'force-cke-editor iframe.cke_wysiwyg_frame >>> body[contenteditable="true"]',
      'iframe.cke_wysiwyg_frame >>> body[contenteditable="true"]',
    ],
    send: [
      'button.cuf-publisherShareButton',
      '.forceChatterPublisherPresentationPanel button[type="submit"]',
    ],
  },
  // Feed items say whether the email was inbound (from the contact) or outbound (from an agent).
  messageRole: {
    attribute: 'data-feed-item-type',
    customer: ['EmailMessage-Inbound'],
    agent: ['EmailMessage-Outbound', 'TextPost'],
  },
  required: ['ticketView', 'subject', 'composer'],
};
