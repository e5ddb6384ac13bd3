/**
 * Line numbers for JSON documents. `JSON.parse` gives values, not positions; to say "line 40: title must not be
 * empty" for the 7th element of `{"macros": [...]}` we scan the text once (strings and escapes aware, linear)
 * and note the line where each element of the array at a given key path starts.
 */

interface Frame {
  kind: 'object' | 'array';
  /** Key path of this container from the root, e.g. `_embedded/replies`. */
  path: string;
  /** Objects: the key whose value comes next. */
  key: string;
  expectingKey: boolean;
  /** Arrays: a `[` or `,` was seen and the next value starts an element. */
  awaitingElement: boolean;
}

/** The 1-based line where each element of the array at `path` (keys joined by `/`; `''` = the root) starts. */
export function arrayElementLines(text: string, path: string): number[] {
  const lines: number[] = [];
  const stack: Frame[] = [];
  let line = 1;
  let i = 0;
  const valueStarts = () => {
    const top = stack.at(-1);
    if (top?.kind === 'array' && top.awaitingElement) {
      top.awaitingElement = false;
      if (top.path === path) lines.push(line);
    }
  };
  const childPath = () => {
    const top = stack.at(-1);
    if (!top) return '';
    const segment = top.kind === 'object' ? top.key : '[]';
    return top.path === '' ? segment : `${top.path}/${segment}`;
  };
  while (i < text.length) {
    const char = text[i]!;
    if (char === '\n') {
      line++;
      i++;
    } else if (char === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\') i++;
        else if (text[i] === '\n') line++;
        i++;
      }
      i++;
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectingKey) {
        try {
          top.key = JSON.parse(text.slice(start, i)) as string;
        } catch {
          top.key = '';
        }
        top.expectingKey = false;
      } else valueStarts();
    } else if (char === '{' || char === '[') {
      valueStarts();
      const kind = char === '{' ? 'object' : 'array';
      stack.push({
        kind,
        path: childPath(),
        key: '',
        expectingKey: kind === 'object',
        awaitingElement: kind === 'array',
      });
      i++;
    } else if (char === '}' || char === ']') {
      stack.pop();
      i++;
    } else if (char === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.expectingKey = true;
      else if (top) top.awaitingElement = true;
      i++;
    } else if (char === ':' || char === ' ' || char === '\t' || char === '\r') {
      i++;
    } else {
      valueStarts();
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  }
  return lines;
}

export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
