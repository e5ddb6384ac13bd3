/**
 * JSON Lines, read as they stream: one value per line, blank lines skipped, `\r\n` accepted. Every reader of
 * JSONL (knowledge import, SLA events, the CLI's scan and suggest inputs) goes through here, so each gets the
 * same two guarantees:
 *  - a line longer than the limit is refused while it arrives (its text is dropped, not buffered to the end);
 *  - a line that is not JSON is reported by number and kind of mistake, never by its content.
 */
import { exceedsBytes, formatBytes, LIMITS } from './limits.ts';
import { jsonSyntaxProblem } from './validation.ts';

export type JsonlEntry =
  | { line: number; ok: true; value: unknown }
  | { line: number; ok: false; message: string };

export interface JsonlOptions {
  /** Longest line in UTF-8 bytes (default `LIMITS.recordBytes`). */
  maxLineBytes?: number;
  /** What one line is, for the message: "one JSONL record". */
  what?: string;
}

export class JsonlReader {
  private rest = '';
  private line = 0;
  /** The current line already passed the limit: drop its text until the next line break. */
  private skipping = false;
  private readonly maxLineBytes: number;
  private readonly what: string;

  constructor(
    private readonly emit: (entry: JsonlEntry) => void,
    options: JsonlOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? LIMITS.recordBytes;
    this.what = options.what ?? 'one JSONL record';
  }

  /** Lines started so far (the number of the line being read). */
  get lines(): number {
    return this.line;
  }

  feed(chunk: string): void {
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, newline);
      start = newline + 1;
      this.line++;
      if (this.skipping) {
        this.skipping = false;
        this.rest = '';
        continue;
      }
      const text = this.rest + piece;
      this.rest = '';
      this.complete(text.endsWith('\r') ? text.slice(0, -1) : text);
    }
    if (this.skipping) return;
    this.rest += chunk.slice(start);
    if (exceedsBytes(this.rest, this.maxLineBytes + 1)) {
      this.emit({ line: this.line + 1, ok: false, message: this.tooLong() });
      this.rest = '';
      this.skipping = true;
    }
  }

  finish(): void {
    if (this.skipping || this.rest === '') return;
    this.line++;
    const text = this.rest;
    this.rest = '';
    this.complete(text.endsWith('\r') ? text.slice(0, -1) : text);
  }

  private complete(text: string): void {
    if (text.trim() === '') return;
    if (exceedsBytes(text, this.maxLineBytes)) {
      this.emit({ line: this.line, ok: false, message: this.tooLong() });
      return;
    }
    this.emit(parseJsonLine(text, this.line));
  }

  private tooLong(): string {
    return `longer than the ${formatBytes(this.maxLineBytes)} limit for ${this.what}`;
  }
}

/** One line's JSON, or what is wrong with it and where on the line (never the line's text). */
export function parseJsonLine(text: string, line: number): JsonlEntry {
  try {
    return { line, ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const problem = jsonSyntaxProblem(error, text);
    return {
      line,
      ok: false,
      message:
        problem.column === undefined ? problem.message : `${problem.message} at column ${problem.column}`,
    };
  }
}

/** All entries of a whole text (for callers that already hold it). */
export function readJsonl(text: string, options: JsonlOptions = {}): JsonlEntry[] {
  const entries: JsonlEntry[] = [];
  const reader = new JsonlReader((entry) => entries.push(entry), options);
  reader.feed(text);
  reader.finish();
  return entries;
}
