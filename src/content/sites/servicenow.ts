import type { SiteAdapter } from './adapter.ts';

/**
 * ServiceNow Service Operations Workspace (`<instance>.service-now.com/now/sow/record/<table>/<sys_id>`). The
 * Next Experience UI is built from web components with open shadow roots all the way down, so every variant but
 * the ticket view steps in with ` >>> `; the classic form (`incident.do?sys_id=`) keeps its element ids.
 */
const WS = 'sn-canvas-appshell-root >>> sn-workspace-record';

export const servicenowAdapter: SiteAdapter = {
  id: 'servicenow',
  name: 'ServiceNow',
  matches: ['https://*.service-now.com/*'],
  ticketPath: /\/now\/sow\/record\/[a-z_]+\/([0-9a-f]{32})/,
  ticketUrl: /[?&]sys_id=([0-9a-f]{32})/,
  selectors: {
    // The workspace shell (light DOM, so the shared watcher can wait for it), then the classic form.
    ticketView: ['sn-canvas-appshell-root', 'form#incident\\.do'],
    subject: [`${WS} >>> [data-field-name="short_description"] input`, '#incident\\.short_description'],
    requesterName: [`${WS} >>> [data-field-name="caller_id"] input`, '#sys_display\\.incident\\.caller_id'],
    requesterEmail: [`${WS} >>> [data-field-name="caller_id.email"] a[href^="mailto:"]`],
    priority: [`${WS} >>> [data-field-name="priority"] select`, '#incident\\.priority'],
    status: [`${WS} >>> [data-field-name="state"] select`, '#incident\\.state'],
    channel: [`${WS} >>> [data-field-name="contact_type"] select`],
    createdAt: [`${WS} >>> [data-field-name="opened_at"] input`],
    // The activity stream: one entry per comment or work note.
    message: [`${WS} >>> now-activity-stream >>> .activity-stream-entry`, '.activity-stream .h-card'],
    messageBody: ['.activity-stream-entry-text', '.sn-widget-textblock-body'],
    messageAuthor: ['.activity-stream-entry-author'],
    messageTime: ['time[datetime]'],
    // "Additional comments (Customer visible)": a textarea inside now-textarea's shadow root.
    composer: [
      `${WS} >>> sn-record-compose >>> now-textarea[data-field-name="comments"] >>> textarea`,
      '#activity-stream-textarea',
    ],
    send: [`${WS} >>> sn-record-compose >>> now-button[data-action="post"] >>> button`, '.activity-submit'],
  },
  // Comments are the customer's when the caller wrote them; work notes and agents' comments are the agent's.
  messageRole: { attribute: 'data-author-role', customer: ['caller'], agent: ['agent'] },
  required: ['ticketView', 'subject', 'composer'],
};
