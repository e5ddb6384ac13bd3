/**
 * The one message map between content scripts, extension pages and the worker. Each request names who may send
 * it and the schema its payload must pass; the worker's router enforces both before any handler runs. Responses
 * are typed here too, so a caller gets the handler's exact return type.
 */
import * as v from 'valibot';
import type { RedactionPolicy } from '../core/pii/policy/schema.ts';
import type { Client } from '../core/settings/clients.ts';
import type { SettingKey, SettingValues } from '../core/settings/definitions.ts';
import type { SettingOrigin } from '../core/settings/layers.ts';
import { LAZY_BUNDLE_NAMES } from './lazy.ts';
import { CHANNEL } from './pushes.ts';
import {
  type ArticleView,
  GUARD_AUDIT_ACTIONS,
  type GuardAuditRow,
  type SearchHitView,
  type SuggestionView,
  type TabProblems,
} from './views.ts';

export { GUARD_AUDIT_ACTIONS } from './views.ts';

/** Who sent a message: a content script in a helpdesk tab, or one of our own pages (options, side panel, popup). */
export type SenderKind = 'content' | 'page';

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const optionalTabId = v.optional(v.pipe(v.number(), v.integer(), v.minValue(0)));

export const requests = {
  /** The content script asks which client and settings apply to its tab. */
  'context.get': { from: ['content'], input: v.object({}) },
  /** A page asks for the context of a tab (the active one when tabId is absent). */
  'context.forTab': { from: ['page'], input: v.object({ tabId: optionalTabId }) },
  /** Choose the client for a tab by hand (null: back to choosing from the URL). */
  'client.switch': {
    from: ['content', 'page'],
    input: v.object({ tabId: optionalTabId, clientId: v.nullable(id) }),
  },
  /** The content script saw a ticket; the worker remembers it for the client (recent tickets, clocks). */
  'ticket.seen': {
    from: ['content'],
    input: v.object({
      site: id,
      ticketId: id,
      subject: v.optional(v.pipe(v.string(), v.maxLength(500))),
    }),
  },
  'tickets.recent': {
    from: ['page'],
    input: v.object({
      clientId: v.optional(id),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500))),
    }),
  },
  /** Write (or clear, with value undefined) one setting in the agent's or a QA lead's layer. */
  'settings.write': {
    from: ['content', 'page'],
    input: v.object({
      layer: v.picklist(['agent', 'qaLead']),
      clientId: v.optional(id),
      key: id,
      value: v.optional(v.unknown()),
    }),
  },
  /** Everything the options page shows about settings, for one client (or none). */
  'settings.describe': { from: ['page'], input: v.object({ clientId: v.optional(id) }) },
  /** Names and ids only: what the palette's "Switch client…" lists. */
  'clients.list': { from: ['content', 'page'], input: v.object({}) },
  'clients.save': { from: ['page'], input: v.object({ client: v.unknown() }) },
  'clients.remove': { from: ['page'], input: v.object({ clientId: id }) },
  'clientPack.import': { from: ['page'], input: v.object({ pack: v.unknown() }) },
  /** Run a workbench command in a tab's content script (the popup's buttons, browser-wide shortcuts). */
  'command.forward': { from: ['page'], input: v.object({ tabId: optionalTabId, command: id }) },
  'sidePanel.open': { from: ['content', 'page'], input: v.object({}) },
  /** What the page shows of the open ticket, for its SLA clocks; answers with the clocks' state. */
  'sla.facts': {
    from: ['content'],
    input: v.object({
      site: id,
      ticketId: id,
      subject: v.optional(v.pipe(v.string(), v.maxLength(500))),
      facts: v.object({
        priority: v.nullable(v.pipe(v.string(), v.maxLength(80))),
        status: v.nullable(v.pipe(v.string(), v.maxLength(80))),
        channel: v.nullable(v.pipe(v.string(), v.maxLength(80))),
        createdAt: v.nullable(v.pipe(v.number(), v.integer())),
        messages: v.pipe(
          v.array(
            v.object({
              role: v.picklist(['customer', 'agent']),
              at: v.nullable(v.pipe(v.number(), v.integer())),
              public: v.optional(v.boolean()),
            }),
          ),
          v.maxLength(2000),
        ),
      }),
    }),
  },
  'sla.status': { from: ['content'], input: v.object({ site: id, ticketId: id }) },
  /** Visibility and focus of the tab showing a ticket: what handle time counts. */
  'sla.activity': {
    from: ['content'],
    input: v.object({
      site: id,
      ticketId: id,
      kind: v.picklist(['visible', 'hidden', 'focus', 'blur', 'close']),
    }),
  },
  'sla.handleTime.toggle': {
    from: ['content', 'page'],
    input: v.object({ site: id, ticketId: id, clientId: v.optional(id) }),
  },
  /** Every open ticket's clocks, for the Timers view. */
  'sla.timers': { from: ['page'], input: v.object({}) },
  'sla.report': { from: ['page'], input: v.object({}) },
  /** The data guard's audit of one send: the worker hashes each value with its salt, stores none of them. */
  'guard.audit': {
    from: ['content'],
    input: v.object({
      site: id,
      ticketId: v.optional(id),
      reason: v.optional(v.pipe(v.string(), v.maxLength(2000))),
      entries: v.pipe(
        v.array(
          v.object({
            action: v.picklist(GUARD_AUDIT_ACTIONS),
            type: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
            score: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
            detector: v.pipe(v.string(), v.maxLength(100)),
            length: v.pipe(v.number(), v.integer(), v.minValue(0)),
            value: v.pipe(v.string(), v.maxLength(4096)),
            /** The other customer's ticket this value was seen on this shift (a wrong-customer finding). */
            belongsTo: v.optional(v.pipe(v.string(), v.maxLength(210))),
          }),
        ),
        v.maxLength(500),
      ),
    }),
  },
  /** The tab's current findings (composer and customer's messages), for the Problems view: never the values. */
  'guard.problems': {
    from: ['content'],
    input: v.object({
      site: id,
      ticketId: v.optional(id),
      problems: v.pipe(
        v.array(
          v.object({
            type: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
            action: v.picklist(['flag', 'warn', 'block', 'mask']),
            source: v.picklist(['composer', 'message']),
            start: v.pipe(v.number(), v.integer(), v.minValue(0)),
            end: v.pipe(v.number(), v.integer(), v.minValue(0)),
            line: v.pipe(v.number(), v.integer(), v.minValue(1)),
          }),
        ),
        v.maxLength(2000),
      ),
    }),
  },
  /**
   * The customer's messages on the page, scanned with the tab's policy in the worker rather than on the helpdesk
   * page's main thread (a long thread's first scan, with the engine not yet compiled, took the page 40 ms).
   */
  'guard.scanMessages': {
    from: ['content'],
    input: v.object({
      texts: v.pipe(
        v.array(v.pipe(v.string(), v.maxLength(200_000))),
        v.maxLength(2000),
        v.check(
          (texts) => texts.reduce((sum, text) => sum + text.length, 0) <= 4_000_000,
          'at most 4 MB of text',
        ),
      ),
      /**
       * The open ticket and what the page shows of its customer: the worker remembers the identifiers found (as
       * hashes, for the customer-aware guard) and answers with those of other customers.
       */
      ticket: v.optional(
        v.object({
          site: id,
          ticketId: id,
          name: v.nullable(v.pipe(v.string(), v.maxLength(500))),
          email: v.nullable(v.pipe(v.string(), v.maxLength(500))),
          phone: v.nullable(v.pipe(v.string(), v.maxLength(500))),
          address: v.nullable(v.pipe(v.string(), v.maxLength(2000))),
        }),
      ),
    }),
  },
  /** Whether the data guard can guard this page: a plain-words reason when it cannot (none when it can). */
  'guard.coverage': {
    from: ['content'],
    input: v.object({ site: id, notGuarding: v.optional(v.pipe(v.string(), v.maxLength(300))) }),
  },
  /**
   * The data guard tells the worker what identifies the open ticket's customer (salted hashes, never values; the
   * salt is the shift's, from the first answer) and hears which identifiers belong to other customers this shift.
   * Without a ticket (a paste site, or before the page names one): only the salt and, for paste sites, every
   * identifier remembered.
   */
  'customers.sync': {
    from: ['content'],
    input: v.object({
      site: id,
      ticketId: v.optional(id),
      customer: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/))),
      hashes: v.pipe(v.array(v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/))), v.maxLength(500)),
    }),
  },
  /** Forget every customer of this shift (a new salt; the memory starts empty). */
  'customers.forget': { from: ['content', 'page'], input: v.object({}) },
  /** The Problems view asks for a tab's findings (the active tab when tabId is absent). */
  'guard.problems.forTab': { from: ['page'], input: v.object({ tabId: optionalTabId }) },
  /** The QA view of the audit: entries by client, type, action and date, with the CSV. */
  /** The paste sites every client's policy lists, and which of them the browser has not granted access to yet. */
  'guard.pasteSites': { from: ['page'], input: v.object({}) },
  'guard.audit.query': {
    from: ['page'],
    input: v.object({
      clientId: v.optional(id),
      type: v.optional(v.pipe(v.string(), v.maxLength(64))),
      action: v.optional(v.picklist(GUARD_AUDIT_ACTIONS)),
      from: v.optional(v.pipe(v.number(), v.integer())),
      to: v.optional(v.pipe(v.number(), v.integer())),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50_000))),
    }),
  },
  'options.open': { from: ['content', 'page'], input: v.object({}) },
  /** The content script asks for one of its on-demand bundles, run in its own world in the sender's frame. */
  'lazy.load': { from: ['content'], input: v.object({ bundle: v.picklist(LAZY_BUNDLE_NAMES) }) },
  /**
   * The content script's loader asks whether Deskmate runs on its page: if so, the worker first runs the main bundle
   * (MAIN_BUNDLE_FILE) in the sender's frame, then answers with the tab's context for it.
   */
  'content.start': { from: ['content'], input: v.object({}) },
  /**
   * Answers for a customer's message, ranked in the client's knowledge base (the client comes from the tab). The
   * worker ranks what the customer asks (core/knowledge/customer-query.ts): their own words, without quotes,
   * signatures or identifiers, the question and the ticket's `subject` weighed up.
   */
  'knowledge.suggest': {
    from: ['content', 'page'],
    input: v.object({
      message: v.pipe(v.string(), v.maxLength(20_000)),
      subject: v.optional(v.pipe(v.string(), v.maxLength(1000))),
      language: v.optional(v.pipe(v.string(), v.maxLength(35))),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(20))),
      clientId: v.optional(id),
    }),
  },
  /** The palette's "Insert answer…": search the whole knowledge base by title, tag or shortcut. */
  'knowledge.search': {
    from: ['content', 'page'],
    input: v.object({
      query: v.pipe(v.string(), v.maxLength(200)),
      language: v.optional(v.pipe(v.string(), v.maxLength(35))),
      limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5000))),
      clientId: v.optional(id),
    }),
  },
  /** `;ref` typed in the composer: articles whose shortcut starts with it. */
  'knowledge.complete': {
    from: ['content'],
    input: v.object({
      prefix: v.pipe(v.string(), v.maxLength(80)),
      language: v.optional(v.pipe(v.string(), v.maxLength(35))),
    }),
  },
  /** One article's body, to insert or preview. */
  'knowledge.article': {
    from: ['content', 'page'],
    input: v.object({ articleId: id, clientId: v.optional(id) }),
  },
  /** Usage statistics: an answer was shown, inserted, edited before sending, sent. */
  'knowledge.usage': {
    from: ['content'],
    input: v.object({ articleId: id, event: v.picklist(['shown', 'inserted', 'edited', 'sent']) }),
  },
  /** An accepted suggestion: the worker masks the message with the data guard and learns it as an example. */
  'knowledge.learn': {
    from: ['content'],
    input: v.object({
      articleId: id,
      message: v.pipe(v.string(), v.maxLength(20_000)),
      language: v.optional(v.pipe(v.string(), v.maxLength(35))),
    }),
  },
} as const satisfies Record<string, { from: readonly SenderKind[]; input: v.GenericSchema }>;

