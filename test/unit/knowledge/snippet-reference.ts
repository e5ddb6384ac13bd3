/**
 * The snippet parser and expander as they were at de9fc58 (recursive, backtracking), kept unchanged as an oracle:
 * on small inputs, where its exponential re-reading does not matter, the linear parser must give the same tree and
 * the same expansion. Only the tests use it.
 */
import {
  canonicalVariable,
  type ExpandedSnippet,
  type ParsedSnippet,
  type SnippetNode,
  type TabStop,
  type VariableValues,
} from '../../../src/core/knowledge/snippet.ts';

export function referenceParse(body: string): ParsedSnippet {
  const parser = new SnippetParser(body);
  const nodes = parser.parseSequence(false);
  const variables: string[] = [];
  const collect = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'variable' && !variables.includes(node.name)) variables.push(node.name);
      if (node.kind === 'tabstop') collect(node.children);
    }
  };
  collect(nodes);
  return { nodes, variables };
}

/** Variables the template uses that `values` does not give (undefined or only spaces) and that have no fallback. */
export function referenceMissing(parsed: ParsedSnippet, values: VariableValues): string[] {
  const given = normaliseValues(values);
  const missing: string[] = [];
  const visit = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'variable' && node.fallback === undefined && !given.has(node.name)) {
        if (!missing.includes(node.name)) missing.push(node.name);
      }
      if (node.kind === 'tabstop') visit(node.children);
    }
  };
  visit(parsed.nodes);
  return missing;
}

/** Fills in variables and computes where the tab stops and the final cursor land in the resulting text. */
export function referenceExpand(parsed: ParsedSnippet, values: VariableValues): ExpandedSnippet {
  const missing = referenceMissing(parsed, values);
  if (missing.length > 0) throw new Error(`missing values for ${missing.join(', ')}`);
  const given = normaliseValues(values);

  // A mirror (`$1` after `${1:name}`) shows the text of the stop's first placeholder, as in VS Code.
  const placeholderText = new Map<number, string>();
  const rendered = (list: SnippetNode[]): string =>
    list
      .map((node) => {
        if (node.kind === 'text') return node.text;
        if (node.kind === 'variable') return given.get(node.name) ?? node.fallback ?? '';
        return node.choices?.[0] ?? rendered(node.children);
      })
      .join('');
  const findPlaceholders = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind !== 'tabstop') continue;
      const text = node.choices?.[0] ?? rendered(node.children);
      if (!placeholderText.has(node.index) && (text !== '' || node.choices))
        placeholderText.set(node.index, text);
      findPlaceholders(node.children);
    }
  };
  findPlaceholders(parsed.nodes);

  let text = '';
  const stops = new Map<number, TabStop>();
  const emit = (list: SnippetNode[]) => {
    for (const node of list) {
      if (node.kind === 'text') text += node.text;
      else if (node.kind === 'variable') text += given.get(node.name) ?? node.fallback ?? '';
      else {
        const start = text.length;
        if (node.children.length > 0 && !node.choices) emit(node.children);
        else text += placeholderText.get(node.index) ?? '';
        let stop = stops.get(node.index);
        if (!stop) {
          stop = { index: node.index, ranges: [] };
          stops.set(node.index, stop);
        }
        stop.ranges.push({ start, end: text.length });
        if (node.choices && !stop.choices) stop.choices = node.choices;
      }
    }
  };
  emit(parsed.nodes);

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

/** Recursive-descent parser over the template (it re-reads unclosed placeholders: exponential on hostile input). */
class SnippetParser {
  private pos = 0;

  constructor(private readonly source: string) {}

  /** Parses until the end, or until an unescaped `}` when inside a placeholder. */
  parseSequence(insidePlaceholder: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    const { source } = this;
    while (this.pos < source.length) {
      const char = source[this.pos]!;
      const next = source[this.pos + 1];
      if (char === '\\' && next !== undefined && (next === '$' || next === '\\' || next === '}')) {
        text += next;
        this.pos += 2;
      } else if (insidePlaceholder && char === '}') {
        break;
      } else if (char === '$') {
        const node = this.parseTabStop();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += char;
          this.pos++;
        }
      } else if ((char === '{' && next === '{') || (char === '{' && next === '%')) {
        const node = this.parseVariable();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += char;
          this.pos++;
        }
      } else {
        text += char;
        this.pos++;
      }
    }
    flush();
    return nodes;
  }

  /** `$1`, `${1}`, `${1:…}`, `${1|a,b|}` at `pos`; null (and `pos` unchanged) when it is a literal `$`. */
  private parseTabStop(): SnippetNode | null {
    const { source } = this;
    const start = this.pos;
    const simple = /^\$(\d+)/.exec(source.slice(start, start + 12));
    if (simple) {
      this.pos += simple[0].length;
      return { kind: 'tabstop', index: Number(simple[1]), children: [] };
    }
    const braced = /^\$\{(\d+)([:|}])/.exec(source.slice(start, start + 14));
    if (!braced) return null;
    const index = Number(braced[1]);
    this.pos += braced[0].length;
    if (braced[2] === '}') return { kind: 'tabstop', index, children: [] };
    if (braced[2] === ':') {
      const children = this.parseSequence(true);
      if (source[this.pos] !== '}') {
        this.pos = start;
        return null;
      }
      this.pos++;
      return { kind: 'tabstop', index, children };
    }
    const choices = this.parseChoices();
    if (!choices) {
      this.pos = start;
      return null;
    }
    return { kind: 'tabstop', index, children: [], choices };
  }

  /** After `${1|`: `one,two|}` with `\,` `\|` `\\` escapes. */
  private parseChoices(): string[] | null {
    const { source } = this;
    const choices: string[] = [];
    let current = '';
    while (this.pos < source.length) {
      const char = source[this.pos]!;
      if (char === '\\' && this.pos + 1 < source.length) {
        current += source[this.pos + 1];
        this.pos += 2;
      } else if (char === ',') {
        choices.push(current);
        current = '';
        this.pos++;
      } else if (char === '|' && source[this.pos + 1] === '}') {
        choices.push(current);
        this.pos += 2;
        return choices;
      } else {
        current += char;
        this.pos++;
      }
    }
    return null;
  }

  /** `{{ name }}` (Deskmate, Zendesk, Freshdesk) or `{%name,fallback=x%}` (Help Scout). */
  private parseVariable(): SnippetNode | null {
    const rest = this.source.slice(this.pos, this.pos + 200);
    const mustache = /^\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/.exec(rest);
    if (mustache) {
      this.pos += mustache[0].length;
      return { kind: 'variable', name: canonicalVariable(mustache[1]!), written: mustache[0] };
    }
    const helpScout = /^\{%\s*([A-Za-z_][\w.]*)\s*(?:,\s*fallback=([^%]*))?%\}/.exec(rest);
    if (helpScout) {
      this.pos += helpScout[0].length;
      const node: SnippetNode = {
        kind: 'variable',
        name: canonicalVariable(helpScout[1]!),
        written: helpScout[0],
      };
      if (helpScout[2] !== undefined) node.fallback = helpScout[2];
      return node;
    }
    return null;
  }
}
