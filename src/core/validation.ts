/**
 * Turning failures into messages people can act on: each error names where the bad value is — the path of the
 * value as a JSON pointer (`/targets/0/priority`), a line, a column — and what is wrong with it, in our words.
 *
 * It never repeats the value. Files and messages checked here hold customer data (a ticket export, an article
 * pasted from a helpdesk, a policy with a secret in the wrong field), and error text travels to terminals, CI
 * logs, the options page and bug reports. The parsers' own messages are not safe to pass on: valibot's default
 * message ends `but received "SECRET-abc"`, and V8's JSON.parse message quotes the start of the text
 * (`Unexpected token 'c', "card 41111"… is not valid JSON`). So both are rewritten here, once, for every caller.
 */
import * as v from 'valibot';

export interface ValidationError {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: ValidationError[] };

/**
 * A key of a JSON path, as shown in an error. A key is where, not what — but a key is also text from the file
 * (an unknown field, a record's key). So a key is shown only when it is shaped like the names our formats use
 * (words of letters and `_`, joined by `.` or `:`, like `timeZone`, `CREDIT_CARD`, `agent.name`) or is an array
 * index; any other key (`hunter2pass`, `SECRET-abc`, a card number) is shown as `<key>`.
 */
export function safeKey(key: unknown): string {
  const text = String(key);
  return text.length <= 64 && /^(?:\d{1,9}|[A-Za-z_$][A-Za-z_$]*(?:[.:][A-Za-z][A-Za-z_$]*)*)$/.test(text)
    ? text
    : '<key>';
}

/** A valibot issue's path as a JSON pointer. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((item) => `/${safeKey(item.key)}`).join('');
}

/** A valibot issue's path as dotted keys (`tags.2`), or '' for the root. */
export function issueDotPath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((item) => safeKey(item.key)).join('.');
}

/**
 * What is wrong, without the value. Messages our schemas give (`title must not be empty`) are kept; valibot's
 * default message (`Invalid type: Expected string but received "SECRET-abc"`) is replaced by what was expected,
 * which comes from the schema (a type, a list of allowed words, a length), never from the input.
 */
export function issueMessage(issue: v.BaseIssue<unknown>): string {
  // A key's own problem, reported by its object with the object's message ("an SLA policy must be a JSON object"
  // for a missing `client` or an unknown `frobnicate`): say what is wrong with the key.
  if (OBJECT_TYPES.has(issue.type) && issue.path?.length) {
    if (issue.expected === 'never') return 'unknown field';
    if (issue.input === undefined) return 'missing';
  }
  if (!isDefaultMessage(issue)) return issue.message;
  if (issue.type === 'strict_object' || issue.type === 'strict_tuple') {
    if (issue.expected === 'never') return 'unknown field';
  }
  if (issue.kind === 'schema') {
    if (issue.input === undefined && issue.path?.length) return 'missing';
    return issue.expected ? `must be ${plainExpected(issue.expected)}` : 'wrong type';
  }
  const what = issue.type.replaceAll('_', ' ');
  return issue.expected ? `invalid ${what}: must be ${plainExpected(issue.expected)}` : `invalid ${what}`;
}

const OBJECT_TYPES = new Set(['object', 'strict_object', 'loose_object', 'object_with_rest']);

/** `"off" | "flag" | "warn"` as a person would say it: one of off, flag, warn. */
function plainExpected(expected: string): string {
  const words = expected.replace(/^\((.*)\)$/, '$1').split(' | ');
  if (words.length > 1 && words.every((word) => /^"[^"]*"$/.test(word)))
    return `one of ${words.map((word) => word.slice(1, -1)).join(', ')}`;
  return expected;
}

/**
 * Valibot's default text is `Invalid <label>: [Expected <expected> but r|R]eceived <received>`; any message that
 * ends with the received value is treated as quoting the input, whoever wrote it.
 */
function isDefaultMessage(issue: v.BaseIssue<unknown>): boolean {
  return issue.message.startsWith('Invalid ') || issue.message.endsWith(`eceived ${issue.received}`);
}

export function toValidationErrors(issues: readonly v.BaseIssue<unknown>[], prefix = ''): ValidationError[] {
  return issues.map((issue) => ({
    path: `${prefix}${issuePath(issue)}` || '/',
    message: issueMessage(issue),
  }));
}

export function validate<T>(schema: v.GenericSchema<unknown, T>, input: unknown): Validated<T> {
  const result = v.safeParse(schema, input);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, errors: toValidationErrors(result.issues) };
}

export function formatErrors(errors: readonly ValidationError[]): string {
  return errors.map((error) => `${error.path}: ${error.message}`).join('\n');
}

/** Where a JSON.parse failure is, as far as the engine says (V8: `at position N`; Firefox: `line L column C`). */
export interface JsonSyntaxProblem {
  /** `not valid JSON (a string is not closed)` — the kind of mistake, in our words. */
  message: string;
  /** 1-based, when the engine gave a position and the text was passed. */
  line?: number;
  column?: number;
}

/**
 * Describes a JSON.parse error without quoting the text: the kind of mistake and, when the engine says, the
 * line and column. `text` is the text that was parsed, to turn a character offset into a line and column.
 */
export function jsonSyntaxProblem(error: unknown, text?: string): JsonSyntaxProblem {
  const raw = error instanceof Error ? error.message : '';
  const kind = JSON_MISTAKES.find(([pattern]) => pattern.test(raw))?.[1] ?? 'syntax error';
  const explicit = /line (\d+) column (\d+)/.exec(raw);
  if (explicit) {
    return {
      message: `not valid JSON (${kind})`,
      line: Number(explicit[1]),
      column: Number(explicit[2]),
    };
  }
  const position = /position (\d+)/.exec(raw);
  if (position && text !== undefined) {
    return { message: `not valid JSON (${kind})`, ...lineAndColumn(text, Number(position[1])) };
  }
  if (/end of JSON input|end of data/i.test(raw) && text !== undefined) {
    return { message: `not valid JSON (${kind})`, ...lineAndColumn(text, text.length) };
  }
  return { message: `not valid JSON (${kind})` };
}

/** The engines' wording (V8, SpiderMonkey, JavaScriptCore) mapped to ours. Order matters: first match wins. */
const JSON_MISTAKES: ReadonlyArray<readonly [RegExp, string]> = [
  [/end of (JSON input|data)|unexpected EOF/i, 'the text ends before the JSON value does'],
  [/unterminated string/i, 'a string is not closed'],
  [/control character/i, 'a control character inside a string'],
  [/escape/i, 'a bad escape sequence in a string'],
  [/property name/i, 'expected a property name in double quotes'],
  [/expected ':'|colon/i, "expected ':' after a property name"],
  [/expected ','|after (property value|array element)/i, 'expected a comma or a closing bracket'],
  [/non-whitespace character after JSON|unexpected non-whitespace/i, 'more text after the JSON value'],
  [/unexpected (token|character|identifier|keyword|number|string)/i, 'unexpected character'],
];

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** `not valid JSON (…)` with ` at line L, column C` when known: for one-document files. */
export function formatJsonSyntaxProblem(problem: JsonSyntaxProblem): string {
  if (problem.line === undefined) return problem.message;
  return `${problem.message} at line ${problem.line}${problem.column === undefined ? '' : `, column ${problem.column}`}`;
}