export type RequestType = keyof typeof requests;
export type RequestInput<K extends RequestType> = v.InferOutput<(typeof requests)[K]['input']>;

export interface ClientSummary {
  id: string;
  name: string;
  color?: string;
  /** Where the client comes from: managed policy, a client pack, or defined on this machine. */
  origin: 'managed' | 'clientPack' | 'local';
}

export interface TabContext {
  tabId: number | null;
  url: string | null;
  client: ClientSummary | null;
  /** How the client was chosen: from the URL, by hand for this tab, or not at all. */
  clientSource: 'url' | 'override' | 'none';
  settings: SettingValues;
  origins: Record<SettingKey, SettingOrigin>;
  /** Set on a page of no client where a client's policy guards pasting (its `guard.pasteSites`). */
  pasteGuard?: PasteGuardContext;
}

export interface PasteGuardContext {
  /** The client whose policy applies (and whose audit records what the guard did). */
  client: ClientSummary;
  policy: RedactionPolicy;
}

export interface SettingDescription {
  key: SettingKey;
  title: string;
  description: string;
  group: string;
  value: unknown;
  origin: SettingOrigin;
  /** Why the agent could not change it here (locked, or not the agent's to set), if so. */
  agentBlockedBecause?: string;
  qaLeadBlockedBecause?: string;
}

