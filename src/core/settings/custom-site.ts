/**
 * A custom site: a helpdesk Deskmate has no built-in adapter for (an in-house CRM, a self-hosted Request Tracker),
 * defined as data by a QA lead in Options › Sites, by IT in a managed policy or by a client in a client pack. It
 * describes everything the site adapter contract does (src/content/sites/adapter.ts): where the app runs, how to
 * tell a ticket is open and read its id (from the path, the query string or an element's attribute), the selectors
 * for what Deskmate reads and writes, which messages are the customer's, and what must be found on which page.
 *
 * This is the ONE schema of such a definition. Every settings layer validates `sites.custom` with it
 * (definitions.ts), the managed schema is generated from it (scripts/managed-schema.ts), Options › Sites edits it
 * field by field, and the content script turns it into a SiteAdapter (src/content/sites/custom.ts) after checking
 * its selectors against the browser's CSS parser, which only a DOM has: `customSiteSchemaWith` takes that check
 * (and the linear-time pattern check, kept out of the content script's bundle) as parameters.
 *
 * It is strict: a field it does not know (`selectorz`) is refused with its JSON pointer, never dropped, so a typo
 * in IT's policy is reported instead of silently leaving the site without the field.
 *
 * Pure TypeScript: no DOM, no browser API.
 */
import * as v from 'valibot';
import { sitePatternProblem } from './match-pattern.ts';

/**
 * The built-in adapters a custom site may name in `adapter`: every adapter of src/content/sites/index.ts (the
 * hosted ones and the self-hosted ones) and the demo helpdesk's. Kept here because src/core cannot import the
 * adapters; test/unit/sites/adapter-ids.test.ts fails, naming the id, when an adapter is added without it.
 */
export const BUILT_IN_ADAPTER_IDS = [
  'zendesk',
  'freshdesk',
  'salesforce',
  'intercom',
  'hubspot',
  'helpscout',
  'gorgias',
  'servicenow',
  'front',
  'zoho',
  'gmail',
  'outlook',
  'request-tracker',
  'roundcube',
  'demo',
] as const;

/** Everything Deskmate reads or writes on a helpdesk page, in the order Options › Sites shows them. */
export const SELECTOR_KEYS = [
  'ticketView',
  'ticketId',
  'subject',
  'requesterName',
  'requesterEmail',
  'requesterPhone',
  'requesterAddress',
  'priority',
  'status',
  'channel',
  'createdAt',
  'agentName',
  'message',
  'messageBody',
  'messageAuthor',
  'messageTime',
  'composer',
  'send',
] as const;
export type SelectorKey = (typeof SELECTOR_KEYS)[number];

/** The fields read inside each message element (the selector is relative to the message). */
export const PER_MESSAGE_KEYS: readonly SelectorKey[] = ['messageBody', 'messageAuthor', 'messageTime'];

/** Each selector field: how agents read its name ("composer not found") and what it is for. */
export const SELECTOR_FIELDS: Record<SelectorKey, { label: string; help: string }> = {
  ticketView: {
    label: 'ticket view',
    help: 'The element that is there when a ticket is open (in the page itself, not in a frame).',
  },
  ticketId: {
    label: 'ticket id',
    help: 'An element carrying the ticket id in an attribute (see "Ticket id attribute").',
  },
  subject: { label: 'subject', help: "The ticket's subject or title." },
  requesterName: { label: 'requester name', help: "The customer's name." },
  requesterEmail: {
    label: 'requester e-mail',
    help: "The customer's e-mail address (a mailto: link's address is read too).",
  },
  requesterPhone: {
    label: 'requester phone',
    help: "The customer's phone number: remembered (hashed) to flag it in another customer's reply.",
  },
  requesterAddress: {
    label: 'requester address',
    help: "The customer's postal address: remembered (hashed) to flag it in another customer's reply.",
  },
  priority: { label: 'priority', help: 'The priority, as the SLA policy names them.' },
  status: { label: 'status', help: 'The ticket status (open, pending, solved…).' },
  channel: { label: 'channel', help: 'e-mail, chat, phone, web…' },
  createdAt: { label: 'created time', help: 'A <time datetime> or an element whose text is a date.' },
  agentName: { label: 'agent name', help: 'The signed-in agent, for {{agent.name}} in answers.' },
  message: { label: 'messages', help: 'Each message of the conversation (matches all of them).' },
  messageBody: { label: 'message text', help: 'Inside a message: its text.' },
  messageAuthor: { label: 'message author', help: 'Inside a message: who wrote it.' },
  messageTime: { label: 'message time', help: 'Inside a message: when it was written.' },
  composer: { label: 'composer', help: 'The reply box the agent types in.' },
  send: { label: 'send button', help: 'The button that sends the reply.' },
};

