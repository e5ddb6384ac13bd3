/**
 * The small kit every `deskmate` sub-command is written with: one error type that carries the exit code, and
 * helpers that read input files and print JSON. Commands never call process.exit themselves; main.ts does, so
 * each command stays testable by calling its `run` with an in-memory IO.
 *
 * Input is read within the limits of core/limits.ts: a file over its limit is refused before it is read whole,
 * and JSONL and knowledge files are streamed chunk by chunk. Errors say what and where, never the input's text.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { JsonlReader } from '../core/jsonl.ts';
import { formatBytes, formatCount, LIMITS } from '../core/limits.ts';
import { formatJsonSyntaxProblem, jsonSyntaxProblem } from '../core/validation.ts';

/** A problem with the user's input: printed as `deskmate <command>: <message>` on stderr. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A size limit for one input: the bytes and what the input is, for the message ("a policy file"). */
export interface InputLimit {
  maxBytes: number;
  what: string;
}

export interface CliIO {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Reads a file, or standard input when the path is `-`; refuses more than `limit.maxBytes`. */
  readText(path: string, limit?: InputLimit): Promise<string>;
  /** The same input as text chunks as they are read (for streaming readers); `readText` is used when absent. */
  readChunks?(path: string, limit?: InputLimit): AsyncIterable<string>;
}

/** A command's code (its name, summary, usage and help are in commands/catalog.ts). */
export interface CliCommand {
  run(args: string[], io: CliIO): Promise<number>;
}

export function tooLarge(path: string, limit: InputLimit): CliError {
  return new CliError(`${path}: larger than the ${formatBytes(limit.maxBytes)} limit for ${limit.what}`);
}

