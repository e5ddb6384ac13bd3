import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/cli-kit.ts';
import { CliError } from '../../../src/cli/cli-kit.ts';
import { main } from '../../../src/cli/main.ts';

const FIXTURES = new URL('../../fixtures/kb/', import.meta.url);

function memoryIO(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    async readText(path) {
      if (path in files) return files[path]!;
      try {
        return readFileSync(new URL(path, FIXTURES), 'utf8');
      } catch {
        throw new CliError(`${path}: no such file`);
      }
    },
  };
  return { io, out, err };
}

const json = (lines: string[]) => lines.flatMap((line) => line.split('\n')).map((line) => JSON.parse(line));

describe('deskmate kb', () => {
  it('validates every supported format', async () => {
    for (const [file, count] of [
      ['deskmate.jsonl', 4],
      ['deskmate.json', 2],
      ['articles.csv', 3],
      ['zendesk-macros.json', 2],
      ['freshdesk-canned-responses.json', 2],
      ['helpscout-saved-replies.json', 3],
    ] as const) {
      const { io, out } = memoryIO();
      expect(await main(['kb', 'validate', file], io)).toBe(0);
      expect(json(out)).toEqual([{ ok: true, count }]);
    }
  });

  it('refuses a bad file with the line on stderr and exit code 2', async () => {
    const { io, out, err } = memoryIO();
    expect(await main(['kb', 'validate', 'invalid-rows.csv'], io)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual(['deskmate kb: invalid-rows.csv: line 5: title must not be empty']);
  });

  it('prints what an import would store, as Deskmate JSONL', async () => {
    const { io, out } = memoryIO();
    expect(await main(['kb', 'import', 'zendesk-macros.json', '--format', 'zendesk'], io)).toBe(0);
    expect(json(out).map((article) => article.id)).toEqual(['360001234501', '360001234503']);
  });

  it('exports to CSV that imports back to the same articles', async () => {
    const { io, out } = memoryIO();
    expect(await main(['kb', 'export', 'deskmate.jsonl', '--to', 'csv'], io)).toBe(0);
    const csv = `${out.join('\n')}\n`;
    const again = memoryIO({ 'round.csv': csv });
    expect(await main(['kb', 'import', 'round.csv'], again.io)).toBe(0);
    const original = memoryIO();
    await main(['kb', 'import', 'deskmate.jsonl'], original.io);
    expect(again.out).toEqual(original.out);
  });

  it('rejects an unknown format name', async () => {
    const { io, err } = memoryIO();
    expect(await main(['kb', 'validate', 'deskmate.json', '--format', 'excel'], io)).toBe(2);
    expect(err[0]).toContain('--format must be one of');
  });
});

describe('deskmate suggest', () => {
  it('prints one line per query, best first, empty where nothing is confident', async () => {
    const { io, out } = memoryIO();
    expect(await main(['suggest', '--kb', 'deskmate.jsonl', '--queries', 'queries.jsonl'], io)).toBe(0);
    const lines = json(out);
    expect(lines.map((line) => line.id)).toEqual(['q1', 'q2', 'q3']);
    expect(lines[1].results[0].id).toBe('reset-password');
    expect(lines[2].results).toEqual([]);
  });

  it('learns accepted examples first', async () => {
    const queries = '{"id":1,"text":"i forgot my password and cannot log in"}\n';
    const before = memoryIO({ 'q.jsonl': queries });
    await main(['suggest', '--kb', 'deskmate.jsonl', '--queries', 'q.jsonl', '--top', '1'], before.io);
    const after = memoryIO({ 'q.jsonl': queries });
    await main(
      ['suggest', '--kb', 'deskmate.jsonl', '--queries', 'q.jsonl', '--learn', 'learn.jsonl', '--top', '1'],
      after.io,
    );
    const [scoreBefore, scoreAfter] = [
      json(before.out)[0].results[0]?.score ?? 0,
      json(after.out)[0].results[0].score,
    ];
    expect(json(after.out)[0].results[0].id).toBe('reset-password');
    expect(scoreAfter).toBeGreaterThan(scoreBefore);
  });

  it('applies a synonyms file, and refuses a bad one with the path of the problem', async () => {
    const files = {
      'kb.jsonl':
        '{"id":"cancel","title":"Cancel a membership","body":"We have cancelled your Trail Club membership."}\n' +
        '{"id":"wismo","title":"Where is my order","body":"Your parcel is on its way; track it here."}\n',
      'q.jsonl': '{"id":1,"text":"Please terminate my subscription"}\n',
      'syn.json': '[["cancel", "terminate"], ["membership", "subscription"]]',
      'bad.json': '[["cancel"]]',
    };
    const without = memoryIO(files);
    expect(await main(['suggest', '--kb', 'kb.jsonl', '--queries', 'q.jsonl'], without.io)).toBe(0);
    expect(json(without.out)[0].results).toEqual([]);
    const withSynonyms = memoryIO(files);
    expect(
      await main(
        ['suggest', '--kb', 'kb.jsonl', '--queries', 'q.jsonl', '--synonyms', 'syn.json'],
        withSynonyms.io,
      ),
    ).toBe(0);
    expect(json(withSynonyms.out)[0].results[0].id).toBe('cancel');
    const bad = memoryIO(files);
    expect(
      await main(['suggest', '--kb', 'kb.jsonl', '--queries', 'q.jsonl', '--synonyms', 'bad.json'], bad.io),
    ).toBe(2);
    expect(bad.err.join('\n')).toContain('bad.json: /0: a group needs at least two');
  });

  it('names the file and line of a bad query or example', async () => {
    const bad = memoryIO({
      'q.jsonl': '{"id":"a","text":"x"}\n{"id":"b"}\n',
      'l.jsonl': '{"text":"x","articleId":"nope"}\n',
    });
    expect(await main(['suggest', '--kb', 'deskmate.jsonl', '--queries', 'q.jsonl'], bad.io)).toBe(2);
    expect(bad.err.at(-1)).toBe('deskmate suggest: q.jsonl: line 2: missing field "text"');
    expect(
      await main(['suggest', '--kb', 'deskmate.jsonl', '--queries', 'q.jsonl', '--learn', 'l.jsonl'], bad.io),
    ).toBe(2);
    expect(bad.err.at(-1)).toBe(
      'deskmate suggest: l.jsonl: line 1: articleId names no article of the knowledge base',
    );
  });
});
