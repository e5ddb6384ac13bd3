/**
 * `deskmate kb`: knowledge-base files from the command line — what the options page's import would do, without a
 * browser. Nothing is imported anywhere: these commands read a file and print.
 *
 *   deskmate kb import FILE [--format F]     the normalised Deskmate JSONL the import would store
 *   deskmate kb export FILE --to jsonl|csv   any importable file converted to Deskmate JSONL or CSV
 *   deskmate kb validate FILE [--format F]   {"ok":true,"count":N}, or `line N: …` on stderr and exit code 2
 */
import { parseArgs } from 'node:util';
import {
  type ArticleRecord,
  exportArticles,
  formatIssue,
  IMPORT_FORMATS,
  type ImportFormat,
  importArticles,
} from '../../core/knowledge/index.ts';
import { LIMITS } from '../../core/limits.ts';
import { type CliCommand, CliError, type CliIO, printJson, streamInput } from '../cli-kit.ts';

const usage = [
  'deskmate kb import <file> [--format <format>]',
  'deskmate kb export <file> --to jsonl|csv [--format <format>]',
  'deskmate kb validate <file> [--format <format>]',
  `formats: ${IMPORT_FORMATS.join(', ')} (detected when not given)`,
].join('\n');

export const kbCommand: CliCommand = {
  name: 'kb',
  summary: 'Knowledge-base files: validate, normalise (import) and convert (export) any supported format',
  usage,
  async run(args, io) {
    const [action, ...rest] = args;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { format: { type: 'string' }, to: { type: 'string' } },
    });
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new CliError(`expected one file\nusage: ${usage}`);
    const format = parseFormat(values.format);
    if (action === 'validate') {
      const articles = await loadKnowledgeBase(file, io, format);
      if (!articles) return 2;
      printJson(io, { ok: true, count: articles.length });
      return 0;
    }
    if (action === 'import') {
      const articles = await loadKnowledgeBase(file, io, format);
      if (!articles) return 2;
      io.stdout(exportArticles(articles, 'jsonl').trimEnd());
      return 0;
    }
    if (action === 'export') {
      if (values.to !== 'jsonl' && values.to !== 'csv') throw new CliError('--to must be jsonl or csv');
      const articles = await loadKnowledgeBase(file, io, format);
      if (!articles) return 2;
      io.stdout(exportArticles(articles, values.to).trimEnd());
      return 0;
    }
    throw new CliError(`unknown action (expected import, export or validate)\nusage: ${usage}`);
  },
};

function parseFormat(value: string | undefined): ImportFormat | undefined {
  if (value === undefined) return undefined;
  if (!(IMPORT_FORMATS as readonly string[]).includes(value)) {
    throw new CliError(`--format must be one of ${IMPORT_FORMATS.join(', ')}`);
  }
  return value as ImportFormat;
}

/**
 * Reads and validates a knowledge-base file. On failure prints each problem as `line N: …` on stderr and returns
 * undefined: the whole file is refused, nothing half-imported.
 */
export async function loadKnowledgeBase(
  file: string,
  io: CliIO,
  format?: ImportFormat,
): Promise<ArticleRecord[] | undefined> {
  // Streamed: JSONL and CSV are parsed as they are read; the importer enforces the record limits.
  const chunks = streamInput(io, file, {
    maxBytes: LIMITS.knowledgeFileBytes,
    what: 'a knowledge-base file',
  });
  const result = await importArticles(chunks, { fileName: file, ...(format ? { format } : {}) });
  if (!result.ok) {
    for (const issue of result.errors) io.stderr(formatIssue(issue));
    return undefined;
  }
  return result.articles;
}