/** What the other fields are for: the managed schema's descriptions and Options › Sites' help texts. */
export const SITE_FIELD_HELP = {
  id: 'A short id: lowercase letters, digits and -, unique among custom sites.',
  name: 'The name agents see ("Acme CRM adapter: composer not found").',
  matches:
    'WebExtension match patterns of the pages it runs on, e.g. https://crm.example.com/* (a port, like :8080, is honoured by Chrome). The browser asks for access to them.',
  adapter:
    "A built-in adapter whose selectors and rules this site uses (Zendesk on the company's own domain, a self-hosted Request Tracker); the site's own fields are laid over them.",
  overrides:
    'Take these addresses over from a built-in adapter that also claims them. Without it, a built-in adapter wins on its own hosts.',
  ticketPath:
    'A regular expression (RE2 syntax) over the URL path whose first group is the ticket id, e.g. /cases/(\\d+).',
  ticketUrl:
    'A regular expression over the path, query string and hash whose first group is the ticket id, e.g. [?&]id=(\\d+) for Display.html?id=1. Tried after the path.',
  ticketIdAttribute: 'The attribute of the "ticket id" element that holds the id, e.g. data-ticket-id.',
  selectors:
    'CSS selectors, most stable first; " >>> " steps into an open shadow root or a same-origin iframe.',
  messageRole:
    "How to tell the customer's messages from the agents': an attribute of the message (or of its first element matching `on`) and the values it takes.",
  'messageRole.attribute': 'The attribute to read, e.g. data-author-role or class.',
  'messageRole.customer':
    "Values meaning the customer wrote it; $requesterEmail stands for the requester's address.",
  'messageRole.agent': 'Values meaning an agent wrote it.',
  'messageRole.on': 'Read the attribute on the first element inside the message matching this selector.',
  'messageRole.otherwise': 'Who wrote a message whose value is in neither list (default: the customer).',
  sendsOnEnter: 'Plain Enter sends the reply (chat composers); Shift+Enter is a new line.',
  required:
    'What must be found on every ticket page; when one is missing, agents see "<name> adapter: … not found".',
  requiredOn:
    'What must be found on some ticket pages only: on a page whose URL (path, query and hash) matches the pattern.',
  'requiredOn.url':
    'A regular expression (RE2 syntax) over the path, query and hash, e.g. /Ticket/Update\\.html.',
  'requiredOn.required': 'The selectors that must match on those pages.',
} as const;

/** The checks only some places can make, passed to `customSiteSchemaWith`. */
export interface CustomSiteChecks {
  /** Whether the browser's CSS parser accepts one selector (one ` >>> ` step): only where a DOM exists. */
  cssAccepts?: (selector: string) => boolean;
  /**
   * Why a pattern (ticketPath, ticketUrl, requiredOn url) cannot run in linear time, or undefined: re2js
   * (src/core/linear-pattern.ts), which the content script loads on demand only.
   */
  patternProblem?: (source: string) => string | undefined;
}

const PIERCE = ' >>> ';
const ATTRIBUTE_NAME = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;

/** A path item for an issue added by a check over the whole definition (only `key` is ever read). */
function at(
  input: unknown,
  ...keys: [string | number, ...Array<string | number>]
): [v.IssuePathItem, ...v.IssuePathItem[]] {
  return keys.map((key) => ({ type: 'object', origin: 'value', input, key, value: undefined })) as never;
}

