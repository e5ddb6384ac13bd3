import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../../src/core/knowledge/article.ts';
import { toArticle } from '../../../src/core/knowledge/article.ts';
import {
  createImporter,
  exportArticles,
  formatIssue,
  type ImportProgress,
  type ImportResult,
  importArticles,
} from '../../../src/core/knowledge/import/index.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/kb/${name}`, import.meta.url), 'utf8');

function articlesOf(result: ImportResult): ArticleRecord[] {
  if (!result.ok) throw new Error(`import failed: ${result.errors.map(formatIssue).join('; ')}`);
  return result.articles;
}

function errorsOf(result: ImportResult): string[] {
  if (result.ok) throw new Error('import unexpectedly succeeded');
  return result.errors.map(formatIssue);
}

describe('import: each format, detected from the content', () => {
  it('reads Deskmate JSONL, keeping locale variants, shortcuts and template bodies', async () => {
    const result = await importArticles(fixture('deskmate.jsonl'));
    expect(result.ok && result.format).toBe('deskmate-jsonl');
    const articles = articlesOf(result);
    expect(articles.map((article) => article.id)).toEqual([
      'refund-policy-en',
      'refund-policy-es',
      'reset-password',
      'shipping-times',
    ]);
    expect(articles[1]).toMatchObject({ locale: 'es', group: 'refund-policy', shortcut: 'refund-es' });
    const stored = toArticle(articles[2]!, 'acme');
    expect(stored).toMatchObject({ clientId: 'acme', bodyFormat: 'html', usage: { shown: 0, inserted: 0 } });
    expect(stored.placeholders).toEqual(['customer.first_name', 'customer.email']);
  });

  it('reads Deskmate JSON ({articles: […]})', async () => {
    const result = await importArticles(fixture('deskmate.json'));
    expect(result.ok && result.format).toBe('deskmate-json');
    expect(articlesOf(result).map((article) => article.locale ?? null)).toEqual([null, 'en-GB']);
  });

  it('reads CSV with multi-line quoted cells and tags split on , ; |', async () => {
    const result = await importArticles(fixture('articles.csv'));
    expect(result.ok && result.format).toBe('csv');
    const [late, , invoice] = articlesOf(result);
    expect(late?.body).toContain('\n\nwe are sorry');
    expect(late?.tags).toEqual(['shipping', 'delivery', 'carrier']);
    expect(invoice).toMatchObject({ title: 'Invoice copy, with VAT', tags: ['billing', 'invoice'] });
    expect(invoice?.locale).toBeUndefined();
  });

  it('reads Zendesk macros: the comment action is the body, ticket-field-only and inactive macros are skipped', async () => {
    const result = await importArticles(fixture('zendesk-macros.json'));
    if (!result.ok) throw new Error(result.errors.map(formatIssue).join());
    expect(result.format).toBe('zendesk');
    expect(result.articles.map((article) => article.title)).toEqual([
      'Refund issued',
      'Downgrade and inform',
    ]);
    expect(result.articles[0]).toMatchObject({ id: '360001234501', folder: 'Billing' });
    // "$25.00" stays money, not a tab stop; Zendesk placeholders are kept.
    expect(toArticle(result.articles[0]!, 'acme').placeholders).toEqual([
      'customer.first_name',
      'ticket.id',
      'agent.first_name',
    ]);
    expect(result.skipped.map((item) => [item.id, item.reason])).toEqual([
      ['360001234502', 'sets ticket fields only: no comment to insert'],
      ['360001234504', 'inactive macro'],
    ]);
  });

  it('reads Freshdesk canned responses and Help Scout saved replies', async () => {
    const freshdesk = await importArticles(fixture('freshdesk-canned-responses.json'));
    expect(freshdesk.ok && freshdesk.format).toBe('freshdesk');
    expect(articlesOf(freshdesk)[0]).toMatchObject({
      id: '101000123456',
      title: 'Password reset steps',
      folder: '101000004567',
    });
    const helpScout = await importArticles(fixture('helpscout-saved-replies.json'));
    expect(helpScout.ok && helpScout.format).toBe('helpscout');
    const replies = articlesOf(helpScout);
    expect(replies.map((reply) => reply.title)).toContain('Visiting us in person');
    expect(replies[1]?.body).toContain('{%customer.firstName,fallback=there%}');
  });

  it('honours an explicit format and refuses a file that is not in it', async () => {
    expect(errorsOf(await importArticles(fixture('deskmate.json'), { format: 'zendesk' }))).toEqual([
      'this is not a zendesk file',
    ]);
  });
});

