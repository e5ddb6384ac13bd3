/**
 * Answer templates: VS Code / TextMate snippet syntax for the cursor (`$1`, `${1:default}`, `${1|one,two|}`,
 * `$0`, `\$`), plus page variables filled from the ticket (`{{customer.first_name}}`). Helpdesks each spell their
 * variables differently, so Zendesk (`{{ticket.requester.first_name}}`), Freshdesk (`{{ticket.agent.name}}`) and
 * Help Scout (`{%customer.firstName,fallback=there%}`) names are accepted as aliases of one canonical set: an
 * imported macro fills in the same way as one written for Deskmate.
 */

/** The variables the page can give, by canonical name. */
export const SNIPPET_VARIABLES = [
  'customer.first_name',
  'customer.last_name',
  'customer.name',
  'customer.email',
  'ticket.id',
  'ticket.subject',
  'agent.name',
  'agent.first_name',
  'agent.email',
  'client.name',
] as const;
export type SnippetVariable = (typeof SNIPPET_VARIABLES)[number];

/** Helpdesk spellings → canonical names. */
const VARIABLE_ALIASES: Record<string, SnippetVariable> = {
  // Zendesk placeholders (Liquid)
  'ticket.requester.first_name': 'customer.first_name',
  'ticket.requester.last_name': 'customer.last_name',
  'ticket.requester.name': 'customer.name',
  'ticket.requester.email': 'customer.email',
  'ticket.title': 'ticket.subject',
  'current_user.name': 'agent.name',
  'current_user.first_name': 'agent.first_name',
  'current_user.email': 'agent.email',
  'ticket.assignee.name': 'agent.name',
  'ticket.assignee.first_name': 'agent.first_name',
  'ticket.assignee.email': 'agent.email',
  // Freshdesk placeholders
  'ticket.requester.firstname': 'customer.first_name',
  'ticket.requester.lastname': 'customer.last_name',
  'ticket.agent.name': 'agent.name',
  'ticket.agent.email': 'agent.email',
  'ticket.portal_name': 'client.name',
  helpdesk_name: 'client.name',
  // Help Scout variables
  'customer.firstname': 'customer.first_name',
  'customer.lastname': 'customer.last_name',
  'customer.fullname': 'customer.name',
  'user.firstname': 'agent.first_name',
  'user.fullname': 'agent.name',
  'user.email': 'agent.email',
  'mailbox.name': 'client.name',
  'conversation.number': 'ticket.id',
  'conversation.subject': 'ticket.subject',
};

/** The canonical name of a variable as written in a template (case-insensitive; unknown names pass through). */
export function canonicalVariable(name: string): string {
  const key = name.trim().toLowerCase();
  return VARIABLE_ALIASES[key] ?? key;
}

export type SnippetNode =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; children: SnippetNode[]; choices?: string[] }
  | { kind: 'variable'; name: string; written: string; fallback?: string };

type TabStopNode = Extract<SnippetNode, { kind: 'tabstop' }>;
type VariableNode = Extract<SnippetNode, { kind: 'variable' }>;

export interface ParsedSnippet {
  nodes: SnippetNode[];
  /** Canonical names of the page variables used, in order of first use. */
  variables: string[];
}

export interface Range {
  start: number;
  end: number;
}

export interface TabStop {
  index: number;
  /** Every place the tab stop appears (a stop used twice is a mirror: typing in one edits both). */
  ranges: Range[];
  choices?: string[];
}

export interface ExpandedSnippet {
  text: string;
  /** In tab order (1, 2, …); `$0` is `finalCursor`, not a tab stop. */
  tabStops: TabStop[];
  finalCursor: number;
}

export type VariableValues = Readonly<Record<string, string | undefined>>;

/** Thrown by `expandSnippet` when a variable has no value: ask for it (see `missingVariables`), never blank it. */
export class MissingVariablesError extends Error {
  constructor(readonly missing: string[]) {
    super(`missing values for ${missing.join(', ')}`);
    this.name = 'MissingVariablesError';
  }
}

