/**
 * A template as one line of readable text, for the short previews under suggestions and search hits: `${1:amount}`
 * reads "amount", `${2|a,b|}` reads "a,b", `$1` and `${1}` vanish, `{{customer.first_name}}` reads
 * "‹customer.first_name›", and white space runs become one space.
 *
 * The worker builds previews from article bodies, which come from imported files, so the work is linear in the body
 * whatever it holds. Hand-written passes, because the regular expressions that did this were not: with no `}` to end
 * them, each of 2,000 `${1:` made `[^}|]*[^}]*` try every split of the rest of the body (38 s for 8 KB, cubic), and
 * `{{` before a long run of spaces made `\s*([^}]+?)\s*` do the same.
 */

/**
 * Work done by `templatePreview`, in characters examined. Tests read it to prove that the work stays linear in the
 * text's length for any input, without a clock.
 */
export const previewWork = { steps: 0 };

/** The next `needle` at or after `from`, for a scan whose `from` never decreases (each character searched once). */
function forwardFinder(text: string, needle: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || found >= from) return found;
    found = text.indexOf(needle, from);
    previewWork.steps += (found === -1 ? text.length : found + needle.length) - from + 1;
    return found;
  };
}

function next(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  previewWork.steps += (at === -1 ? text.length : at + needle.length) - from + 1;
  return at;
}

/** The end of the ASCII digits starting at `from`. */
function digitsEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) {
    previewWork.steps++;
    end++;
  }
  return end;
}

/** `${n:text}` and `${n|a,b|}` read as their text (up to the first `|`); one never closed stays as written. */
function placeholdersAsText(text: string): string {
  const close = forwardFinder(text, '}');
  const bar = forwardFinder(text, '|');
  let out = '';
  let copied = 0;
  let at = next(text, '${', 0);
  while (at !== -1) {
    const digits = digitsEnd(text, at + 2);
    const marker = text[digits];
    if (digits > at + 2 && (marker === ':' || marker === '|')) {
      const start = digits + 1;
      const end = close(start);
      // No `}` after this one: none after any later one either.
      if (end === -1) break;
      const firstBar = bar(start);
      out += text.slice(copied, at) + text.slice(start, firstBar !== -1 && firstBar < end ? firstBar : end);
      copied = end + 1;
      at = next(text, '${', copied);
    } else at = next(text, '${', at + 1);
  }
  return out + text.slice(copied);
}

/** `$1`, `${1}` (and `${1` or `$1}`) vanish. */
function dropTabStops(text: string): string {
  let out = '';
  let copied = 0;
  let at = next(text, '$', 0);
  while (at !== -1) {
    const brace = text[at + 1] === '{' ? 1 : 0;
    const digits = digitsEnd(text, at + 1 + brace);
    if (digits > at + 1 + brace) {
      out += text.slice(copied, at);
      copied = text[digits] === '}' ? digits + 1 : digits;
      at = next(text, '$', copied);
    } else at = next(text, '$', at + 1);
  }
  return out + text.slice(copied);
}

/**
 * `{{ name }}` reads `‹name›`: what lies between `{{` and the first `}`, which must start `}}`, trimmed (all white
 * space keeps its last character).
 */
function variablesAsText(text: string): string {
  const close = forwardFinder(text, '}');
  let out = '';
  let copied = 0;
  let at = next(text, '{{', 0);
  while (at !== -1) {
    const start = at + 2;
    const end = close(start);
    if (end === -1) break;
    if (end > start && text[end + 1] === '}') {
      const inner = text.slice(start, end);
      const trimmed = inner.trim();
      previewWork.steps += inner.length;
      out += `${text.slice(copied, at)}‹${trimmed || inner.slice(-1)}›`;
      copied = end + 2;
      at = next(text, '{{', copied);
    } else at = next(text, '{{', at + 1);
  }
  return out + text.slice(copied);
}

export function templatePreview(text: string): string {
  const flat = variablesAsText(dropTabStops(placeholdersAsText(text)));
  previewWork.steps += 2 * flat.length;
  return flat.replace(/\s+/g, ' ').trim();
}
