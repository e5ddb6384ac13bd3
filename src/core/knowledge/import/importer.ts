/**
 * Knowledge-base import: any supported file in, validated articles out — all of them or none. The options page
 * feeds the file chunk by chunk (`createImporter().feed`, or `importArticles` with an async iterable) and shows a
 * progress bar; the caller writes to the store only when the result is `ok`, in one transaction.
 *
 * Deskmate JSONL and CSV are parsed as they stream. JSON documents (Deskmate JSON, helpdesk API responses) are
 * buffered and parsed at the end: a JSON value cannot be validated before it is complete.
 *
 * Limits (core/limits.ts): the file's size, the number of articles and the size of one JSONL line or CSV row.
 * Hitting one stops the import with a message naming the limit; the rest of the file is not read.
 */

import { JsonlReader } from '../../jsonl.ts';
import { formatBytes, formatCount, LIMITS, utf8Length } from '../../limits.ts';
import { jsonSyntaxProblem } from '../../validation.ts';
import type { ArticleRecord } from '../article.ts';
import { CsvArticleReader } from './csv.ts';
import { arrayElementLines } from './json-lines.ts';
import type { ImportFormat, ImportIssue, ImportOptions, ImportResult, SkippedItem } from './types.ts';
import { DuplicateIds, validateRecord } from './validate.ts';
import { DOCUMENT_FORMATS, deskmateJson } from './vendors.ts';

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
  let pending = '';
  let documentText = '';
  /** Set when a limit is hit: the rest of the file is not read (one message says which limit). */
  let stopped = false;
  let records = 0;
  let finished = false;

  const issue = (found: ImportIssue) => {
    if (errors.length < maxErrors) errors.push(found);
  };
  const stop = (found: ImportIssue) => {
    if (stopped) return;
    stopped = true;
    // The limit's message always shows, even when other errors filled the list.
    if (errors.length >= maxErrors) errors.pop();
    errors.push(found);
  };
  const accept = (candidate: unknown, line: number | undefined) => {
    if (stopped) return;
    if (++records > LIMITS.knowledgeRecords) {
      stop({
        ...(line === undefined ? {} : { line }),
        message: `more than ${formatCount(LIMITS.knowledgeRecords)} articles, the limit for one knowledge-base file`,
      });
      return;
    }
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

  const jsonl = new JsonlReader(
    (entry) => {
      if (errors.length >= maxErrors) return;
      if (entry.ok) accept(entry.value, entry.line);
      else issue({ line: entry.line, message: entry.message });
    },
    { maxLineBytes: LIMITS.recordBytes, what: 'one JSONL record' },
  );
  const jsonlLines = (text: string, final: boolean) => {
    if (errors.length < maxErrors) jsonl.feed(text);
    if (final) jsonl.finish();
  };

  const process = (text: string, final: boolean) => {
    if (mode === 'jsonl') jsonlLines(text, final);
    else if (mode === 'csv') {
      if (errors.length < maxErrors) csv.feed(text);
      if (final) csv.finish();
    } else documentText += text;
  };

  /** Decides the format from the first line (or the file name) once enough has arrived. */
  const sniff = (final: boolean): boolean => {
    const text = pending.replace(/^\uFEFF/, '');
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
      if (stopped) return;
      bytesDone += utf8Length(chunk);
      if (bytesDone > LIMITS.knowledgeFileBytes) {
        stop({
          message: `the file is larger than the ${formatBytes(LIMITS.knowledgeFileBytes)} limit for a knowledge-base file`,
        });
        documentText = '';
        return;
      }
      if (mode === undefined) {
        pending += chunk;
        if (!sniff(false)) return;
        chunk = pending.replace(/^\uFEFF/, '');
        pending = '';
      }
      process(chunk, false);
      report(articles.length);
    },
    finish(): ImportResult {
      if (finished) throw new Error('import already finished');
      finished = true;
      if (stopped) {
        report(articles.length);
        return { ok: false, format, errors };
      }
      if (mode === undefined) {
        sniff(true);
        process(pending.replace(/^\uFEFF/, ''), false);
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
    // Say the kind of mistake and where, never the engine's message (it quotes the file's text).
    const problem = jsonSyntaxProblem(error, text);
    issue({
      ...(problem.line === undefined ? {} : { line: problem.line }),
      message:
        problem.column === undefined ? problem.message : `${problem.message} at column ${problem.column}`,
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