/**
 * Work done by the parser and the expander, in loop steps (characters read, nodes visited). Tests read it to prove
 * that the work stays linear in the template's length for any input, hostile or not, without a clock.
 */
export const snippetWork = { steps: 0 };

/**
 * How much longer than its template's own text an expanded answer may be. Values and mirrored tab stops add text;
 * a mirror repeats its placeholder, so `${1:<50,000 characters>}` followed by `$1` 25,000 times would expand to over
 * a billion characters and freeze the helpdesk tab. A real answer grows by a few names and numbers.
 */
export const MAX_SNIPPET_GROWTH = 100_000;

/** Thrown by `expandSnippet` when the answer would grow past `MAX_SNIPPET_GROWTH`; nothing is built or inserted. */
export class SnippetTooLargeError extends Error {
  constructor() {
    super(
      `this answer would grow by more than ${MAX_SNIPPET_GROWTH} characters when filled in ` +
        '(its values or repeated tab stops repeat too much text)',
    );
    this.name = 'SnippetTooLargeError';
  }
}

/** Longest tab-stop number read: `$123456789012` is stop 12345678901 followed by the text "2". */
const MAX_INDEX_DIGITS = 11;
/** A page variable (`{{…}}`, `{%…%}`) longer than this is text. */
const MAX_VARIABLE_LENGTH = 200;

/** A `${n:` whose `}` has not been read yet. */
interface OpenPlaceholder {
  index: number;
  /** As written (`${12:`): what the placeholder falls back to, as text, when it is never closed. */
  opener: string;
  nodes: SnippetNode[];
  /** Text read since the last node, not yet in `nodes`. */
  text: string;
}

/**
 * Parses a template. Never throws: malformed syntax is kept as literal text, as VS Code does.
 *
 * One pass over the characters with an explicit stack of open placeholders, so the work is linear and the depth of
 * nesting is limited only by memory. A `${n:` never closed stays literal text and what it held is parsed as if the
 * opener were not there (the same tree a backtracking parser gets by re-reading it, without the re-reading): a
 * placeholder can only fail to close at the end of the template, where every placeholder still open fails too.
 */
export function parseSnippet(body: string): ParsedSnippet {
  const source = body;
  const { length } = source;
  const variables = new Set<string>();
  const root: OpenPlaceholder = { index: -1, opener: '', nodes: [], text: '' };
  const open: OpenPlaceholder[] = [root];
  let current = root;
  let choiceEnds: Int32Array | undefined;
  const push = (node: SnippetNode) => {
    if (current.text) current.nodes.push({ kind: 'text', text: current.text });
    current.text = '';
    current.nodes.push(node);
  };

  let pos = 0;
  while (pos < length) {
    snippetWork.steps++;
    const char = source[pos]!;
    const next = source[pos + 1];
    if (char === '\\' && (next === '$' || next === '\\' || next === '}')) {
      current.text += next;
      pos += 2;
    } else if (char === '}' && open.length > 1) {
      const closed = open.pop()!;
      if (closed.text) closed.nodes.push({ kind: 'text', text: closed.text });
      current = open[open.length - 1]!;
      push({ kind: 'tabstop', index: closed.index, children: closed.nodes });
      pos++;
    } else if (char === '$') {
      const simple = countDigits(source, pos + 1);
      const braced = simple === 0 && next === '{' ? countDigits(source, pos + 2) : 0;
      const kind = braced > 0 ? source[pos + 2 + braced] : undefined;
      if (simple > 0) {
        push({ kind: 'tabstop', index: Number(source.slice(pos + 1, pos + 1 + simple)), children: [] });
        pos += 1 + simple;
      } else if (kind === '}' || kind === ':') {
        const index = Number(source.slice(pos + 2, pos + 2 + braced));
        const end = pos + 3 + braced;
        if (kind === '}') push({ kind: 'tabstop', index, children: [] });
        else {
          current = { index, opener: source.slice(pos, end), nodes: [], text: '' };
          open.push(current);
        }
        pos = end;
      } else if (kind === '|') {
        const index = Number(source.slice(pos + 2, pos + 2 + braced));
        choiceEnds ??= findChoiceEnds(source);
        const close = choiceEnds[pos + 3 + braced]!;
        if (close >= 0) {
          push({
            kind: 'tabstop',
            index,
            children: [],
            choices: readChoices(source, pos + 3 + braced, close),
          });
          pos = close + 2;
        } else {
          current.text += char;
          pos++;
        }
      } else {
        current.text += char;
        pos++;
      }
    } else if (char === '{' && (next === '{' || next === '%')) {
      const variable = readVariable(source, pos);
      if (variable) {
        variables.add(variable.node.name);
        push(variable.node);
        pos = variable.end;
      } else {
        current.text += char;
        pos++;
      }
    } else {
      // A run of characters that start no syntax is copied in one piece.
      let end = pos + 1;
      while (end < length && !startsSyntax(source.charCodeAt(end))) {
        snippetWork.steps++;
        end++;
      }
      current.text += source.slice(pos, end);
      pos = end;
    }
  }

  // Placeholders still open: each one's opener becomes text, followed by what it held, outermost first.
  const nodes = root.nodes;
  let text = root.text;
  for (let depth = 1; depth < open.length; depth++) {
    const placeholder = open[depth]!;
    text += placeholder.opener;
    for (const node of placeholder.nodes) {
      snippetWork.steps++;
      if (node.kind === 'text') text += node.text;
      else {
        if (text) nodes.push({ kind: 'text', text });
        text = '';
        nodes.push(node);
      }
    }
    text += placeholder.text;
  }
  if (text) nodes.push({ kind: 'text', text });
  // Variables were met in document order, which is the order of first use.
  return { nodes, variables: [...variables] };
}