export interface RecentTicket {
  clientId: string;
  site: string;
  ticketId: string;
  subject?: string;
  firstSeenAt: number;
  lastSeenAt: number;
  visits: number;
}

export type Severity = 'ok' | 'warning' | 'error' | 'info';

/** One SLA clock, ready to show: times are already formatted in the client's time zone. */
export interface ClockView {
  metric: string;
  /** "First reply", "Resolution"… */
  label: string;
  state: 'active' | 'paused' | 'met' | 'breached';
  running: boolean;
  hours: 'business' | 'calendar';
  /** Time left in the target's own terms ("1h 20m"), or how long ago it was breached. */
  leftText: string;
  leftMs: number;
  dueAt: number | null;
  /** "14:05" today in the client's zone, else "Tue 14:05". */
  dueLocal: string | null;
  severity: Severity;
  estimated: boolean;
}

export interface TicketSlaStatus {
  /** False when the client has no SLA policy: nothing to show. */
  hasPolicy: boolean;
  clientName: string;
  timeZone: string | null;
  priority: string | null;
  priorityDefaulted: boolean;
  /** The page showed no created time: the clocks started when Deskmate first saw the ticket. */
  estimated: boolean;
  /** The clock the status bar shows: the running one due first, else the latest. */
  nearest: ClockView | null;
  clocks: ClockView[];
  handle: {
    activeMs: number;
    active: boolean;
    paused: boolean;
    targetMinutes: number | null;
    overTarget: boolean;
  };
  /** A policy that cannot be used (e.g. a calendar with no open hours), said plainly. */
  problem?: string;
}

