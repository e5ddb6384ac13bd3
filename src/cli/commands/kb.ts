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
import { usageOf } from './catalog.ts';

const usage = `${usageOf('kb')}\nformats: ${IMPORT_FORMATS.join(', ')} (detected when not given)`;

export const kbCommand: CliCommand = {
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
      printJson(io, { ok: true, count: articles.length });
      return 0;
    }
    if (action === 'import') {
      const articles = await loadKnowledgeBase(file, io, format);
      io.stdout(exportArticles(articles, 'jsonl').trimEnd());
      return 0;
    }
    if (action === 'export') {
      if (values.to !== 'jsonl' && values.to !== 'csv') throw new CliError('--to must be jsonl or csv');
      const articles = await loadKnowledgeBase(file, io, format);
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
 * Reads and validates a knowledge-base file. On failure every problem is reported as `<file>: line N: …` (a
 * CliError, exit 2): the whole file is refused, nothing half-imported.
 */
export async function loadKnowledgeBase(
  file: string,
  io: CliIO,
  format?: ImportFormat,
): Promise<ArticleRecord[]> {
  // Streamed: JSONL and CSV are parsed as they are read; the importer enforces the record limits.
  const chunks = streamInput(io, file, {
    maxBytes: LIMITS.knowledgeFileBytes,
    what: 'a knowledge-base file',
  });
  const result = await importArticles(chunks, { fileName: file, ...(format ? { format } : {}) });
  if (!result.ok)
    throw new CliError(result.errors.map((issue) => `${file}: ${formatIssue(issue)}`).join('\n'));
  return result.articles;
}
