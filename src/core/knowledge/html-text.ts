/**
 * Plain text from article HTML, for indexing only. What is shown to agents is sanitised with DOMPurify by the
 * browser layers; this never produces markup, so a hostile body cannot do harm here — at worst it indexes junk.
 *
 * It runs in the worker on every imported article and in the helpdesk tab on every inserted HTML answer, so a hostile
 * body must not stall either: the work is linear in the body's length. Regular expressions are not enough for that
 * even without nested quantifiers: `<[^>]*>` retried at each of 20,000 `<` with no `>` after them re-reads the rest
 * of the body every time (quadratic: seconds for 40 KB). So tags are found by hand, each character searched once.
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

/**
 * Work done by `htmlToText` and `looksLikeHtml`, in characters examined (plus one per bounded check). Tests read it
 * to prove that the work stays linear in the body's length for any input, hostile or not, without a clock.
 */
export const htmlTextWork = { steps: 0 };

/**
 * The next index of `needle` at or after `from`, for a scan whose `from` never decreases: the answer is kept until
 * the scan passes it, and "none" is final, so each character is searched once however many tags ask. This is what
 * makes unclosed `<!--`, `<p` or `<script>` cheap: a regular expression retried at every one of them re-reads the
 * rest of the body each time, which is quadratic.
 */
function forwardFinder(text: string, needle: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    found = text.indexOf(needle, from);
    htmlTextWork.steps += (found === -1 ? text.length : found + needle.length) - from + 1;
    return found;
  };
}

/** The next `<` at or after `from` (each call reads only up to it: callers move on past it). */
function nextLt(text: string, from: number): number {
  const at = text.indexOf('<', from);
  htmlTextWork.steps += (at === -1 ? text.length : at + 1) - from + 1;
  return at;
}

/** Whether a bounded pattern (sticky, so it is tried at `at` only) matches there; returns the match. */
function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  htmlTextWork.steps++;
  pattern.lastIndex = at;
  return pattern.exec(text);
}

const WHITESPACE = /\s/;

/** Drops `<!-- … -->` (the first `-->` ends it); a `<!--` never closed is left as text, as the browser's parser shows it. */
function stripComments(html: string): string {
  const close = forwardFinder(html, '-->');
  const open = forwardFinder(html, '<!--');
  let out = '';
  let copied = 0;
  let at = open(0);
  while (at !== -1) {
    const end = close(at + 4);
    // No `-->` after this opener: none after any later one either.
    if (end === -1) break;
    out += html.slice(copied, at);
    copied = end + 3;
    at = open(copied);
  }
  return out + html.slice(copied);
}

/** Elements whose content is not text: `<script…>…</script>` is dropped whole (a closing tag may hold spaces). */
const RAW_TEXT_OPEN = /<(script|style|template)\b/iy;
const RAW_TEXT_CLOSE: Record<string, RegExp> = {
  script: /<\/script/iy,
  style: /<\/style/iy,
  template: /<\/template/iy,
};

/**
 * The next `</name\s*>` at or after `from` (`name` in any case), for a scan whose `from` never decreases, as
 * `forwardFinder`. A candidate `</name` is read once: the whitespace after it holds no `<`, so no two overlap.
 */
function closingTagFinder(
  text: string,
  name: string,
): (from: number) => { start: number; end: number } | null {
  const tag = RAW_TEXT_CLOSE[name]!;
  let found: { start: number; end: number } | null | undefined;
  return (from) => {
    if (found === null || (found && found.start >= from)) return found;
    let at = from;
    for (;;) {
      const start = text.indexOf('</', at);
      htmlTextWork.steps += (start === -1 ? text.length : start + 2) - at + 1;
      if (start === -1) {
        found = null;
        return found;
      }
      if (matchAt(tag, text, start)) {
        let end = start + 2 + name.length;
        while (end < text.length && WHITESPACE.test(text[end]!)) {
          htmlTextWork.steps++;
          end++;
        }
        if (text[end] === '>') {
          found = { start, end: end + 1 };
          return found;
        }
      }
      at = start + 1;
    }
  };
}

/** Drops script, style and template elements with their content; one never closed is left to the tag stripping. */
function stripRawText(html: string): string {
  const tagEnd = forwardFinder(html, '>');
  const closers = new Map<string, ReturnType<typeof closingTagFinder>>();
  let out = '';
  let copied = 0;
  let at = nextLt(html, 0);
  while (at !== -1) {
    const open = matchAt(RAW_TEXT_OPEN, html, at);
    if (open) {
      const openEnd = tagEnd(at + open[0].length);
      // No `>` after this opener: no later opener can end either.
      if (openEnd === -1) break;
      const name = open[1]!.toLowerCase();
      const closer = closers.get(name) ?? closingTagFinder(html, name);
      closers.set(name, closer);
      const close = closer(openEnd + 1);
      if (close) {
        out += html.slice(copied, at);
        copied = close.end;
        at = nextLt(html, copied);
        continue;
      }
    }
    at = nextLt(html, at + 1);
  }
  return out + html.slice(copied);
}

/** Tags that end a line of text: `<p …>`, `</div>`, `<br/>`… (the name must end there: `<pre>`, not `<p>`, for `<pre>`). */
const BLOCK_TAG =
  /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|blockquote|pre|section|article|header|footer)\b/iy;

/**
 * Replaces every tag (`<` up to the next `>`) with what `replacement` gives: a tag `pattern` does not match at its
 * `<` is kept. A `<` with no `>` after it is text, and so is every later one.
 */
function replaceTags(html: string, pattern: RegExp | undefined, replacement: string): string {
  const tagEnd = forwardFinder(html, '>');
  let out = '';
  let copied = 0;
  let at = nextLt(html, 0);
  while (at !== -1) {
    const name = pattern ? matchAt(pattern, html, at) : undefined;
    if (name !== null) {
      const end = tagEnd(at + (name ? name[0].length : 1));
      if (end === -1) break;
      out += html.slice(copied, at) + replacement;
      copied = end + 1;
      at = nextLt(html, copied);
    } else at = nextLt(html, at + 1);
  }
  return out + html.slice(copied);
}

/** Strips tags (dropping script/style contents), turns block boundaries into line breaks, decodes entities. */
export function htmlToText(html: string): string {
  const tagless = replaceTags(replaceTags(stripRawText(stripComments(html)), BLOCK_TAG, '\n'), undefined, '');
  // The passes below are linear as written: bounded entity names, and single-class runs (after the first one, no
  // two spaces are adjacent, so ` *\n *` never re-reads a run).
  htmlTextWork.steps += 4 * tagless.length;
  return decodeEntities(tagless)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

const TAG_NAME_START = /<\/?[a-z]/iy;
const ALNUM = /[a-z\d]/i;
const WORD = /\w/;

/**
 * A body is treated as HTML when it contains a tag-like `<x…>` or `</x>`, as helpdesk exports mix both: `<`, an
 * optional `/`, a letter, letters and digits up to a character that is not `_` (a word boundary), then a `>`.
 */
export function looksLikeHtml(body: string): boolean {
  const tagEnd = forwardFinder(body, '>');
  let at = nextLt(body, 0);
  while (at !== -1) {
    const start = matchAt(TAG_NAME_START, body, at);
    if (start) {
      let end = at + start[0].length;
      // Names after different `<` never overlap, so each character is read here once.
      while (end < body.length && ALNUM.test(body[end]!)) {
        htmlTextWork.steps++;
        end++;
      }
      if (!WORD.test(body[end] ?? ' ')) return tagEnd(end) !== -1;
    }
    at = nextLt(body, at + 1);
  }
  return false;
}