/** `\\`, `}`, `$` and `{`: the characters where snippet syntax can start (or a placeholder end). */
const startsSyntax = (code: number) => code === 92 || code === 125 || code === 36 || code === 123;

/** How many ASCII digits start at `from`, up to `MAX_INDEX_DIGITS`. */
function countDigits(source: string, from: number): number {
  let count = 0;
  while (count < MAX_INDEX_DIGITS) {
    const code = source.charCodeAt(from + count);
    if (!(code >= 48 && code <= 57)) break;
    snippetWork.steps++;
    count++;
  }
  return count;
}

/**
 * For each position, where a choice list read from there ends (the `|` of its `|}`, with `\x` escaping any `x`), or
 * -1 when it never does. One backward pass, so a template full of unclosed `${1|` costs no more than one list.
 */
function findChoiceEnds(source: string): Int32Array {
  const { length } = source;
  const ends = new Int32Array(length + 2).fill(-1);
  for (let pos = length - 1; pos >= 0; pos--) {
    snippetWork.steps++;
    const char = source[pos];
    if (char === '\\' && pos + 1 < length) ends[pos] = ends[pos + 2]!;
    else if (char === '|' && source[pos + 1] === '}') ends[pos] = pos;
    else ends[pos] = ends[pos + 1]!;
  }
  return ends;
}

/** The choices of `${1|one,two\,three|}` between `from` (after `|`) and `close` (the final `|`). */
function readChoices(source: string, from: number, close: number): string[] {
  const choices: string[] = [];
  let current = '';
  let pos = from;
  while (pos < close) {
    snippetWork.steps++;
    const char = source[pos]!;
    if (char === '\\') {
      current += source[pos + 1];
      pos += 2;
    } else if (char === ',') {
      choices.push(current);
      current = '';
      pos++;
    } else {
      current += char;
      pos++;
    }
  }
  choices.push(current);
  return choices;
}

const SPACE = /\s/;
const isNameStart = (char: string | undefined) => char !== undefined && /[A-Za-z_]/.test(char);
const isNameChar = (char: string | undefined) => char !== undefined && /[\w.]/.test(char);

/**
 * `{{ name }}` (Deskmate, Zendesk, Freshdesk) or `{%name,fallback=x%}` (Help Scout) at `start`, within
 * `MAX_VARIABLE_LENGTH` characters. Reads each character once: a failed attempt stops at the first character that
 * cannot belong to a variable, and no variable can start before that character.
 */
