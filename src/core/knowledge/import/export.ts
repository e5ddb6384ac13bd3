/** Export to Deskmate JSONL and CSV: what `import` reads back to the same articles (round-trip tested). */
import Papa from 'papaparse';
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
 * which the importer reads as separators). Quoting and line breaks inside cells are papaparse's.
 */
export function toCsv(articles: Iterable<ArticleRecord>): string {
  const rows = [...articles].map((article) =>
    CSV_COLUMNS.map((column) => {
      if (column === 'tags') return article.tags.join('|');
      return article[column] ?? '';
    }),
  );
  return `${Papa.unparse({ fields: [...CSV_COLUMNS], data: rows }, { newline: '\n' })}\n`;
}
