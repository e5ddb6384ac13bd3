/**
 * The command line as people run it: built once into dist/cli (scripts/cli-build.mjs), started by plain Node.
 * `deskmate --help` must not load the commands' code (megabytes of knowledge, SLA and holiday data): only the
 * entry and what it imports statically are read at start.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_ENTRY, cliIsStale } from '../../../scripts/cli-build.mjs';

function deskmate(args: string[], input = '') {
  const run = spawnSync(process.execPath, [CLI_ENTRY, ...args], { input, encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** The files Node reads to start the tool: the entry and, transitively, its static imports. */
function loadedAtStart(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms))
    loadedAtStart(join(dirname(file), match[1]!), seen);
  return seen;
}

beforeAll(async () => {
  if (cliIsStale()) await buildCli();
}, 120_000);

describe('the built deskmate command line', () => {
  it('starts without loading any command: help reads a small part of the tool', () => {
    const help = deskmate(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Commands:');
    const atStart = [...loadedAtStart(CLI_ENTRY)];
    const bytes = atStart.reduce((sum, file) => sum + statSync(file).size, 0);
    const whole = spawnSync('du', ['-sb', dirname(CLI_ENTRY)], { encoding: 'utf8' }).stdout.split('\t')[0];
    expect(bytes).toBeLessThan(Number(whole) / 10);
    expect(bytes).toBeLessThan(150_000);
  });

  it('runs every kind of command from its chunk: scan, redact, sla schema, extension-id', () => {
    const scan = deskmate(['scan'], 'My card is 4111 1111 1111 1111.');
    expect(scan.code).toBe(0);
    expect(JSON.parse(scan.out)).toEqual({
      findings: [{ type: 'CREDIT_CARD', start: 11, end: 30, score: 1 }],
    });
    const redact = deskmate(['redact'], 'My card is 4111 1111 1111 1111.');
    expect(redact.out).toBe('My card is **** **** **** 1111.\n');
    const schema = deskmate(['sla', 'schema']);
    expect(JSON.parse(schema.out)).toHaveProperty('$id');
    const id = deskmate(['extension-id']);
    expect(JSON.parse(id.out)).toEqual({
      id: expect.stringMatching(/^[a-p]{32}$/),
      firefoxId: 'deskmate@deskmate.dev',
    });
  });

  it('says what is wrong and where, exit 2', () => {
    const bad = deskmate(['scan', '--region', 'ZZ'], 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^deskmate scan: --region: not a country whose phone numbers Deskmate knows/);
    const dir = mkdtempSync(join(tmpdir(), 'deskmate-cli-'));
    const write = (name: string, content: string | Buffer) => {
      writeFileSync(join(dir, name), content);
      return join(dir, name);
    };
    const empty = write('empty.json', '  \n');
    expect(deskmate(['policy', 'validate', empty]).err).toBe(
      `deskmate policy: ${empty}: empty file (expected a policy file)\n`,
    );
    const binary = write('kb.jsonl', Buffer.from([0x7b, 0x00, 0xff, 0x22]));
    expect(deskmate(['kb', 'validate', binary]).err).toBe(
      `deskmate kb: ${binary}: binary data, not text (expected a knowledge-base file)\n`,
    );
    const sla = write('sla.json', JSON.stringify({ version: 1, frobnicate: 1 }));
    const slaErrors = deskmate(['sla', 'validate', sla]);
    expect(slaErrors.code).toBe(2);
    expect(slaErrors.err).toContain(`deskmate sla: ${sla}: /frobnicate: unknown field\n`);
    expect(slaErrors.err).toContain(`deskmate sla: ${sla}: /client: missing\n`);
    const policy = write(
      'policy.json',
      JSON.stringify({ version: 1, types: { CREDIT_CARD: { action: 'explode' } } }),
    );
    expect(deskmate(['policy', 'validate', policy]).err).toBe(
      `deskmate policy: ${policy}: /types/CREDIT_CARD/action: must be one of off, flag, warn, block, mask\n`,
    );
    const missing = deskmate(['policy', 'validate', '/nonexistent/policy.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe('deskmate policy: /nonexistent/policy.json: no such file\n');
  });
});
