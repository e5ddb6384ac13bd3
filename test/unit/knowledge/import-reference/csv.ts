/**
 * The streaming csv as it was at de9fc58 (each chunk appended to the unfinished line or record, which is then read
 * again), kept unchanged as an oracle: however a file is chunked, the reader that reads each character once must
 * give the same result. Only the tests use it.
 */
/**
 * Streaming CSV: the text arrives in chunks; complete records (a line break outside quotes ends one, so quoted
 * cells may span lines) are cut out as they arrive and parsed with papaparse. Knowing where each record starts is
 * what lets an error name the physical line of the file.
 */
import Papa from 'papaparse';
import type { ImportIssue } from '../../../../src/core/knowledge/import/types.ts';

export const CSV_COLUMNS = ['id', 'title', 'body', 'tags', 'locale', 'shortcut', 'folder', 'group'] as const;
const REQUIRED = ['id', 'title', 'body'];

export interface CsvRow {
  line: number;
  candidate: Record<string, unknown>;
}

export class CsvArticleReader {
  private buffer = '';
  /** Where scanning resumes in `buffer`, and the quote state there (so no character is scanned twice). */
  private scanned = 0;
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
    this.buffer += chunk;
    const { buffer } = this;
    let start = 0;
    for (let i = this.scanned; i < buffer.length; i++) {
      const char = buffer.charCodeAt(i);
      if (char === 34 /* " */) this.inQuotes = !this.inQuotes;
      else if (char === 10 /* \n */) {
        if (this.inQuotes) this.linesInRecord++;
        else {
          this.record(buffer.slice(start, i));
          start = i + 1;
        }
      }
    }
    this.buffer = buffer.slice(start);
    this.scanned = this.buffer.length;
  }

  finish(): void {
    if (this.inQuotes) {
      this.onIssue({ line: this.recordLine, message: 'a quoted cell is never closed (missing ")' });
      return;
    }
    if (this.buffer.trim() !== '') this.record(this.buffer);
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