function readVariable(source: string, start: number): { node: VariableNode; end: number } | null {
  const limit = Math.min(source.length, start + MAX_VARIABLE_LENGTH);
  const at = (pos: number) => {
    snippetWork.steps++;
    return pos < limit ? source[pos] : undefined;
  };
  const skipSpaces = (from: number) => {
    let pos = from;
    for (let char = at(pos); char !== undefined && SPACE.test(char); char = at(pos)) pos++;
    return pos;
  };
  const helpScout = source[start + 1] === '%';
  let pos = skipSpaces(start + 2);
  const nameStart = pos;
  if (!isNameStart(at(pos))) return null;
  pos++;
  while (isNameChar(at(pos))) pos++;
  const name = source.slice(nameStart, pos);
  pos = skipSpaces(pos);
  let fallback: string | undefined;
  if (helpScout && at(pos) === ',') {
    pos = skipSpaces(pos + 1);
    if (pos + 9 > limit || !source.startsWith('fallback=', pos)) return null;
    pos += 9;
    const from = pos;
    while (at(pos) !== undefined && source[pos] !== '%') pos++;
    fallback = source.slice(from, pos);
  }
  const closing = helpScout ? '%' : '}';
  if (at(pos) !== closing || at(pos + 1) !== '}') return null;
  const end = pos + 2;
  const node: VariableNode = {
    kind: 'variable',
    name: canonicalVariable(name),
    written: source.slice(start, end),
  };
  if (fallback !== undefined) node.fallback = fallback;
  return { node, end };
}

/**
 * Visits every node in document order (a tab stop before what it holds) without recursion, as a template can nest
 * thousands deep. `enter` returns whether to visit a tab stop's children; `leave` runs after them.
 */
function walk(
  nodes: SnippetNode[],
  enter: (node: SnippetNode) => boolean,
  leave: (node: TabStopNode) => void = () => {},
): void {
  const lists: SnippetNode[][] = [nodes];
  const positions: number[] = [0];
  const owners: TabStopNode[] = [];
  while (lists.length > 0) {
    const depth = lists.length - 1;
    const list = lists[depth]!;
    const position = positions[depth]!;
    if (position >= list.length) {
      lists.pop();
      positions.pop();
      if (depth > 0) leave(owners.pop()!);
      continue;
    }
    snippetWork.steps++;
    positions[depth] = position + 1;
    const node = list[position]!;
    if (enter(node) && node.kind === 'tabstop') {
      lists.push(node.children);
      positions.push(0);
      owners.push(node);
    }
  }
}

/**
 * The variables nobody gives a value for, and the length of the template's own text (what growth is measured from):
 * a variable kept as written is the template's text.
 */
function inspect(
  parsed: ParsedSnippet,
  given: Map<string, string>,
  asWritten: ReadonlySet<string> = new Set(),
): { missing: string[]; own: number } {
  const missing = new Set<string>();
  let own = 0;
  walk(parsed.nodes, (node) => {
    if (node.kind === 'text') own += node.text.length;
    else if (node.kind === 'variable') {
      if (node.fallback === undefined && !given.has(node.name)) {
        if (asWritten.has(node.name)) own += node.written.length;
        else missing.add(node.name);
      }
    } else if (node.choices) own += node.choices[0]!.length;
    return true;
  });
  return { missing: [...missing], own };
}

/** Variables the template uses that `values` does not give (undefined or only spaces) and that have no fallback. */
export function missingVariables(parsed: ParsedSnippet, values: VariableValues): string[] {
  return inspect(parsed, normaliseValues(values)).missing;
}

export interface ExpandOptions {
  /**
   * Variables with no value the agent will fill in the reply instead: they stay as written (`{{customer.phone}}`),
   * visibly unfilled, rather than making the expansion fail. For an article that needs more values than a form asks.
   */
  asWritten?: Iterable<string>;
}

/**
 * Fills in variables and computes where the tab stops and the final cursor land in the resulting text. Work and
 * memory are linear in the template plus the result, which may be at most `MAX_SNIPPET_GROWTH` longer than the
 * template's own text (else `SnippetTooLargeError`, before anything large is built).
 */
