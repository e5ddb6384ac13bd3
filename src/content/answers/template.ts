/**
 * Turning an article into what goes into the editor: the template's page variables filled in, its tab stops
 * located, and HTML bodies sanitized (values are escaped, so a customer's name cannot inject markup).
 */
// Straight from the modules, not the barrel: the content script must not pull in the ranking engine.
import { htmlToText } from '../../core/knowledge/html-text.ts';
import {
  type ExpandedSnippet,
  expandSnippet,
  missingVariables,
  parseSnippet,
} from '../../core/knowledge/snippet.ts';
import { type SanitizeOptions, sanitizeArticleHtml } from './sanitize.ts';
import type { PageValues } from './variables.ts';

export interface AnswerSource {
  body: string;
  bodyFormat: 'text' | 'html';
}

export interface PreparedAnswer {
  text: string;
  html?: string;
  /** Tab stops in `text` offsets, in order (only for plain-text answers). */
  tabStops: ExpandedSnippet['tabStops'];
  finalCursor: number;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);

/**
 * How many values the fill-in form asks for at most. An article decides how many variables it uses, and a hostile
 * one (from an imported file) could make the form thousands of fields long; a real answer needs a handful.
 */
export const MAX_VARIABLES_ASKED = 20;

export interface VariablesToAsk {
  /** Asked for in the form, in order of first use: at most `MAX_VARIABLES_ASKED`. */
  asked: string[];
  /** The rest: `prepareAnswer` leaves them in the reply as written, for the agent to fill in there. */
  inReply: string[];
}

/** Variables the article needs that the page did not give: ask the agent for these first. */
export function variablesToAsk(article: AnswerSource, values: PageValues): VariablesToAsk {
  const missing = missingVariables(parseSnippet(article.body), values);
  return { asked: missing.slice(0, MAX_VARIABLES_ASKED), inReply: missing.slice(MAX_VARIABLES_ASKED) };
}

/**
 * The answer to insert. Variables in `inReply` that have no value stay as the article writes them (`{{…}}`), for
 * the agent to fill in the reply; any other variable without a value is refused (`MissingVariablesError`).
 */
export function prepareAnswer(
  article: AnswerSource,
  values: PageValues,
  inReply: readonly string[] = [],
  /** Which remote images may stay (the client's own hosts): see sanitize.ts. */
  sanitize: SanitizeOptions = {},
): PreparedAnswer {
  const options = { asWritten: inReply };
  if (article.bodyFormat === 'html') {
    const clean = sanitizeArticleHtml(article.body, sanitize);
    const escaped: PageValues = {};
    for (const [key, value] of Object.entries(values)) escaped[key] = value && escapeHtml(value);
    // Sanitize again after filling in: the template's own syntax could have been split across markup.
    const html = sanitizeArticleHtml(expandSnippet(parseSnippet(clean), escaped, options).text, sanitize);
    const text = htmlToText(html);
    return { text, html, tabStops: [], finalCursor: text.length };
  }
  const expanded = expandSnippet(parseSnippet(article.body), values, options);
  return { text: expanded.text, tabStops: expanded.tabStops, finalCursor: expanded.finalCursor };
}
