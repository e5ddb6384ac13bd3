/**
 * Size limits (issue #12, finding 12): every bulk input — knowledge imports (options page and CLI), SLA events,
 * policies, settings, text to redact or scan — is refused past its documented limit, with a message that names
 * the limit and where it was hit, instead of freezing the page or running for minutes.
 */
import { closeSync, ftruncateSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { createImporter, importArticles } from '../../../src/core/knowledge/index.ts';
import { parseEventsJsonl } from '../../../src/core/sla/index.ts';
import { importFile } from '../../../src/options/sections/KnowledgeSection.tsx';
import { memoryIO } from './memory-io.ts';

const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'deskmate-limits-'));
let count = 0;

/** A file of `bytes` zero bytes that takes no disk space (sparse): for limits on the file's size. */
function sparseFile(name: string, bytes: number): string {
  const path = join(dir, `${++count}-${name}`);
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return path;
}

function file(name: string, content: string): string {
  const path = join(dir, `${++count}-${name}`);
  writeFileSync(path, content);
  return path;
}

const article = (id: number | string, body = 'We refund within 5 days.') =>
  JSON.stringify({ id: String(id), title: `Answer ${id}`, body });

async function cli(args: string[], stdin = '') {
  const io = memoryIO(stdin);
  const code = await main(args, io);
  return { code, err: io.err.join('\n'), out: io.out.join('\n') };
}

describe('knowledge imports', () => {
  it('refuse a JSONL line over 1 MB, naming the line and the limit, whatever the chunking', async () => {
    const long = article(2, 'x'.repeat(1.2 * MB));
    const text = `${article(1)}\n${long}\n${article(3)}\n`;
    for (const chunks of [[text], text.match(/[\s\S]{1,65536}/g)!]) {
      const result = await importArticles(chunks, { fileName: 'kb.jsonl' });
      expect(result).toMatchObject({
        ok: false,
        errors: [{ line: 2, message: 'longer than the 1 MB limit for one JSONL record' }],
      });
    }
    const path = file('long.jsonl', text);
    const { code, err } = await cli(['kb', 'validate', path]);
    expect(code).toBe(2);
    expect(err).toBe(`deskmate kb: ${path}: line 2: longer than the 1 MB limit for one JSONL record`);
  });

  it('refuse a CSV record over 1 MB', async () => {
    const text = `id,title,body\n1,a,b\n2,b,"${'y'.repeat(1.1 * MB)}"\n3,c,d\n`;
    const result = await importArticles(text.match(/[\s\S]{1,65536}/g)!, { fileName: 'kb.csv' });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ line: 3, message: 'longer than the 1 MB limit for one CSV record' }],
    });
  });

  it('refuse more than 100,000 articles', async () => {
    const lines = Array.from({ length: 100_001 }, (_, index) => article(index));
    const result = await importArticles([lines.join('\n')], { fileName: 'kb.jsonl' });
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { line: 100_001, message: 'more than 100,000 articles, the limit for one knowledge-base file' },
      ],
    });
  }, 60_000);

  it('refuse a file over 64 MB: the importer stops reading, the CLI does not start', async () => {
    const importer = createImporter({ fileName: 'kb.json' });
    const chunk = ' '.repeat(MB);
    importer.feed('[');
    for (let i = 0; i < 65; i++) importer.feed(chunk);
    importer.feed(']');
    expect(importer.finish()).toMatchObject({
      ok: false,
      errors: [{ message: 'the file is larger than the 64 MB limit for a knowledge-base file' }],
    });
    const path = sparseFile('huge.jsonl', 64 * MB + 1);
    const { code, err } = await cli(['kb', 'validate', path]);
    expect(code).toBe(2);
    expect(err).toBe(`deskmate kb: ${path}: larger than the 64 MB limit for a knowledge-base file`);
  }, 60_000);

  it('the options page refuses a file over 64 MB before reading a byte of it', async () => {
    const huge = {
      name: 'kb.jsonl',
      size: 64 * MB + 1,
      stream: () => {
        throw new Error('the file was read');
      },
    } as unknown as File;
    const states: unknown[] = [];
    const state = await importFile({} as never, 'northwind', huge, {
      replace: false,
      onState: (next) => states.push(next),
    });
    expect(state).toEqual({
      state: 'failed',
      errors: ['the file is larger than the 64 MB limit for a knowledge-base file'],
    });
    expect(states).toEqual([state]);
  });
});

describe('SLA events', () => {
  it('refuse an event line over 1 MB and more than 1,000,000 lines', async () => {
    const event = '{"ticket":"1","type":"created","at":"2026-03-06T09:00:00-05:00"}';
    const long = `{"ticket":"${'1'.repeat(1.1 * MB)}","type":"created","at":"2026-03-06T09:00:00-05:00"}`;
    expect(parseEventsJsonl(`${event}\n${long}\n`)).toEqual({
      ok: false,
      errors: [{ line: 2, message: 'longer than the 1 MB limit for one event line' }],
    });
    // Blank lines count: the limit is on lines read, whatever they hold.
    const tooMany = `${event}\n${'\n'.repeat(1_000_000)}`;
    expect(parseEventsJsonl(tooMany)).toMatchObject({
      ok: false,
      errors: [{ line: 1_000_001, message: 'more than 1,000,000 lines, the limit for an events file' }],
    });
    const policy = new URL('../../fixtures/sla/acme-policy.json', import.meta.url).pathname;
    const { code, err } = await cli(['sla', '--policy', policy, '--events', file('long.jsonl', `${long}\n`)]);
    expect(code).toBe(2);
    expect(err).toContain('line 1: longer than the 1 MB limit for one event line');
  });
});

describe('documents and texts read whole', () => {
  it('refuse a policy, settings or synonyms file over 4 MB before reading it', async () => {
    const path = sparseFile('huge.json', 4 * MB + 1);
    for (const [args, what] of [
      [['policy', 'validate', path], 'a policy file'],
      [['sla', 'validate', path], 'an SLA policy'],
      [['settings', 'validate', path], 'a settings file'],
      [['scan', '--policy', path, '-'], 'a policy file'],
    ] as const) {
      const { code, err } = await cli([...args]);
      expect(code, args.join(' ')).toBe(2);
      expect(err).toContain(`${path}: larger than the 4 MB limit for ${what}`);
    }
  });

  it('refuse a text over 4 MB to redact or scan in one piece (scan --jsonl streams instead)', async () => {
    const path = sparseFile('huge.txt', 4 * MB + 1);
    const redacted = await cli(['redact', path]);
    expect(redacted.code).toBe(2);
    expect(redacted.err).toContain('larger than the 4 MB limit for a text to redact');
    const scanned = await cli(['scan', '-'], 'a'.repeat(4 * MB + 1));
    expect(scanned.code).toBe(2);
    expect(scanned.err).toContain('larger than the 4 MB limit for a text to scan');
  });
});