export interface TimerRow extends TicketSlaStatus {
  clientId: string;
  site: string;
  ticketId: string;
  subject?: string;
}

export interface Responses {
  'context.get': TabContext;
  'context.forTab': TabContext;
  'client.switch': TabContext;
  'ticket.seen': { firstSeenAt: number; visits: number };
  'tickets.recent': RecentTicket[];
  'settings.write': { written: true };
  'settings.describe': { settings: SettingDescription[]; warnings: string[]; managedErrors: string[] };
  'clients.list': ClientSummary[];
  'clients.save': ClientSummary;
  'clients.remove': { removed: boolean };
  'clientPack.import': ClientSummary;
  'command.forward': { delivered: boolean };
  'sidePanel.open': { opened: boolean };
  'options.open': { opened: true };
  'lazy.load': { loaded: true };
  /** Not started: Deskmate is off here (the loader asks again when a setting changes). */
  'content.start': { started: false } | { started: true; context: TabContext };
  'knowledge.suggest': {
    total: number;
    suggestions: SuggestionView[];
    /** The message's language: as given, or as the worker detected it. */
    language?: string;
  };
  'knowledge.search': { total: number; hits: SearchHitView[] };
  'knowledge.complete': SearchHitView[];
  'knowledge.article': ArticleView;
  'knowledge.usage': { counted: boolean };
  'knowledge.learn': { learned: boolean };
  'guard.audit': { recorded: number };
  'guard.problems': { stored: true };
  'guard.coverage': { stored: true };
  'guard.scanMessages': {
    findings: import('../core/pii/policy/evaluate.ts').EvaluatedFinding[][];
    /** When a ticket was given: what the customer memory answers for it (as `customers.sync`). */
    customers?: Responses['customers.sync'];
  };
  'guard.problems.forTab': TabProblems | null;
  'guard.pasteSites': { sites: string[]; origins: string[]; missing: string[] };
  /** `owners`: [hash, ticket label] of the identifiers that belong to other customers. */
  'customers.sync': { salt: string; owners: Array<[string, string]>; remembered: number };
  'customers.forget': { forgotten: number };
  'guard.audit.query': {
    rows: GuardAuditRow[];
    total: number;
    csv: string;
  };
  'sla.facts': TicketSlaStatus;
  'sla.status': TicketSlaStatus;
  'sla.activity': { active: boolean };
  'sla.handleTime.toggle': { paused: boolean };
  'sla.timers': TimerRow[];
  'sla.report': {
    met: import('../core/sla/reports.ts').SlaMetRow[];
    handleTime: import('../core/sla/reports.ts').HandleTimeRow[];
    metCsv: string;
    handleTimeCsv: string;
  };
}

export const requestEnvelope = v.object({
  channel: v.literal(CHANNEL),
  type: v.string(),
  payload: v.optional(v.unknown()),
});

export { CHANNEL, type PushType, pushEnvelope, pushes } from './pushes.ts';

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Re-exported for handlers that need the client model. */
export type { Client };