function readError(path: string, error: unknown): CliError {
  const code = (error as NodeJS.ErrnoException).code;
  return new CliError(
    code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? 'error'})`,
  );
}

/** Chunks of a file or of stdin, decoded as UTF-8 across chunk boundaries, stopping past the limit. */
async function* fileChunks(path: string, limit?: InputLimit): AsyncIterable<string> {
  if (path !== '-' && limit) {
    const size = await stat(path).then(
      (info) => info.size,
      (error: unknown) => {
        throw readError(path, error);
      },
    );
    if (size > limit.maxBytes) throw tooLarge(path, limit);
  }
  const source = path === '-' ? process.stdin : createReadStream(path);
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  try {
    for await (const chunk of source) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      bytes += buffer.length;
      if (limit && bytes > limit.maxBytes) throw tooLarge(path, limit);
      yield decoder.write(buffer);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw readError(path, error);
  } finally {
    if (source !== process.stdin) (source as { destroy(): void }).destroy();
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

export const processIO: CliIO = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  async readText(path, limit) {
    if (path === '-' || limit) {
      let text = '';
      for await (const chunk of fileChunks(path, limit)) text += chunk;
      return text;
    }
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw readError(path, error);
    }
  },
  readChunks: fileChunks,
};

/** How an input is named in messages: its path, or "standard input" for `-`. */
function inputName(path: string): string {
  return path === '-' ? 'standard input' : path;
}

/** Where binary data shows itself: a NUL character (no text format Deskmate reads has one) early in the input. */
const BINARY_PROBE_CHARS = 8192;

/** What was expected, without the limit's advice ("a text to scan (use --jsonl …)" → "a text to scan"). */
function expected(limit: InputLimit): string {
  return limit.what.replace(/\s*\(.*\)$/, '');
}

function refuseBinary(path: string, start: string, limit: InputLimit): void {
  if (start.slice(0, BINARY_PROBE_CHARS).includes('\u0000'))
    throw new CliError(`${inputName(path)}: binary data, not text (expected ${expected(limit)})`);
}

function refuseEmpty(path: string, text: string, limit: InputLimit): void {
  if (text.trim() === '')
    throw new CliError(
      `${inputName(path)}: empty ${path === '-' ? 'input' : 'file'} (expected ${expected(limit)})`,
    );
}

/** The input's text within its limit, whatever the IO does with the limit; an empty or binary input is refused. */
export async function readInput(io: CliIO, path: string, limit: InputLimit): Promise<string> {
  const text = await io.readText(path, limit);
  // UTF-16 length is at most the UTF-8 length: an IO that ignored the limit is caught here.
  if (text.length > limit.maxBytes) throw tooLarge(path, limit);
  refuseBinary(path, text, limit);
  refuseEmpty(path, text, limit);
  return text;
}

/** The input as chunks (streamed when the IO can), within its limit; an empty or binary input is refused. */
export async function* streamInput(io: CliIO, path: string, limit: InputLimit): AsyncIterable<string> {
  if (!io.readChunks) {
    yield await readInput(io, path, limit);
    return;
  }
  let start = '';
  let blank = true;
  for await (const chunk of io.readChunks(path, limit)) {
    if (start.length < BINARY_PROBE_CHARS) {
      start += chunk.slice(0, BINARY_PROBE_CHARS);
      refuseBinary(path, start, limit);
    }
    if (blank && chunk.trim() !== '') blank = false;
    yield chunk;
  }
  if (blank) refuseEmpty(path, '', limit);
}

export interface JsonlStreamOptions {
  /** Put before every error ("tickets.jsonl: "). */
  prefix?: string;
  /** What a line should hold, added to a syntax error ('{"id", "text"}'). */
  expected?: string;
  /** What one line is called in the over-long error ("one JSONL line"). */
  lineName?: string;
}

/**
 * Reads a JSONL input line by line as it streams: each line within the record limit, at most LIMITS.jsonlLines
 * lines. `handle` gets each line's value and throws a CliError to stop; a bad line stops with its number and
 * what is wrong, never the line's text.
 */
export async function forEachJsonlLine(
  io: CliIO,
  path: string,
  handle: (value: unknown, line: number) => void,
  options: JsonlStreamOptions = {},
): Promise<void> {
  const prefix = options.prefix ?? '';
  let failure: unknown;
  const reader = new JsonlReader(
    (entry) => {
      if (failure) return;
      try {
        if (entry.line > LIMITS.jsonlLines)
          throw new CliError(
            `${prefix}more than ${formatCount(LIMITS.jsonlLines)} lines, the limit for one JSONL input`,
          );
        if (!entry.ok)
          throw new CliError(
            `${prefix}line ${entry.line}: ${entry.message}${options.expected ? ` (expected ${options.expected})` : ''}`,
          );
        handle(entry.value, entry.line);
      } catch (error) {
        failure = error;
      }
    },
    options.lineName ? { what: options.lineName } : {},
  );
  for await (const chunk of streamInput(io, path, {
    maxBytes: LIMITS.eventsFileBytes,
    what: 'a JSONL input',
  })) {
    reader.feed(chunk);
    if (failure) throw failure;
  }
  reader.finish();
  if (failure) throw failure;
}

/**
 * A file that is not valid: one line per problem, `<file>: <path>: <what is wrong>` (main.ts puts
 * `deskmate <command>: ` before each), exit 2. With `--json` the errors are also printed as
 * {"ok": false, "errors": [...]} on standard output, for scripts.
 */
export function refuseFile(
  io: CliIO,
  file: string,
  errors: ReadonlyArray<{ path: string; message: string }>,
  options: { json?: boolean; extra?: Record<string, unknown> } = {},
): never {
  if (options.json) printJson(io, { ok: false, ...options.extra, errors });
  throw new CliError(errors.map((error) => `${file}: ${error.path || '/'}: ${error.message}`).join('\n'));
}

/** `--json` among a validate command's arguments (and the rest without it). */
export function takeJsonFlag(args: readonly string[]): { json: boolean; rest: string[] } {
  return { json: args.includes('--json'), rest: args.filter((arg) => arg !== '--json') };
}

/** Prints one JSON value on one line. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout(JSON.stringify(value));
}

/**
 * Parses JSON, naming the file, the kind of mistake and where it is. Never the engine's message: V8's quotes
 * the file's text (`Unexpected token 'c', "card 41111"…`), and files here may hold customer data.
 */
export function parseJsonFile(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: ${formatJsonSyntaxProblem(jsonSyntaxProblem(error, text))}`);
  }
}

/** Reads and parses a JSON document (policy, settings, pack, synonyms, manifest) within its size limit. */
export async function readJsonFile(io: CliIO, path: string, what = 'a JSON file'): Promise<unknown> {
  return parseJsonFile(await readInput(io, path, { maxBytes: LIMITS.jsonDocumentBytes, what }), path);
}