function definitionSchema(checks: CustomSiteChecks) {
  const selector = v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'an empty selector'),
    v.maxLength(500, 'a selector longer than 500 characters'),
    v.check(
      (value) => value.split(PIERCE).every((part) => part.trim() !== ''),
      'a " >>> " step needs a selector on both sides',
    ),
    v.check(
      (value) => !checks.cssAccepts || value.split(PIERCE).every((part) => checks.cssAccepts!(part)),
      'not a valid CSS selector',
    ),
  );
  const selectorList = v.pipe(v.array(selector), v.maxLength(10, 'at most 10 variants'));
  const linear = v.rawCheck<string>(({ dataset, addIssue }) => {
    if (!dataset.typed || !checks.patternProblem) return;
    const problem = checks.patternProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  });
  /** A regular expression (as text) whose group 1 captures the ticket id. */
  const idPattern = (help: string) =>
    v.pipe(
      v.string(),
      v.description(help),
      v.maxLength(200),
      v.check(
        (source) => /\((?!\?)|\(\?P?<[A-Za-z]/.test(source),
        'needs a capturing group ( … ) around the ticket id',
      ),
      linear,
    );
  const fieldKey = v.picklist(SELECTOR_KEYS, `one of: ${SELECTOR_KEYS.join(', ')}`);
  const attributeName = (help: string) =>
    v.pipe(v.string(), v.description(help), v.regex(ATTRIBUTE_NAME, 'an attribute name'));
  const roleValues = (help: string) =>
    v.pipe(
      v.array(v.pipe(v.string(), v.maxLength(200))),
      v.description(help),
      v.maxLength(50, 'at most 50 values'),
    );

  const describedList = (key: SelectorKey) =>
    v.optional(v.pipe(selectorList, v.description(SELECTOR_FIELDS[key].help)));
  const selectors = v.pipe(
    v.strictObject(
      Object.fromEntries(SELECTOR_KEYS.map((key) => [key, describedList(key)])) as unknown as Record<
        SelectorKey,
        ReturnType<typeof describedList>
      >,
    ),
    v.description(SITE_FIELD_HELP.selectors),
  );

  const object = v.strictObject({
    id: v.pipe(
      v.string(),
      v.description(SITE_FIELD_HELP.id),
      v.regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lowercase letters, digits and - (max 41)'),
    ),
    name: v.pipe(
      v.string(),
      v.description(SITE_FIELD_HELP.name),
      v.trim(),
      v.minLength(1, 'a name agents recognise'),
      v.maxLength(80),
    ),
    matches: v.pipe(
      v.array(
        v.pipe(
          v.string(),
          v.rawCheck(({ dataset, addIssue }) => {
            if (!dataset.typed) return;
            const problem = sitePatternProblem(dataset.value as string);
            if (problem) addIssue({ message: problem });
          }),
        ),
      ),
      v.description(SITE_FIELD_HELP.matches),
      v.minLength(1, 'at least one match pattern'),
      v.maxLength(20),
    ),
    adapter: v.optional(
      v.pipe(
        v.picklist(BUILT_IN_ADAPTER_IDS, `one of Deskmate's adapters: ${BUILT_IN_ADAPTER_IDS.join(', ')}`),
        v.description(SITE_FIELD_HELP.adapter),
      ),
    ),
    overrides: v.optional(v.pipe(v.boolean(), v.description(SITE_FIELD_HELP.overrides))),
    ticketPath: v.optional(idPattern(SITE_FIELD_HELP.ticketPath)),
    ticketUrl: v.optional(idPattern(SITE_FIELD_HELP.ticketUrl)),
    ticketIdAttribute: v.optional(attributeName(SITE_FIELD_HELP.ticketIdAttribute)),
    selectors: v.optional(selectors),
    messageRole: v.optional(
      v.pipe(
        v.strictObject({
          attribute: attributeName(SITE_FIELD_HELP['messageRole.attribute']),
          customer: roleValues(SITE_FIELD_HELP['messageRole.customer']),
          agent: roleValues(SITE_FIELD_HELP['messageRole.agent']),
          on: v.optional(v.pipe(selector, v.description(SITE_FIELD_HELP['messageRole.on']))),
          otherwise: v.optional(
            v.pipe(
              v.picklist(['customer', 'agent']),
              v.description(SITE_FIELD_HELP['messageRole.otherwise']),
            ),
          ),
        }),
        v.description(SITE_FIELD_HELP.messageRole),
      ),
    ),
    sendsOnEnter: v.optional(v.pipe(v.boolean(), v.description(SITE_FIELD_HELP.sendsOnEnter))),
    required: v.optional(
      v.pipe(v.array(fieldKey), v.description(SITE_FIELD_HELP.required), v.maxLength(SELECTOR_KEYS.length)),
    ),
    requiredOn: v.optional(
      v.pipe(
        v.array(
          v.strictObject({
            url: v.pipe(
              v.string(),
              v.description(SITE_FIELD_HELP['requiredOn.url']),
              v.minLength(1, 'a pattern over the URL'),
              v.maxLength(200),
              linear,
            ),
            required: v.pipe(
              v.array(fieldKey),
              v.description(SITE_FIELD_HELP['requiredOn.required']),
              v.minLength(1, 'at least one selector'),
              v.maxLength(SELECTOR_KEYS.length),
            ),
          }),
        ),
        v.description(SITE_FIELD_HELP.requiredOn),
        v.maxLength(10),
      ),
    ),
  });

  // Rules between fields, checked once every field is valid on its own.
  return v.pipe(
    object,
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const site = dataset.value as v.InferOutput<typeof object>;
      const own = site.selectors ?? {};
      const has = (key: SelectorKey) => Boolean(own[key]?.length);
      // With a built-in adapter under it (named, or detected on a site without selectors), a required field may
      // come from that adapter: only a site that brings its own selectors and no adapter is checked here.
      const standalone = !site.adapter && site.selectors !== undefined;
      const requireOne = (key: SelectorKey, path: [string | number, ...Array<string | number>]) => {
        if (!standalone || has(key)) return;
        if (key === 'ticketView')
          addIssue({
            message: 'the ticket view is required but has no selectors',
            path: at(site, 'selectors', 'ticketView'),
          });
        else addIssue({ message: `"${key}" is required but has no selectors`, path: at(site, ...path) });
      };
      site.required?.forEach((key, index) => {
        requireOne(key, ['required', index]);
      });
      site.requiredOn?.forEach((page, index) => {
        page.required.forEach((key, inner) => {
          requireOne(key, ['requiredOn', index, 'required', inner]);
        });
      });
      if (has('ticketId') && !site.ticketIdAttribute && !site.adapter)
        addIssue({
          message: 'selectors.ticketId needs the attribute that holds the id',
          path: at(site, 'ticketIdAttribute'),
        });
      if (own.ticketView?.some((s) => s.includes(PIERCE)))
        addIssue({
          message: 'the ticket view must be in the page itself (no >>>), so Deskmate can wait for it',
          path: at(site, 'selectors', 'ticketView'),
        });
    }),
  );
}

