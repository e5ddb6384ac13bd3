/**
 * Plain text from article HTML, for indexing only. What is shown to agents is sanitised with DOMPurify by the
 * browser layers; this never produces markup, so a hostile body cannot do harm here — at worst it indexes junk.
 * Linear-time regular expressions only (no nested quantifiers), so a huge or malicious body cannot stall the worker.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  euro: '€',
  pound: '£',
  copy: '©',
  reg: '®',
  trade: '™',
};

/** Decodes `&amp;`, `&#39;`, `&#x1F600;` and the common named entities; unknown ones are left as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[\da-f]{1,6}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const BLOCK_END =
  /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|pre|section|article|header|footer)\b[^>]*>/gi;

/** Strips tags (dropping script/style contents), turns block boundaries into line breaks, decodes entities. */
export function htmlToText(html: string): string {
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
export function looksLikeHtml(body: string): boolean {
  return /<\/?[a-z][a-z\d]*\b[^>]*>/i.test(body);
}
