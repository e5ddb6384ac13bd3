/**
 * A custom site (src/core/settings/custom-site.ts, the one schema of a definition) as a SiteAdapter. Here, where a
 * DOM exists, the definition is checked once more with the browser's own CSS parser (every error with the JSON
 * pointer of the bad value), and its ticket patterns are compiled on re2js. The site's fields are laid over a
 * base adapter: the built-in one it names in `adapter` (or a self-hosted one detected on the page, see
 * runtime/site-choice.ts), else the generic fallback's composer and send selectors, so a site without selectors
 * still has every textarea and contenteditable guarded.
 */
import * as v from 'valibot';
import { type CustomSite, customSiteSchemaWith, type SelectorKey } from '../../core/settings/custom-site.ts';
import { issueMessage, issuePath } from '../../core/validation.ts';
import type { SiteAdapter, UrlPattern } from './adapter.ts';

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

/** Whether the browser's CSS parser accepts a selector (one step of a ` >>> ` chain). True where no DOM exists. */
export function cssAccepts(selector: string): boolean {
  const doc = (globalThis as { document?: Document }).document;
  if (!doc) return true;
  try {
    doc.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/**
 * Turns a `ticketPath`/`ticketUrl`/`requiredOn` pattern into something that runs: src/core/linear-pattern.ts's
 * re2js compiler, which the content script loads on demand (re2js is large, and only custom sites with patterns
 * need it). It throws, without quoting the pattern, when the pattern cannot run in linear time. Never the
 * browser's RegExp: it backtracks, and the page chooses the URL the pattern runs over.
 */
export type PatternCompiler = (source: string) => UrlPattern;

/**
 * The schema with the browser's CSS check, built on first use: content scripts load this file on every helpdesk
 * page, and most pages have no custom site to check.
 */
let domSchema: ReturnType<typeof customSiteSchemaWith> | undefined;
const schema = () => (domSchema ??= customSiteSchemaWith({ cssAccepts }));

/**
 * Every problem with a definition (empty when it is valid), each with the JSON pointer of the bad value. With a
 * compiler, the patterns are checked by compiling them (a pattern it refuses is an error here).
 */
export function validateCustomAdapterDefinition(
  definition: unknown,
  compile?: PatternCompiler,
): DefinitionError[] {
  return checkDefinition(definition, compile).errors;
}

/** The definition as parsed, when valid, and its problems: parsed once (content scripts do this on every page). */
function checkDefinition(
  definition: unknown,
  compile?: PatternCompiler,
): { parsed?: CustomSite; errors: DefinitionError[] } {
  const result = v.safeParse(schema(), definition);
  if (!result.success)
    return {
      errors: result.issues.map((issue) => ({ path: issuePath(issue) || '/', message: issueMessage(issue) })),
    };
  const errors: DefinitionError[] = [];
  const parsed = result.output as CustomSite;
  if (!compile) return { parsed, errors };
  const tryCompile = (source: string | undefined, path: string) => {
    if (source === undefined) return;
    try {
      compile(source);
    } catch (error) {
      errors.push({ path, message: (error as Error).message });
    }
  };
  tryCompile(result.output.ticketPath, '/ticketPath');
  tryCompile(result.output.ticketUrl, '/ticketUrl');
  for (const [index, page] of (result.output.requiredOn ?? []).entries())
    tryCompile(page.url, `/requiredOn/${index}/url`);
  return { parsed, errors };
}

/**
 * The SiteAdapter a definition describes, over `base` (the built-in adapter it names or was detected as). Throws
 * CustomAdapterError (with `errors`, each with its path) when the definition is invalid. The adapter's id is
 * `custom:<id>`, so it can never shadow a built-in one. Without a compiler the adapter has none of the site's own
 * patterns (the content script builds it again once re2js loaded).
 */
export function customAdapterFromDefinition(
  definition: unknown,
  compile?: PatternCompiler,
  base?: SiteAdapter,
): SiteAdapter {
  const { parsed, errors } = checkDefinition(definition, compile);
  if (errors.length > 0 || !parsed) throw new CustomAdapterError(errors);
  const def = parsed;
  const given = Object.fromEntries(
    Object.entries(def.selectors ?? {}).filter(([, list]) => Array.isArray(list) && list.length > 0),
  ) as Partial<Record<SelectorKey, string[]>>;
  const own = (source: string | undefined, inherited: UrlPattern | undefined) =>
    source !== undefined ? (compile ? compile(source) : undefined) : inherited;
  const ticketPath = own(def.ticketPath, base?.ticketPath);
  const ticketUrl = own(def.ticketUrl, base?.ticketUrl);
  const requiredOn =
    def.requiredOn !== undefined
      ? compile
        ? def.requiredOn.map((page) => ({ url: compile(page.url), required: page.required }))
        : undefined
      : base?.requiredOn;
  const selectors: SiteAdapter['selectors'] = base
    ? { ...base.selectors, ...given }
    : {
        // Without a composer of its own, the composer pipeline's generic search finds the reply box (and its send
        // controls) on a custom site, as on any page.
        ...given,
        ticketView: given.ticketView ?? [],
      };
  const ticketIdAttribute = def.ticketIdAttribute ?? base?.ticketIdAttribute;
  const messageRole = def.messageRole ?? base?.messageRole;
  const sendsOnEnter = def.sendsOnEnter ?? base?.sendsOnEnter;
  return {
    id: `custom:${def.id}`,
    name: def.name,
    matches: def.matches,
    ...(ticketPath ? { ticketPath } : {}),
    ...(ticketUrl ? { ticketUrl } : {}),
    selectors,
    ...(ticketIdAttribute ? { ticketIdAttribute } : {}),
    ...(messageRole ? { messageRole } : {}),
    ...(sendsOnEnter !== undefined ? { sendsOnEnter } : {}),
    required: def.required ?? base?.required ?? (given.composer ? ['composer'] : []),
    ...(requiredOn ? { requiredOn } : {}),
  };
}
