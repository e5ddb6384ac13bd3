/**
 * The one CSV writer behind every export (knowledge base, data guard audit, SLA reports, answer usage, the CLI).
 *
 * Cells come from other people: article titles from an imported pack, client and ticket names from a helpdesk
 * page, an agent's override reason. A spreadsheet opening the file runs a cell that starts with `=`, `+`, `-` or
 * `@` as a formula (`=HYPERLINK(…)` leaks the row when clicked, `+cmd|' /c calc'!A0` runs DDE in old Excel), and
 * it does so after leading spaces too, and for the full-width forms (`＝ ＋ － ＠`) that Asian-locale spreadsheets
 * fold to ASCII. A cell starting with a tab or a carriage return is also read as the start of a formula by some.
 * Such a cell is written with a `'` in front (the OWASP "CSV injection" advice): a spreadsheet shows it as text.
 *
 * Numbers our own code computed (counts, percentages, minutes) are written as numbers, negative ones included:
 * a JavaScript number cannot carry a formula, and a `'` would turn a column of figures into text. Any string —
 * even "-3" read from a file — is checked and, when dangerous, escaped. That is the whole rule: the type decides,
 * never the look of the text.
 *
 * Quoting (RFC 4180: fields with the delimiter, quotes or line breaks quoted, quotes doubled) is papaparse's.
 */
import Papa from 'papaparse';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvOptions {
  /** `\r\n` (RFC 4180, the default) or `\n`. */
  newline?: '\r\n' | '\n';
  /** End the text with a newline after the last row (default false). */
  finalNewline?: boolean;
}

/**
 * Characters that make a spreadsheet read a cell as a formula: ASCII `= + - @`, their full-width forms, the
 * small forms (U+FE62, U+FE63, U+FE66) and the minus sign (U+2212), which some spreadsheets also fold.
 */
const FORMULA_START = '=+\\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE62\uFE63\uFE66\u2212';

/**
 * What may come before the formula character and still leave it first for a spreadsheet: white space (`\s`
 * covers ASCII and Unicode spaces, tabs, line breaks, the BOM) and the invisible format characters (zero-width
 * space/joiners, word joiner, soft hyphen).
 */
const INVISIBLE = '\\s\\u00AD\\u180E\\u200B-\\u200F\\u2060-\\u2064';

/** A cell a spreadsheet could run: a formula character after any invisible prefix, or a leading tab / CR. */
const DANGEROUS = new RegExp(`^(?:[${INVISIBLE}]*[${FORMULA_START}]|[\\t\\r])`, 'u');

/** True when a spreadsheet could read this text as a formula. */
export function isFormulaLike(text: string): boolean {
  return DANGEROUS.test(text);
}

/**
 * The cell's text as it goes into the file: dangerous text gets a leading `'`. Text that already starts with
 * quotes before a dangerous start gets one more, so `readCsvCell` gives back exactly what was written.
 */
export function neutraliseCell(text: string): string {
  return isFormulaLike(text.replace(/^'+/, '')) ? `'${text}` : text;
}

/**
 * The inverse of `neutraliseCell`, for importers reading a file an export wrote: one leading `'` is dropped
 * when what follows the quotes is dangerous (and so was escaped by the writer); any other text is kept.
 */
export function readCsvCell(text: string): string {
  return text.startsWith("'") && isFormulaLike(text.replace(/^'+/, '')) ? text.slice(1) : text;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Our own figures stay numbers (see the header); NaN/Infinity are not figures and are treated as text.
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  const text =
    typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  return neutraliseCell(text);
}

/** A header row and the rows, every cell through the same formula check. */
export function csvTable(
  header: readonly string[],
  rows: Iterable<readonly unknown[]>,
  options: CsvOptions = {},
): string {
  const newline = options.newline ?? '\r\n';
  const data = [...rows].map((row) => row.map(cellText));
  // Quote every cell that papaparse would and nothing else; never let papaparse touch formulas itself.
  const text = Papa.unparse(
    { fields: header.map(cellText), data },
    { newline, escapeFormulae: false, quotes: false },
  );
  return options.finalNewline ? `${text}${newline}` : text;
}

/** Rows of objects, in the order of `columns` (which is also the header). */
export function toCsv<Row extends object>(
  rows: readonly Row[],
  columns: ReadonlyArray<keyof Row & string>,
  options: CsvOptions = {},
): string {
  return csvTable(
    columns,
    rows.map((row) => columns.map((column) => row[column])),
    options,
  );
}
