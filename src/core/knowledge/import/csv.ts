/**
 * Streaming CSV: the text arrives in chunks; complete records (a line break outside quotes ends one, so quoted
 * cells may span lines) are cut out as they arrive and parsed with papaparse. Knowing where each record starts is
 * what lets an error name the physical line of the file.
 */
import Papa from 'papaparse';
import { readCsvCell } from '../../csv.ts';
import { exceedsBytes, formatBytes, LIMITS } from '../../limits.ts';
import type { ImportIssue } from './types.ts';

export const CSV_COLUMNS = ['id', 'title', 'body', 'tags', 'locale', 'shortcut', 'folder', 'group'] as const;
const REQUIRED = ['id', 'title', 'body'];

const CSV_MISTAKES: Partial<Record<string, string>> = {
  MissingQuotes: 'a quoted cell is never closed',
  InvalidQuotes: 'a quote inside a quoted cell must be doubled ("")',
  UndetectableDelimiter: 'no delimiter found',
  TooFewFields: 'too few cells',
  TooManyFields: 'too many cells',
};

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
    if (this.failed) return;
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
          if (this.failed) return;
          start = i + 1;
        }
      }
    }
    this.buffer = buffer.slice(start);
    this.scanned = this.buffer.length;
    // A record that has not ended within the limit is refused as it arrives, not buffered to the end.
    if (!this.failed && exceedsBytes(this.buffer, LIMITS.recordBytes)) this.tooLong(this.recordLine);
  }

  /** Refuses the rest of the file: past an over-long record, where the next record starts is not known. */
  private tooLong(line: number): void {
    this.failed = true;
    this.buffer = '';
    this.scanned = 0;
    this.inQuotes = false;
    this.onIssue({
      line,
      message: `longer than the ${formatBytes(LIMITS.recordBytes)} limit for one CSV record`,
    });
  }

  finish(): void {
    if (this.failed) return;
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
    if (exceedsBytes(text, LIMITS.recordBytes)) {
      this.tooLong(line);
      return;
    }
    if (!this.header) {
      this.readHeader(text.replace(/^\uFEFF/, ''), line);
      return;
    }
    const parsed = Papa.parse<string[]>(text, { delimiter: this.delimiter, header: false });
    const fields = parsed.data[0] ?? [];
    const error = parsed.errors[0];
    if (error) {
      // papaparse's own words, mapped from its code: say what is wrong, not what the cell holds.
      this.onIssue({ line, message: `malformed CSV (${CSV_MISTAKES[error.code] ?? 'cannot be read'})` });
      return;
    }
    if (fields.length !== this.header.length) {
      this.onIssue({
        line,
        message: `expected ${this.header.length} cells (${this.columnNames()}), found ${fields.length}`,
      });
      return;
    }
    const candidate: Record<string, unknown> = {};
    this.header.forEach((column, index) => {
      // A cell our export escaped against spreadsheet formulas (`'=…`) reads back as written (core/csv.ts).
      const value = readCsvCell(fields[index] ?? '');
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

  /** The header as our column names; a header cell we do not know is the file's text, named by position. */
  private columnNames(): string {
    const known = CSV_COLUMNS as readonly string[];
    return (this.header ?? [])
      .map((name, index) => (known.includes(name) ? name : `column ${index + 1}`))
      .join(', ');
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
    const repeated = header.findIndex((name, index) => header.indexOf(name) !== index);
    if (repeated !== -1) {
      this.failed = true;
      // A column we know is named; any other header cell is the file's text, so only its position is given.
      const name = header[repeated]!;
      const which = (CSV_COLUMNS as readonly string[]).includes(name)
        ? `column "${name}"`
        : `header cell ${repeated + 1}`;
      this.onIssue({ line, message: `${which} repeats an earlier column name` });
    }
    this.header = header;
  }
}
