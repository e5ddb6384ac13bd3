/**
 * Knowledge-base import: any supported file in, validated articles out — all of them or none. The options page
 * feeds the file chunk by chunk (`createImporter().feed`, or `importArticles` with an async iterable) and shows a
 * progress bar; the caller writes to the store only when the result is `ok`, in one transaction.
 *
 * Deskmate JSONL and CSV are parsed as they stream. JSON documents (Deskmate JSON, helpdesk API responses) are
 * buffered and parsed at the end: a JSON value cannot be validated before it is complete.
 */
import type { ArticleRecord } from '../article.ts';
import { CsvArticleReader } from './csv.ts';
import { arrayElementLines, syntaxErrorLine } from './json-lines.ts';
import type { ImportFormat, ImportIssue, ImportOptions, ImportResult, SkippedItem } from './types.ts';
import { DuplicateIds, validateRecord } from './validate.ts';
import { DOCUMENT_FORMATS, deskmateJson } from './vendors.ts';
import { importWork, joinPieces } from './work.ts';

export interface Importer {
  feed(chunk: string): void;
  finish(): ImportResult;
}

type Mode = 'jsonl' | 'csv' | 'document';

const STREAMED: Partial<Record<ImportFormat, Mode>> = { 'deskmate-jsonl': 'jsonl', csv: 'csv' };

export function createImporter(options: ImportOptions = {}): Importer {
  const maxErrors = options.maxErrors ?? 20;
  const articles: ArticleRecord[] = [];
  const skipped: SkippedItem[] = [];
  const errors: ImportIssue[] = [];
  const ids = new DuplicateIds();
  let bytesDone = 0;
  let mode: Mode | undefined = options.format ? (STREAMED[options.format] ?? 'document') : undefined;
  let format: ImportFormat | undefined = options.format;
  /** Chunks that came before the format was known, and what the sniffing has seen in them so far. */
  let pending: string[] = [];
  let firstChar: string | undefined;
  let firstLineEnded = false;
  /** A file name that decides the format on its own (see `sniff`). */
  const namedFormat = /\.(csv|tsv|jsonl|ndjson)$/.test(options.fileName?.toLowerCase() ?? '');
  let jsonlLine = 0;
  /** The JSONL line being read, as the chunks brought it: joined once when it ends (see CsvArticleReader). */
  let jsonlRest: string[] = [];
  let documentText = '';
  let finished = false;

  const issue = (found: ImportIssue) => {
    if (errors.length < maxErrors) errors.push(found);
  };
  const accept = (candidate: unknown, line: number | undefined) => {
    const validated = validateRecord(candidate, line);
    if (!validated.ok) {
      for (const found of validated.issues) issue(found);
      return;
    }
    const duplicate = ids.check(validated.record.id, line);
    if (duplicate) issue(duplicate);
    else if (errors.length === 0) articles.push(validated.record);
  };
  const csv = new CsvArticleReader((row) => accept(row.candidate, row.line), issue);

  const readJsonlLine = (raw: string) => {
    jsonlLine++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || errors.length >= maxErrors) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      issue({ line: jsonlLine, message: `not valid JSON (${(error as Error).message})` });
      return;
    }
    accept(value, jsonlLine);
  };
  const jsonlLines = (text: string, final: boolean) => {
    importWork.chars += text.length;
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      const raw = joinPieces(jsonlRest, text.slice(start, newline));
      jsonlRest = [];
      readJsonlLine(raw);
      start = newline + 1;
    }
    if (start < text.length) jsonlRest.push(text.slice(start));
    if (final) {
      const raw = joinPieces(jsonlRest, '');
      jsonlRest = [];
      readJsonlLine(raw);
    }
  };

  const process = (text: string, final: boolean) => {
    if (mode === 'jsonl') jsonlLines(text, final);
    else if (mode === 'csv') {
      if (errors.length < maxErrors) csv.feed(text);
      if (final) csv.finish();
    } else documentText += text;
  };

  /**
   * Whether `sniff` could decide now: it needs the first character that is not white space, and when that is `{`,
   * the end of its line. Each chunk is looked at once, so a long first line is not re-read for every chunk.
   */
  const sniffable = (chunk: string): boolean => {
    let from = 0;
    if (firstChar === undefined) {
      const content = chunk.search(/\S/);
      importWork.chars += content === -1 ? chunk.length : content + 1;
      if (content === -1) return false;
      firstChar = chunk[content];
      from = content + 1;
    }
    if (firstChar !== '{' || firstLineEnded) return true;
    const newline = chunk.indexOf('\n', from);
    importWork.chars += (newline === -1 ? chunk.length : newline + 1) - from;
    firstLineEnded = newline !== -1;
    return firstLineEnded;
  };

  /** Decides the format from the first line (or the file name) once enough has arrived. */
  const sniff = (text: string, final: boolean): boolean => {
    const name = options.fileName?.toLowerCase() ?? '';
    if (name.endsWith('.csv') || name.endsWith('.tsv')) mode = 'csv';
    else if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) mode = 'jsonl';
    else {
      const head = text.trimStart();
      if (head === '' && !final) return false;
      if (head.startsWith('[')) mode = 'document';
      else if (head.startsWith('{')) {
        const newline = head.indexOf('\n');
        if (newline === -1 && !final) return false;
        mode = looksLikeJsonlLine(newline === -1 ? head : head.slice(0, newline)) ? 'jsonl' : 'document';
      } else mode = 'csv';
    }
    if (mode === 'csv') format = 'csv';
    if (mode === 'jsonl') format = 'deskmate-jsonl';
    return true;
  };

  const report = (rows: number) =>
    options.onProgress?.({
      bytesDone,
      ...(options.bytesTotal === undefined ? {} : { bytesTotal: options.bytesTotal }),
      rows,
    });

  return {
    feed(chunk: string) {
      if (finished) throw new Error('import already finished');
      bytesDone += utf8Length(chunk);
      if (mode === undefined) {
        pending.push(chunk);
        if (!(sniffable(chunk) || namedFormat)) return;
        const text = joinPieces(pending, '').replace(/^\uFEFF/, '');
        if (!sniff(text, false)) return;
        chunk = text;
        pending = [];
      }
      process(chunk, false);
      report(articles.length);
    },
    finish(): ImportResult {
      if (finished) throw new Error('import already finished');
      finished = true;
      if (mode === undefined) {
        const text = joinPieces(pending, '').replace(/^\uFEFF/, '');
        sniff(text, true);
        process(text, false);
      }
      process('', true);
      if (mode === 'document') {
        const result = parseDocument(
          documentText.replace(/^\uFEFF/, ''),
          options.format,
          accept,
          issue,
          skipped,
        );
        format = result ?? format;
      }
      report(articles.length);
      if (errors.length > 0) return { ok: false, format, errors };
      return { ok: true, format: format ?? 'deskmate-json', articles, skipped };
    },
  };
}

