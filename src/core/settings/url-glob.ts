/**
 * Wildcard matching for the URL globs in settings: a client's host and path (`*.zendesk.com`, `/agent/*`) and the
 * path of a custom site's match patterns. These used to become regular expressions (`*` → `.*`), which backtrack:
 * `/*a*a*a*a*a*a*a*b` over a long path a page chose takes time growing with the path's length to the power of the
 * stars, in the worker (which picks the client of every message's tab) and in the page. Here `*` matches any run
 * of characters and each literal piece is searched for once, left to right, from where the previous one ended:
 * nothing is tried twice, so the work is at most the text's length times the pattern's, never exponential.
 */

export interface GlobOptions {
  caseInsensitive?: boolean;
}

/**
 * Whether `text` matches `pattern`, where `*` matches any run of characters (none included) and everything else
 * is literal. Placing each piece between stars at its leftmost occurrence is never worse than any later one
 * (what follows only gets more room), so one forward pass decides.
 */
export function globMatches(pattern: string, text: string, options: GlobOptions = {}): boolean {
  const glob = options.caseInsensitive ? pattern.toLowerCase() : pattern;
  const subject = options.caseInsensitive ? text.toLowerCase() : text;
  const pieces = glob.split('*');
  if (pieces.length === 1) return glob === subject;
  const first = pieces[0]!;
  const last = pieces.at(-1)!;
  if (subject.length < first.length + last.length) return false;
  if (!subject.startsWith(first) || !subject.endsWith(last)) return false;
  let at = first.length;
  const end = subject.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    if (piece === '') continue;
    const found = subject.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
}
