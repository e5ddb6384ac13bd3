/**
 * When-clauses, as in VS Code: a small boolean language over context keys that decides whether a command or
 * keybinding applies right now, e.g. `ticket && !paletteOpen`, `site == 'zendesk' || site == 'demo'`,
 * `problems > 0`. Parsed once into a predicate; unknown keys are undefined (falsy), never an error.
 *
 *   expr   := or
 *   or     := and ('||' and)*
 *   and    := unary ('&&' unary)*
 *   unary  := '!' unary | atom
 *   atom   := '(' expr ')' | key (op value)?
 *   op     := '==' | '!=' | '<' | '<=' | '>' | '>='
 *   value  := 'quoted' | "quoted" | number | true | false | bare-word
 */
export type ContextValue = string | number | boolean | undefined | null;
export type ContextLookup = (key: string) => ContextValue;
export type WhenPredicate = (lookup: ContextLookup) => boolean;

export class WhenSyntaxError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly offset: number,
  ) {
    super(`${message} at column ${offset + 1} in "${expression}"`);
    this.name = 'WhenSyntaxError';
  }
}

type Token = { kind: 'op' | 'word' | 'string' | 'paren'; text: string; at: number };

const TOKEN = /\s*(?:(\|\||&&|==|!=|<=|>=|<|>|!)|([()])|'([^']*)'|"([^"]*)"|([\w.:-]+))/y;

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    const at = TOKEN.lastIndex;
    if (/^\s*$/.test(expression.slice(at))) break;
    const match = TOKEN.exec(expression);
    if (!match) throw new WhenSyntaxError('unexpected character', expression, at);
    const [, op, paren, single, double, word] = match;
    if (op) tokens.push({ kind: 'op', text: op, at });
    else if (paren) tokens.push({ kind: 'paren', text: paren, at });
    else if (single !== undefined || double !== undefined)
      tokens.push({ kind: 'string', text: single ?? double ?? '', at });
    else if (word) tokens.push({ kind: 'word', text: word, at });
  }
  return tokens;
}

function literal(token: Token): ContextValue {
  if (token.kind === 'string') return token.text;
  if (token.text === 'true') return true;
  if (token.text === 'false') return false;
  const number = Number(token.text);
  return Number.isFinite(number) && token.text.trim() !== '' ? number : token.text;
}

function compare(op: string, left: ContextValue, right: ContextValue): boolean {
  switch (op) {
    case '==':
      return left === right || String(left) === String(right);
    case '!=':
      return !(left === right || String(left) === String(right));
  }
  if (typeof left !== 'number' || typeof right !== 'number') return false;
  switch (op) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    default:
      return left >= right;
  }
}

export function parseWhen(expression: string): WhenPredicate {
  const tokens = tokenize(expression);
  if (tokens.length === 0) return () => true;
  let index = 0;
  const peek = () => tokens[index];
  const fail = (message: string): never => {
    throw new WhenSyntaxError(message, expression, peek()?.at ?? expression.length);
  };

  const parseOr = (): WhenPredicate => {
    let left = parseAnd();
    while (peek()?.text === '||') {
      index++;
      const [a, b] = [left, parseAnd()];
      left = (lookup) => a(lookup) || b(lookup);
    }
    return left;
  };
  const parseAnd = (): WhenPredicate => {
    let left = parseUnary();
    while (peek()?.text === '&&') {
      index++;
      const [a, b] = [left, parseUnary()];
      left = (lookup) => a(lookup) && b(lookup);
    }
    return left;
  };
  const parseUnary = (): WhenPredicate => {
    if (peek()?.text === '!') {
      index++;
      const inner = parseUnary();
      return (lookup) => !inner(lookup);
    }
    return parseAtom();
  };
  const parseAtom = (): WhenPredicate => {
    const token = peek();
    if (!token) return fail('expression ends too early');
    if (token.text === '(') {
      index++;
      const inner = parseOr();
      if (peek()?.text !== ')') fail('missing )');
      index++;
      return inner;
    }
    if (token.kind !== 'word') return fail(`unexpected "${token.text}"`);
    index++;
    const key = token.text;
    const op = peek();
    if (op?.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(op.text)) {
      index++;
      const valueToken = peek();
      if (!valueToken || (valueToken.kind !== 'word' && valueToken.kind !== 'string'))
        return fail('missing value');
      index++;
      const value = literal(valueToken);
      return (lookup) => compare(op.text, lookup(key), value);
    }
    return (lookup) => Boolean(lookup(key));
  };

  const predicate = parseOr();
  if (index < tokens.length) fail(`unexpected "${peek()?.text}"`);
  return predicate;
}
