/**
 * `htmlToText` and `looksLikeHtml` as they were at de9fc58 (regular expressions retried at every `<`), kept
 * unchanged as an oracle: on small inputs, where their quadratic re-reading does not matter, the linear scanner must
 * give the same text and the same verdict. Only the tests use it.
 */
import { decodeEntities } from '../../../src/core/knowledge/html-text.ts';

const BLOCK_END =
  /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|pre|section|article|header|footer)\b[^>]*>/gi;

/** Strips tags (dropping script/style contents), turns block boundaries into line breaks, decodes entities. */
export function referenceHtmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
      .replace(BLOCK_END, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** A body is treated as HTML when it contains a tag-like `<x…>` or `</x>`, as helpdesk exports mix both. */
export function referenceLooksLikeHtml(body: string): boolean {
  return /<\/?[a-z][a-z\d]*\b[^>]*>/i.test(body);
}
