/**
 * A custom adapter, defined as data by a client's admin in settings, for an in-house CRM or a helpdesk Deskmate
 * has no adapter for: URL patterns and selectors, the same shape as a built-in adapter. This file validates such a
 * definition (every error with the JSON pointer of the bad value) and turns it into a SiteAdapter. Fields it
 * leaves out fall back to the generic adapter's (every textarea and contenteditable is still guarded).
 *
 * It accepts what `src/core/settings/custom-site.ts` stores (id, name, matches, ticketPath, selectors) and more:
 * the full selector set, `ticketUrl`, `ticketIdAttribute`, `messageRole` and `required`.
 */
import * as v from 'valibot';
import { issueMessage, issuePath } from '../../core/validation.ts';
import { compileMatchPattern, PIERCE, type SiteAdapter, type UrlPattern } from './adapter.ts';
import { genericAdapter } from './generic.ts';

export interface DefinitionError {
  /** A JSON pointer into the definition, e.g. `/selectors/composer/1`. */
  path: string;
  message: string;
}

export class CustomAdapterError extends Error {
  constructor(readonly errors: DefinitionError[]) {
    super(`invalid custom adapter: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.name = 'CustomAdapterError';
  }
}

/** A CSS selector (optionally with ` >>> ` steps) the browser accepts; checked where a DOM exists. */
function isValidSelector(selector: string): boolean {
  const parts = selector.split(PIERCE);
  if (parts.some((part) => part.trim() === '')) return false;
  const doc = (globalThis as { document?: Document }).document;
  if (!doc) return true;
  const probe = doc.createDocumentFragment();
  try {
    for (const part of parts) probe.querySelector(part);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns a `ticketPath`/`ticketUrl` into something that runs: src/core/linear-pattern.ts's re2js compiler, which
 * the content script loads on demand (re2js is large, and only custom sites with patterns need it). It throws,
 * without quoting the pattern, when the pattern cannot run in linear time. Never the browser's RegExp: it
 * backtracks, and the page chooses the URL the pattern runs over.
 */
export type PatternCompiler = (source: string) => UrlPattern;

function isMatchPattern(pattern: string): boolean {
  try {
    compileMatchPattern(pattern);
    return pattern !== '<all_urls>';
  } catch {
    return false;
  }
}

const selectorKeys = [
  'ticketView',
  'ticketId',
  'subject',
  'requesterName',
  'requesterEmail',
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

type SelectorKey = (typeof selectorKeys)[number];

/**
 * The definition's schema, built on first use: content scripts load this file on every helpdesk page, and most
 * pages have no custom site to check.
 */
function buildDefinitionSchema() {
  const selector = v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'an empty selector'),
    v.maxLength(500, 'a selector longer than 500 characters'),
    v.check(isValidSelector, 'not a valid CSS selector'),
  );
  const selectorList = v.pipe(v.array(selector), v.maxLength(10, 'at most 10 variants'));

  /** A regular expression (as text) whose group 1 captures the ticket id. */
  const idPattern = v.pipe(
    v.string(),
    v.maxLength(200),
    v.check((source) => /\((?!\?)/.test(source), 'needs a capturing group ( … ) around the ticket id'),
  );

  return v.strictObject({
    id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,40}$/, 'lowercase letters, digits and - (max 41)')),
    name: v.pipe(v.string(), v.trim(), v.minLength(1, 'a name agents recognise'), v.maxLength(80)),
    matches: v.pipe(
      v.array(
        v.pipe(
          v.string(),
          v.check(isMatchPattern, 'a match pattern such as https://crm.example.com/* (not <all_urls>)'),
        ),
      ),
      v.minLength(1, 'at least one match pattern'),
      v.maxLength(20),
    ),
    ticketPath: v.optional(idPattern),
    ticketUrl: v.optional(idPattern),
    selectors: v.optional(
      v.strictObject(
        Object.fromEntries(selectorKeys.map((key) => [key, v.optional(selectorList)])) as Record<
          SelectorKey,
          v.OptionalSchema<typeof selectorList, undefined>
        >,
      ),
    ),
    ticketIdAttribute: v.optional(
      v.pipe(v.string(), v.regex(/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/, 'an attribute name')),
    ),
    messageRole: v.optional(
      v.strictObject({
        attribute: v.pipe(v.string(), v.regex(/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/, 'an attribute name')),
        customer: v.array(v.string()),
        agent: v.array(v.string()),
        on: v.optional(selector),
        otherwise: v.optional(v.picklist(['customer', 'agent'])),
      }),
    ),
    required: v.optional(v.array(v.picklist(selectorKeys))),
  });
}

let definitionSchema: ReturnType<typeof buildDefinitionSchema> | undefined;
const schema = () => (definitionSchema ??= buildDefinitionSchema());

export type CustomAdapterDefinition = v.InferInput<ReturnType<typeof buildDefinitionSchema>>;

function pointer(issue: v.BaseIssue<unknown>): string {
  return issuePath(issue) || '/';
}

/**
 * Every problem with a definition (empty when it is valid), each with the JSON pointer of the bad value. With a
 * compiler, `ticketPath` and `ticketUrl` are checked by compiling them (a pattern it refuses is an error here).
 */
export function validateCustomAdapterDefinition(
  definition: unknown,
  compile?: PatternCompiler,
): DefinitionError[] {
  const result = v.safeParse(schema(), definition);
  const errors: DefinitionError[] = result.success
    ? []
    : result.issues.map((issue) => ({ path: pointer(issue), message: issueMessage(issue) }));
  if (result.success) {
    const { selectors = {}, required = [], ticketIdAttribute } = result.output;
    for (const key of ['ticketPath', 'ticketUrl'] as const) {
      const source = result.output[key];
      if (source === undefined || !compile) continue;
      try {
        compile(source);
      } catch (error) {
        errors.push({ path: `/${key}`, message: (error as Error).message });
      }
    }
    required.forEach((key, index) => {
      if (key !== 'ticketView' && !selectors[key]?.length)
        errors.push({ path: `/required/${index}`, message: `"${key}" is required but has no selectors` });
    });
    if (selectors.ticketId?.length && !ticketIdAttribute)
      errors.push({
        path: '/ticketIdAttribute',
        message: 'selectors.ticketId needs the attribute that holds the id',
      });
    if (required.includes('ticketView') && !selectors.ticketView?.length)
      errors.push({
        path: '/selectors/ticketView',
        message: 'the ticket view is required but has no selectors',
      });
    if (selectors.ticketView?.some((s) => s.includes(PIERCE)))
      errors.push({
        path: '/selectors/ticketView',
        message: 'the ticket view must be in the page itself (no >>>), so Deskmate can wait for it',
      });
  }
  return errors;
}

/**
 * The SiteAdapter a definition describes. Throws CustomAdapterError (with `errors`, each with its path) when the
 * definition is invalid. The adapter's id is `custom:<id>`, so it can never shadow a built-in one. Without a
 * compiler the adapter has no `ticketPath`/`ticketUrl` (the content script builds it again once re2js loaded).
 */
export function customAdapterFromDefinition(definition: unknown, compile?: PatternCompiler): SiteAdapter {
  const errors = validateCustomAdapterDefinition(definition, compile);
  if (errors.length > 0) throw new CustomAdapterError(errors);
  const def = v.parse(schema(), definition);
  const selectors = def.selectors ?? {};
  const given = Object.fromEntries(
    Object.entries(selectors).filter(([, list]) => Array.isArray(list) && list.length > 0),
  ) as Partial<Record<SelectorKey, string[]>>;
  const adapter: SiteAdapter = {
    id: `custom:${def.id}`,
    name: def.name,
    matches: def.matches,
    ...(def.ticketPath && compile ? { ticketPath: compile(def.ticketPath) } : {}),
    ...(def.ticketUrl && compile ? { ticketUrl: compile(def.ticketUrl) } : {}),
    selectors: {
      // Without a composer of its own, the composer pipeline's generic search finds the reply box (and its send
      // controls) on a custom site, as on any page.
      ...given,
      ticketView: given.ticketView ?? [],
    },
    ...(def.ticketIdAttribute ? { ticketIdAttribute: def.ticketIdAttribute } : {}),
    ...(def.messageRole ? { messageRole: def.messageRole } : {}),
    required: def.required ?? (given.composer ? ['composer'] : []),
  };
  return adapter;
}
