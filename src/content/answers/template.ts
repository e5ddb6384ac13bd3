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

/** Variables the article needs that the page did not give: ask the agent for these first. */
export function variablesToAsk(article: AnswerSource, values: PageValues): string[] {
  return missingVariables(parseSnippet(article.body), values);
}

export function prepareAnswer(
  article: AnswerSource,
  values: PageValues,
  options: SanitizeOptions = {},
): PreparedAnswer {
  if (article.bodyFormat === 'html') {
    const clean = sanitizeArticleHtml(article.body, options);
    const escaped: PageValues = {};
    for (const [key, value] of Object.entries(values)) escaped[key] = value && escapeHtml(value);
    // Sanitize again after filling in: the template's own syntax could have been split across markup.
    const html = sanitizeArticleHtml(expandSnippet(parseSnippet(clean), escaped).text, options);
    const text = htmlToText(html);
    return { text, html, tabStops: [], finalCursor: text.length };
  }
  const expanded = expandSnippet(parseSnippet(article.body), values);
  return { text: expanded.text, tabStops: expanded.tabStops, finalCursor: expanded.finalCursor };
}