describe('import: one transaction, errors with the physical line', () => {
  it('names the line of a bad CSV row after a multi-line cell, and imports nothing', async () => {
    expect(errorsOf(await importArticles(fixture('invalid-rows.csv')))).toEqual([
      'line 5: title must not be empty',
    ]);
  });

  it('names the line of a bad element inside a JSON array', async () => {
    expect(errorsOf(await importArticles(fixture('invalid-element.json')))).toEqual([
      'line 7: shortcut must be one word (letters, digits, . _ - /)',
    ]);
  });

  it('refuses duplicate ids, naming both lines', async () => {
    expect(errorsOf(await importArticles(fixture('duplicate-ids.jsonl')))).toEqual([
      'line 3: duplicate id: the same id as on line 1',
    ]);
  });

  it('reports broken JSON lines, missing fields and missing CSV columns clearly', async () => {
    expect(errorsOf(await importArticles('{"id":"a","title":"A","body":"x"}\n{"id": "b",\n'))[0]).toMatch(
      /^line 2: not valid JSON/,
    );
    expect(errorsOf(await importArticles('[{"id":"a","body":"x"}]'))).toEqual([
      'line 1: missing field "title"',
    ]);
    expect(errorsOf(await importArticles('id,name,text\n1,a,b\n', { fileName: 'kb.csv' }))).toEqual([
      'line 1: header row must name the columns id, title, body (missing: title, body)',
    ]);
    expect(errorsOf(await importArticles('id,title,body\n1,a\n'))).toEqual([
      'line 2: expected 3 cells (id, title, body), found 2',
    ]);
    expect(errorsOf(await importArticles('id,title,body\n1,a,"never closed\n'))).toEqual([
      'line 2: a quoted cell is never closed (missing ")',
    ]);
  });
});

describe('import: streaming', () => {
  it('gives the same articles whatever the chunking, with progress up to the file size', () => {
    const text = fixture('articles.csv');
    const whole = articlesOf(createImporterFeeding([text]));
    fc.assert(
      fc.property(fc.array(fc.nat(text.length), { maxLength: 6 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, i) => text.slice(start, points[i] ?? text.length));
        const progress: ImportProgress[] = [];
        const result = createImporterFeeding(chunks, (p) => progress.push(p), Buffer.byteLength(text));
        expect(articlesOf(result)).toEqual(whole);
        expect(progress.at(-1)).toEqual({
          bytesDone: Buffer.byteLength(text),
          bytesTotal: Buffer.byteLength(text),
          rows: 3,
        });
      }),
      { numRuns: 40 },
    );
  });

  it('streams JSONL chunk by chunk, counting rows as they come', () => {
    const rows: number[] = [];
    const importer = createImporter({ onProgress: (progress) => rows.push(progress.rows) });
    const lines = fixture('deskmate.jsonl').split('\n');
    for (const line of lines) importer.feed(`${line}\n`);
    expect(articlesOf(importer.finish())).toHaveLength(4);
    expect(rows).toEqual([1, 2, 3, 4, 4, 4]);
  });
});

function createImporterFeeding(
  chunks: string[],
  onProgress?: (p: ImportProgress) => void,
  bytesTotal?: number,
) {
  const importer = createImporter({
    ...(onProgress ? { onProgress } : {}),
    ...(bytesTotal ? { bytesTotal } : {}),
  });
  for (const chunk of chunks) importer.feed(chunk);
  return importer.finish();
}

describe('export', () => {
  it('round-trips through JSONL and CSV', async () => {
    const original = articlesOf(await importArticles(fixture('deskmate.jsonl')));
    for (const format of ['jsonl', 'csv'] as const) {
      const again = articlesOf(await importArticles(exportArticles(original, format)));
      expect(again).toEqual(original);
    }
  });
});