/** Imports from a whole string or from chunks as they are read (e.g. a `File` stream through TextDecoderStream). */
export async function importArticles(
  source: string | Iterable<string> | AsyncIterable<string>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const importer = createImporter(options);
  if (typeof source === 'string') importer.feed(source);
  else for await (const chunk of source) importer.feed(chunk);
  return importer.finish();
}

/** A Deskmate JSONL line: a complete object with article fields (a one-line helpdesk response is not one). */
function looksLikeJsonlLine(line: string): boolean {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) && 'body' in value;
  } catch {
    return false;
  }
}

function parseDocument(
  text: string,
  forced: ImportFormat | undefined,
  accept: (candidate: unknown, line: number | undefined) => void,
  issue: (found: ImportIssue) => void,
  skipped: SkippedItem[],
): ImportFormat | undefined {
  if (text.trim() === '') {
    issue({ message: 'empty file' });
    return forced;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const line = syntaxErrorLine(text, error);
    issue({
      ...(line === undefined ? {} : { line }),
      message: `not valid JSON (${(error as Error).message})`,
    });
    return forced;
  }
  if (
    Array.isArray(document) &&
    document.length === 0 &&
    (forced === undefined || forced === 'deskmate-json')
  ) {
    return 'deskmate-json';
  }
  const candidates = forced ? DOCUMENT_FORMATS.filter((known) => known.format === forced) : DOCUMENT_FORMATS;
  for (const known of candidates) {
    const located = known.locate(document);
    if (!located) continue;
    const lines = located.path === undefined ? [] : arrayElementLines(text, located.path);
    located.items.forEach((item, index) => {
      const line = located.path === undefined ? 1 : lines[index];
      const outcome = known.toCandidate(item);
      if ('candidate' in outcome) accept(outcome.candidate, line);
      else if ('skip' in outcome)
        skipped.push({ ...(line === undefined ? {} : { line }), id: outcome.id, reason: outcome.skip });
      else issue({ ...(line === undefined ? {} : { line }), message: outcome.error });
    });
    return known.format;
  }
  issue({
    message: forced
      ? `this is not a ${forced} file`
      : 'unrecognised format: expected Deskmate JSON (an array of articles or {"articles": […]}), Deskmate JSONL, CSV, ' +
        'Zendesk macros ({"macros": […]}), Freshdesk canned responses or Help Scout saved replies',
  });
  return forced ?? deskmateJson.format;
}

/** UTF-8 byte length of a string (the core has no TextEncoder), for a progress bar against the file size. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
