/**
 * A message's text with its lines, as the page shows them: what the worker needs to tell the customer's question
 * from a greeting, a signature or a quoted mail (core/knowledge/customer-query.ts works line by line). An element's
 * `textContent` runs paragraphs together ("…my refund?Best regards,Maya"); this breaks lines at block elements and
 * `<br>`, keeps the newlines of pre-formatted text, and marks the lines of a `<blockquote>` with "> " as a mail
 * client quoting in plain text would.
 *
 * Bounded: a quoted mail contributes its first `QUOTE_CHARS` characters (the worker drops it anyway), so what a
 * customer wrote below a long quote still fits in the message sent to the worker; reading stops at `MAX_CHARS`.
 * The walk is iterative: a page nesting elements thousands deep cannot overflow the stack.
 */

const MAX_CHARS = 40_000;
const QUOTE_CHARS = 300;

const BLOCKS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'DD',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'TABLE',
  'TR',
  'UL',
]);
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'SVG', 'BUTTON', 'SELECT', 'IMG']);
/** Signature blocks mail apps mark as such (Gmail, Thunderbird, Outlook). */
const SIGNATURES = '.gmail_signature, [data-smartmail="gmail_signature"], .moz-signature, #Signature';

type Step = { node: Node } | { close: Element };

export function messageText(element: Element): string {
  const lines: string[] = [];
  let line = '';
  let total = 0;
  let quoteDepth = 0;
  let preDepth = 0;
  /** Characters emitted in the current outermost quote. */
  let quoted = 0;
  const preformatted = isPreformatted(element);
  /** Ends the current line; an empty one only where the page shows a blank line (`<br>`, a paragraph's end). */
  const breakLine = (blank = false) => {
    const prefix = quoteDepth > 0 ? '> '.repeat(quoteDepth) : '';
    const text = line.replace(/[ \t\u00a0]+/g, ' ').trim();
    line = '';
    if (text !== '') lines.push(prefix + text);
    else if (!blank || lines.length === 0 || lines.at(-1) === '') return;
    else lines.push('');
    total += text.length + 1;
    if (quoteDepth > 0) quoted += text.length + 1;
  };
  const stack: Step[] = [{ node: element }];
  while (stack.length > 0 && total < MAX_CHARS) {
    const step = stack.pop()!;
    if ('close' in step) {
      const closed = step.close.tagName.toUpperCase();
      if (BLOCKS.has(closed)) breakLine();
      // Paragraphs are set apart by a blank line, as the page shows them.
      if (closed === 'P') breakLine(true);
      if (closed === 'PRE') preDepth--;
      if (closed === 'BLOCKQUOTE') {
        quoteDepth--;
        if (quoteDepth === 0) quoted = 0;
      }
      continue;
    }
    const { node } = step;
    if (node.nodeType === 3) {
      if (quoteDepth > 0 && quoted > QUOTE_CHARS) continue;
      const value = node.nodeValue ?? '';
      if (preformatted || preDepth > 0) {
        const parts = value.split('\n');
        parts.forEach((part, i) => {
          if (i > 0) breakLine(true);
          line += part;
        });
      } else line += value.replace(/\s+/g, ' ');
      continue;
    }
    if (node.nodeType !== 1) continue;
    const child = node as Element;
    const tag = child.tagName.toUpperCase();
    if (SKIPPED.has(tag) || child.hasAttribute('hidden') || child.getAttribute('aria-hidden') === 'true')
      continue;
    if (child !== element && safeMatches(child, SIGNATURES)) continue;
    // The rest of a quote already read as far as it needs to be: not even walked.
    if (quoteDepth > 0 && quoted > QUOTE_CHARS) continue;
    if (tag === 'BR') {
      breakLine(true);
      continue;
    }
    if (BLOCKS.has(tag)) breakLine();
    if (tag === 'BLOCKQUOTE') quoteDepth++;
    if (tag === 'PRE') preDepth++;
    stack.push({ close: child });
    const children = child.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]! });
  }
  breakLine();
  while (lines.at(-1) === '') lines.pop();
  return lines.join('\n').trim();
}

function safeMatches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector);
  } catch {
    return false;
  }
}

function isPreformatted(element: Element): boolean {
  if (element.tagName === 'PRE' || element.tagName === 'TEXTAREA') return true;
  try {
    const view = element.ownerDocument.defaultView;
    const whiteSpace = view?.getComputedStyle(element).whiteSpace ?? '';
    return whiteSpace.startsWith('pre') || whiteSpace === 'break-spaces';
  } catch {
    return false;
  }
}