export function expandSnippet(
  parsed: ParsedSnippet,
  values: VariableValues,
  options: ExpandOptions = {},
): ExpandedSnippet {
  const given = normaliseValues(values);
  const asWritten = new Set([...(options.asWritten ?? [])].map(canonicalVariable));
  const { missing, own } = inspect(parsed, given, asWritten);
  if (missing.length > 0) throw new MissingVariablesError(missing);
  const limit = own + MAX_SNIPPET_GROWTH;
  const filledIn = (node: VariableNode) =>
    given.get(node.name) ?? node.fallback ?? (asWritten.has(node.name) ? node.written : '');

  // A mirror (`$1` after `${1:name}`) shows the text of the stop's first placeholder, as in VS Code: the first stop
  // of that number, in document order, that renders to some text or offers choices. Rendered here means with
  // nested mirrors left empty; all placeholders are rendered in one string and sliced from it.
  let rendered = '';
  const append = (to: string, piece: string) => {
    if (to.length + piece.length > limit) throw new SnippetTooLargeError();
    return to + piece;
  };
  let order = 0;
  const first = new Map<number, { order: number; start: number; end: number }>();
  const offer = (index: number, at: number, start: number, end: number) => {
    const known = first.get(index);
    if (!known || known.order > at) first.set(index, { order: at, start, end });
  };
  const renderStarts: Array<{ order: number; start: number }> = [];
  walk(
    parsed.nodes,
    (node) => {
      if (node.kind === 'text') rendered = append(rendered, node.text);
      else if (node.kind === 'variable') rendered = append(rendered, filledIn(node));
      else {
        const at = order++;
        if (node.choices) {
          const start = rendered.length;
          rendered = append(rendered, node.choices[0]!);
          offer(node.index, at, start, rendered.length);
        } else if (node.children.length > 0) {
          renderStarts.push({ order: at, start: rendered.length });
          return true;
        }
      }
      return false;
    },
    (node) => {
      const { order: at, start } = renderStarts.pop()!;
      if (rendered.length > start) offer(node.index, at, start, rendered.length);
    },
  );
  const placeholderText = new Map<number, string>();
  for (const [index, { start, end }] of first) placeholderText.set(index, rendered.slice(start, end));

  let text = '';
  const stops = new Map<number, TabStop>();
  const stopAt = (node: TabStopNode, start: number) => {
    let stop = stops.get(node.index);
    if (!stop) {
      stop = { index: node.index, ranges: [] };
      stops.set(node.index, stop);
    }
    stop.ranges.push({ start, end: text.length });
    if (node.choices && !stop.choices) stop.choices = node.choices;
  };
  const starts: number[] = [];
  walk(
    parsed.nodes,
    (node) => {
      if (node.kind === 'text') text = append(text, node.text);
      else if (node.kind === 'variable') text = append(text, filledIn(node));
      else if (node.children.length > 0 && !node.choices) {
        starts.push(text.length);
        return true;
      } else {
        const start = text.length;
        text = append(text, placeholderText.get(node.index) ?? '');
        stopAt(node, start);
      }
      return false;
    },
    (node) => stopAt(node, starts.pop()!),
  );

  const final = stops.get(0);
  stops.delete(0);
  return {
    text,
    tabStops: [...stops.values()].sort((a, b) => a.index - b.index),
    finalCursor: final?.ranges[0]?.start ?? text.length,
  };
}

function normaliseValues(values: VariableValues): Map<string, string> {
  const given = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value.trim() !== '') given.set(canonicalVariable(name), value);
  }
  return given;
}

/**
 * Makes text from a helpdesk without tab stops literal in Deskmate's syntax: "$5 fee" in a Zendesk macro must not
 * become tab stop 5. Page variables (`{{…}}`, `{%…%}`) are left as they are: they mean the same here.
 */
export function escapeSnippetText(text: string): string {
  return text.replace(/\\(?=[$\\}])/g, '\\\\').replace(/\$/g, '\\$');
}
