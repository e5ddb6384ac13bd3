/**
 * Hostile files for the streaming import: the options page feeds a file chunk by chunk, so one line or record spread
 * over thousands of chunks must not be re-read or re-copied for each one (de9fc58 did: quadratic in the line's
 * length). Work is counted in characters (`importWork`), never timed; de9fc58's reader, kept in import-reference/,
 * must give the same result for every file and chunking.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createImporter } from '../../../src/core/knowledge/import/importer.ts';
import type { ImportOptions } from '../../../src/core/knowledge/import/types.ts';
import { importWork } from '../../../src/core/knowledge/import/work.ts';
import { createImporter as referenceImporter } from './import-reference/importer.ts';

/**
 * Characters scanned or copied per character of file at most: each is scanned once for line ends and copied once
 * when its line is joined, and the first line once more to find the format and once to join it (4 at most, measured).
 * de9fc58 re-read the whole unfinished line for every chunk: chunks/2 per character.
 */
const CHARS_PER_CHAR = 6;

type Create = (options: ImportOptions) => { feed(chunk: string): void; finish(): unknown };

function feedInChunks(create: Create, text: string, size: number, options: ImportOptions = {}) {
  const importer = create(options);
  for (let start = 0; start < text.length; start += size) importer.feed(text.slice(start, start + size));
  return importer.finish();
}

function counted<T>(run: () => T): { result: T; chars: number } {
  const before = importWork.chars;
  const result = run();
  return { result, chars: importWork.chars - before };
}

describe('import of hostile files', () => {
  it('reads a line or record spread over thousands of chunks in work linear in the file', () => {
    const long = 'a fairly long answer\n'.repeat(50_000); // 1 MB
    const jsonl = `${JSON.stringify({ id: 'long', title: 'Long', body: long })}\n{"id":"b","title":"B","body":"b"}\n`;
    const csv = `id,title,body\nlong,Long,"${long}"\nb,B,b\n`;
    const cases: Array<[string, string, ImportOptions]> = [
      // No file name: the format is found from the first line, which is the long one.
      ['jsonl', jsonl, {}],
      ['jsonl', jsonl, { fileName: 'kb.jsonl' }],
      ['csv', csv, { fileName: 'kb.csv' }],
      ['csv', csv, {}],
      // A first line that is only white space for a long while.
      ['jsonl', `${' '.repeat(500_000)}${jsonl}`, {}],
    ];
    for (const [format, text, options] of cases) {
      const { result, chars } = counted(() => feedInChunks(createImporter, text, 256, options));
      expect(result).toMatchObject({ ok: true, format: format === 'csv' ? 'csv' : 'deskmate-jsonl' });
      const articles = (result as { articles: Array<{ id: string; body: string }> }).articles;
      expect(articles.map((article) => [article.id, article.body.length])).toEqual([
        ['long', long.length],
        ['b', 1],
      ]);
      expect(chars).toBeLessThanOrEqual(CHARS_PER_CHAR * text.length);
    }
  });

  it('gives the same result as the reader that re-read each line, however the file is chunked', () => {
    const jsonlLine = fc.constantFrom(
      '{"id":"a","title":"A","body":"Hi {{customer.first_name}}"}',
      '{"id":"b","title":"B","body":"two\\nlines","tags":["x"]}',
      '{"id":"a","title":"Again","body":"dup"}',
      '{"id":"c","title":"","body":"empty title"}',
      '{"id":"d","title":"D"',
      'not json',
      '',
      '   ',
      '{"id":"e","title":"E","body":"crlf"}\r',
    );
    const csvRow = fc.constantFrom(
      'a,A,Hi',
      'b,"B, quoted","two\nlines"',
      'c,C,"say ""hi"""',
      'a,Dup,x',
      'd,D',
      'e,E,"never closed',
      '',
      'f,F,crlf\r',
    );
    const file = fc.oneof(
      fc.array(jsonlLine, { maxLength: 8 }).map((lines) => lines.join('\n')),
      fc.array(csvRow, { maxLength: 8 }).map((rows) => ['id,title,body', ...rows].join('\n')),
      fc.constantFrom(
        '',
        '\uFEFF',
        '  \n ',
        '[]',
        '{"articles": []}',
        '\uFEFF  {"id":"a","title":"A","body":"b"}\n',
      ),
    );
    const prefix = fc.constantFrom('', '\uFEFF', '\n\n', '  \t', '\uFEFF \n');
    const suffix = fc.constantFrom('', '\n', '\r\n', '\n\n');
    const fileName = fc.constantFrom(undefined, 'kb.csv', 'kb.jsonl', 'kb.json', 'KB.NDJSON');
    fc.assert(
      fc.property(
        prefix,
        file,
        suffix,
        fileName,
        fc.integer({ min: 1, max: 12 }),
        (pre, body, post, name, size) => {
          const text = pre + body + post;
          const options: ImportOptions = name ? { fileName: name } : {};
          expect(feedInChunks(createImporter, text, size, options)).toEqual(
            feedInChunks(referenceImporter, text, size, options),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
