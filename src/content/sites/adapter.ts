/**
 * A site adapter teaches Deskmate one helpdesk. It is data: where the app lives (match patterns, which also
 * become the manifest's host matches), how to recognise its ticket view, and for each thing Deskmate reads an
 * ordered list of selector variants, stable hooks first (`data-test-id`, ARIA), class names last, because
 * vendors change markup and the first variant that matches wins. This file must stay free of browser APIs:
 * vite.config.ts imports the adapters to generate the manifest.
 */
import type { LinearPattern } from '../../core/linear-pattern.ts';
import { compileMatchPattern } from '../../core/settings/match-pattern.ts';

export type SelectorList = readonly string[];

/**
 * Inside one selector variant, ` >>> ` steps into what the element on its left contains: its open shadow root,
 * or the document of a same-origin iframe (`one-record-home >>> iframe.cke_wysiwyg_frame >>> body`). Lightning,
 * ServiceNow's workspace and iframe editors need it; everything else is a plain CSS selector.
 */
export const PIERCE = ' >>> ';

/** A pattern over (part of) a URL: a built-in adapter's RegExp, or a custom site's linear-time pattern. */
export type UrlPattern = LinearPattern | RegExp;

export interface SiteAdapter {
  id: string;
  /** Shown to agents ("Zendesk adapter: composer not found"). */
  name: string;
  /**
   * WebExtension match patterns where the app runs. Empty for a self-hosted app (Request Tracker, Roundcube):
   * it lives on whatever host a company installed it on, so it runs only on a site an admin added (Options ›
   * Sites, a managed policy or a client pack), recognised there by `detect` or named by the site's `adapter`.
   */
  matches: readonly string[];
  /**
   * Elements only this app's pages have (a generator meta tag, the app's body id): how a self-hosted app is
   * recognised on a custom site that does not name its adapter. Tried in order; any match counts.
   */
  detect?: SelectorList;
  /**
   * A regular expression over the URL's path that captures the ticket id in group 1, when the URL has it. Built-in
   * adapters give a RegExp literal; a custom site's pattern runs on re2js (src/core/linear-pattern.ts).
   */
  ticketPath?: UrlPattern;
  /**
   * A regular expression over the whole URL (path, query and hash) that captures the ticket id in group 1, for
   * apps that route in the hash or the query (Gmail's `#inbox/<thread>`, ServiceNow's `sys_id=`). Tried after
   * `ticketPath`.
   */
  ticketUrl?: UrlPattern;
  selectors: {
    /** The ticket view; its presence means "a ticket is open". */
    ticketView: SelectorList;
    /** An element carrying the ticket id in an attribute, when the URL does not (read with `ticketIdAttribute`). */
    ticketId?: SelectorList;
    subject?: SelectorList;
    requesterName?: SelectorList;
    requesterEmail?: SelectorList;
    /** The customer's phone and postal address where the page shows them (the customer-aware guard remembers them). */
    requesterPhone?: SelectorList;
    requesterAddress?: SelectorList;
    priority?: SelectorList;
    status?: SelectorList;
    /** email, chat, phone, web… */
    channel?: SelectorList;
    /** A `<time datetime>` or an element whose text is a date. */
    createdAt?: SelectorList;
    agentName?: SelectorList;
    message?: SelectorList;
    messageBody?: SelectorList;
    messageAuthor?: SelectorList;
    messageTime?: SelectorList;
    composer?: SelectorList;
    send?: SelectorList;
  };
  /** The attribute of the `ticketId` element that holds the id. */
  ticketIdAttribute?: string;
  /**
   * How to tell a customer's message from an agent's: an attribute and the values it takes. The attribute is read
   * on the message element, or on its first descendant matching `on`. The value `$requesterEmail` in a list
   * stands for the requester's e-mail address as the page shows it (e-mail apps: the customer is whoever the
   * ticket is from). A value in neither list counts as `otherwise` (default: customer).
   */
  messageRole?: {
    attribute: string;
    customer: readonly string[];
    agent: readonly string[];
    on?: string;
    otherwise?: 'customer' | 'agent';
  };
  /**
   * Plain Enter sends the reply (chat composers: Intercom, Front's chat, Gorgias' chat), so the send guard treats
   * it as a send; Shift+Enter stays a new line. Default: only Ctrl/Cmd+Enter sends from a rich editor.
   */
  sendsOnEnter?: boolean;
  /** Which selectors must match on a ticket view; when one stops matching the adapter is reported as drifted. */
  required?: ReadonlyArray<keyof SiteAdapter['selectors']>;
  /**
   * What else is required on some ticket pages only: on a ticket page whose URL (path, query and hash, as
   * `ticketUrl` reads it) matches `url`, these selectors must match too. Request Tracker shows the ticket on
   * `Display.html` and the reply box on `Update.html`: `composer` is required on the second only.
   */
  requiredOn?: ReadonlyArray<{ url: UrlPattern; required: ReadonlyArray<keyof SiteAdapter['selectors']> }>;
}

export { compileMatchPattern, type UrlTest } from '../../core/settings/match-pattern.ts';

export function adapterMatchesUrl(adapter: SiteAdapter, url: string): boolean {
  return adapter.matches.some((pattern) => compileMatchPattern(pattern).test(url));
}
