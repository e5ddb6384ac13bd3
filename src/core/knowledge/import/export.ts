/** Export to Deskmate JSONL and CSV: what `import` reads back to the same articles (round-trip tested). */
import { csvTable } from '../../csv.ts';
import { type ArticleRecord, toRecord } from '../article.ts';
import { CSV_COLUMNS } from './csv.ts';

export type ExportFormat = 'jsonl' | 'csv';

export function exportArticles(articles: Iterable<ArticleRecord>, format: ExportFormat): string {
  return format === 'jsonl' ? toJsonl(articles) : toCsv(articles);
}

/** One article per line; fields a file would leave out (undefined) are omitted. */
export function toJsonl(articles: Iterable<ArticleRecord>): string {
  let text = '';
  for (const article of articles) text += `${JSON.stringify(toRecord(article))}\n`;
  return text;
}

/**
 * A header row and one row per article; tags joined with `|` (so a tag must not itself contain `,`, `;` or `|`,
 * which the importer reads as separators). Cells a spreadsheet would run as a formula get a leading `'`
 * (core/csv.ts); the importer drops it again, so export → import gives back the same articles.
 */
export function toCsv(articles: Iterable<ArticleRecord>): string {
  const rows = [...articles].map((article) =>
    CSV_COLUMNS.map((column) => {
      if (column === 'tags') return article.tags.join('|');
      return article[column] ?? '';
    }),
  );
  return csvTable(CSV_COLUMNS, rows, { newline: '\n', finalNewline: true });
}

/** The counts of one article's use, as the QA lead's usage CSV lists them. */
export interface ArticleUsageRow {
  id: string;
  title: string;
  usage: { shown: number; inserted: number; edited: number; sent: number };
}

/** Per article: shown, inserted, edited before sending, sent — the QA lead's CSV. */
export function usageCsv(clientName: string, articles: readonly ArticleUsageRow[]): string {
  const header = ['client', 'article_id', 'title', 'shown', 'inserted', 'edited_before_sending', 'sent'];
  const rows = articles.map((a) => [
    clientName,
    a.id,
    a.title,
    a.usage.shown,
    a.usage.inserted,
    a.usage.edited,
    a.usage.sent,
  ]);
  return csvTable(header, rows, { newline: '\n', finalNewline: true });
}