/**
 * The custom site schema with the checks this place can make (see CustomSiteChecks). Build it once per place, and
 * only when needed (the content script loads this file on every helpdesk page): every call builds a new schema.
 */
export function customSiteSchemaWith(checks: CustomSiteChecks = {}) {
  return definitionSchema(checks);
}

export type CustomSite = v.InferOutput<ReturnType<typeof customSiteSchemaWith>>;
export type CustomSiteInput = v.InferInput<ReturnType<typeof customSiteSchemaWith>>;

/**
 * A list of custom sites, as `sites.custom` holds them: each entry checked, and each id used once (two sites with
 * one id would share their registered content script and their tickets).
 */
export function customSiteListSchemaWith(checks: CustomSiteChecks = {}) {
  return v.pipe(
    v.array(customSiteSchemaWith(checks)),
    v.maxLength(100, 'at most 100 custom sites'),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const seen = new Set<string>();
      (dataset.value as CustomSite[]).forEach((site, index) => {
        if (seen.has(site.id))
          addIssue({ message: 'another custom site has this id', path: at(dataset.value, index, 'id') });
        seen.add(site.id);
      });
    }),
  );
}

/** The origins to ask the browser for: the match patterns themselves (host permissions take the same syntax). */
export function originsOf(site: Pick<CustomSite, 'matches'>): string[] {
  return [...new Set(site.matches)];
}
