import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { memoryIO } from '../cli/memory-io.ts';

const dir = mkdtempSync(join(tmpdir(), 'deskmate-pii-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('deskmate scan', () => {
  it('prints the findings of a text with UTF-16 offsets and no values', async () => {
    const io = memoryIO('😀 card 4111 1111 1111 1111');
    expect(await main(['scan', '-'], io)).toBe(0);
    expect(JSON.parse(io.out[0]!)).toEqual({
      findings: [{ type: 'CREDIT_CARD', start: 8, end: 27, score: 1 }],
    });
    expect(io.out[0]).not.toContain('4111');
  });

  it('scans JSONL records one per line, skipping blank lines', async () => {
    const io = memoryIO('{"id":"a","text":"SSN 536-22-1234"}\n\n{"id":7,"text":"nothing here"}\n');
    expect(await main(['scan', '--jsonl', '-'], io)).toBe(0);
    expect(io.out.map((line) => JSON.parse(line))).toEqual([
      { id: 'a', findings: [{ type: 'US_SSN', start: 4, end: 15, score: 0.95 }] },
      { id: 7, findings: [] },
    ]);
  });

  it('names the bad JSONL line and exits 2, without echoing the ticket text', async () => {
    for (const [line, message] of [
      ['{"id":1,"text":', 'line 2: not valid JSON'],
      ['{"id":1}', 'line 2: "text" must be a string'],
      ['{"text":"x"}', 'line 2: "id" is missing'],
      ['[1]', 'line 2: expected an object'],
    ] as const) {
      const io = memoryIO(`{"id":0,"text":"ok"}\n${line}\n`);
      expect(await main(['scan', '--jsonl', '-'], io)).toBe(2);
      expect(io.err.join('\n')).toContain(message);
    }
    const io = memoryIO('{"id":1,"text":"SSN 536-22-1234"');
    expect(await main(['scan', '--jsonl', '-'], io)).toBe(2);
    expect(io.err.join('\n')).not.toContain('536-22-1234');
  });

  it('uses the policy and the region given', async () => {
    const policy = file(
      'gb.json',
      JSON.stringify({ version: 1, types: { EMAIL_ADDRESS: { action: 'off' } } }),
    );
    const io = memoryIO('call 020 7946 0958 or mail a@example.com');
    expect(await main(['scan', '--policy', policy, '--region', 'gb', '-'], io)).toBe(0);
    expect(JSON.parse(io.out[0]!).findings.map((f: { type: string }) => f.type)).toEqual(['PHONE_NUMBER']);
  });

  it('refuses a bad region, an invalid policy and a missing file', async () => {
    let io = memoryIO('x');
    expect(await main(['scan', '--region', 'USA', '-'], io)).toBe(2);
    expect(io.err[0]).toContain('--region must be a two-letter country code');
    const bad = file('bad.json', JSON.stringify({ version: 1, types: { CREDIT_CARD: { action: 'shred' } } }));
    io = memoryIO('x');
    expect(await main(['scan', '--policy', bad, '-'], io)).toBe(2);
    expect(io.err[0]).toContain('/types/CREDIT_CARD/action');
    io = memoryIO();
    expect(await main(['scan', join(dir, 'missing.txt')], io)).toBe(2);
    expect(io.err[0]).toContain('no such file');
  });
});

describe('deskmate redact', () => {
  it('prints the text masked per the policy', async () => {
    const io = memoryIO('card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE\n');
    expect(await main(['redact', '-'], io)).toBe(0);
    expect(io.out).toEqual(['card **** **** **** 1111, key [API KEY]']);
  });
});

describe('deskmate policy', () => {
  it('validates a policy file: {"ok":true}, or the errors with their paths and exit 2', async () => {
    let io = memoryIO();
    expect(await main(['policy', 'validate', file('ok.json', '{"version":1}')], io)).toBe(0);
    expect(io.out).toEqual(['{"ok":true}']);
    io = memoryIO();
    const bad = file('bad2.json', JSON.stringify({ version: 2, allow: [{ pattern: '(?=x)' }] }));
    expect(await main(['policy', 'validate', bad], io)).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err).toEqual([`deskmate policy: ${bad}: /version: must be 1`]);
    io = memoryIO();
    expect(await main(['policy', 'validate', bad, '--json'], io)).toBe(2);
    const result = JSON.parse(io.out[0]!);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e: { path: string }) => e.path)).toEqual(['/version']);
  });

  it('says which file is not JSON', async () => {
    const io = memoryIO();
    const broken = file('broken.json', '{"version":');
    expect(await main(['policy', 'validate', broken], io)).toBe(2);
    expect(io.err[0]).toContain(`${broken}: not valid JSON`);
  });

  it('prints the JSON Schema and the default policy, which validates', async () => {
    const io = memoryIO();
    expect(await main(['policy', 'schema'], io)).toBe(0);
    expect(JSON.parse(io.out[0]!).title).toBe('Deskmate redaction policy');
    const defaults = memoryIO();
    expect(await main(['policy', 'default'], defaults)).toBe(0);
    const check = memoryIO();
    expect(await main(['policy', 'validate', file('default.json', defaults.out[0]!)], check)).toBe(0);
  });
});
