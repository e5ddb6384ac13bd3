/**
 * Streaming CSV: the text arrives in chunks; complete records (a line break outside quotes ends one, so quoted
 * cells may span lines) are cut out as they arrive and parsed with papaparse. Knowing where each record starts is
 * what lets an error name the physical line of the file.
 */
import Papa from 'papaparse';
import type { ImportIssue } from './types.ts';
import { importWork, joinPieces } from './work.ts';

export const CSV_COLUMNS = ['id', 'title', 'body', 'tags', 'locale', 'shortcut', 'folder', 'group'] as const;
const REQUIRED = ['id', 'title', 'body'];

export interface CsvRow {
  line: number;
  candidate: Record<string, unknown>;
}

export class CsvArticleReader {
  /**
   * The record being read, as the chunks brought it: joined once when it ends. Appending to one string and scanning
   * it again made a long record (a 4 MB quoted cell) cost its length once per chunk.
   */
  private pieces: string[] = [];
  /** The quote state at the end of the last chunk (so no character is scanned twice). */
  private inQuotes = false;
  private recordLine = 1;
  private linesInRecord = 0;
  private header: string[] | undefined;
  private delimiter = ',';
  /** Set when the header is unusable: rows cannot be read, and one error says why. */
  private failed = false;

  constructor(
    private readonly onRow: (row: CsvRow) => void,
    private readonly onIssue: (issue: ImportIssue) => void,
  ) {}

  feed(chunk: string): void {
    importWork.chars += chunk.length;
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk.charCodeAt(i);
      if (char === 34 /* " */) this.inQuotes = !this.inQuotes;
      else if (char === 10 /* \n */) {
        if (this.inQuotes) this.linesInRecord++;
        else {
          const raw = joinPieces(this.pieces, chunk.slice(start, i));
          this.pieces = [];
          this.record(raw);
          start = i + 1;
        }
      }
    }
    if (start < chunk.length) this.pieces.push(chunk.slice(start));
  }

  finish(): void {
    if (this.inQuotes) {
      this.onIssue({ line: this.recordLine, message: 'a quoted cell is never closed (missing ")' });
      return;
    }
    const rest = joinPieces(this.pieces, '');
    this.pieces = [];
    if (rest.trim() !== '') this.record(rest);
    if (!this.header)
      this.onIssue({ message: `empty file: expected a header row naming ${REQUIRED.join(', ')}` });
  }

  private record(raw: string): void {
    const line = this.recordLine;
    this.recordLine += this.linesInRecord + 1;
    this.linesInRecord = 0;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '' || this.failed) return;
    if (!this.header) {
      this.readHeader(text.replace(/^\uFEFF/, ''), line);
      return;
    }
    const parsed = Papa.parse<string[]>(text, { delimiter: this.delimiter, header: false });
    const fields = parsed.data[0] ?? [];
    const error = parsed.errors[0];
    if (error) {
      this.onIssue({ line, message: `malformed CSV (${error.message})` });
      return;
    }
    if (fields.length !== this.header.length) {
      this.onIssue({
        line,
        message: `expected ${this.header.length} cells (${this.header.join(', ')}), found ${fields.length}`,
      });
      return;
    }
    const candidate: Record<string, unknown> = {};
    this.header.forEach((column, index) => {
      const value = fields[index] ?? '';
      if (!(CSV_COLUMNS as readonly string[]).includes(column)) return;
      if (column === 'tags') {
        candidate.tags = value
          .split(/[,;|]/)
          .map((tag) => tag.trim())
          .filter(Boolean);
      } else if (REQUIRED.includes(column) || value.trim() !== '') candidate[column] = value;
    });
    this.onRow({ line, candidate });
  }

  private readHeader(text: string, line: number): void {
    const parsed = Papa.parse<string[]>(text, { header: false, delimitersToGuess: [',', ';', '\t', '|'] });
    this.delimiter = parsed.meta.delimiter || ',';
    const header = (parsed.data[0] ?? []).map((name) => name.trim().toLowerCase());
    const missing = REQUIRED.filter((column) => !header.includes(column));
    if (missing.length) {
      this.failed = true;
      this.onIssue({
        line,
        message: `header row must name the columns ${REQUIRED.join(', ')} (missing: ${missing.join(', ')})`,
      });
    }
    const repeated = header.find((name, index) => header.indexOf(name) !== index);
    if (repeated) {
      this.failed = true;
      this.onIssue({ line, message: `column "${repeated}" appears twice in the header` });
    }
    this.header = header;
  }
}
