import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoPacks } from '../../../src/background/demo-seed.ts';
import { main } from '../../../src/cli/main.ts';
import { EXTENSION_ID } from '../../e2e/support/env.ts';
import { memoryIO } from './memory-io.ts';

/** The demo clients, as a demo build seeds them for the demo helpdesk on 127.0.0.1:5178. */
const DEMO_PACKS = demoPacks('127.0.0.1:5178');

const dir = mkdtempSync(join(tmpdir(), 'deskmate-cli-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('the deskmate command line', () => {
  it('lists its commands for a person, as JSON when asked, and says which command is unknown', async () => {
    const io = memoryIO();
    expect(await main(['help'], io)).toBe(0);
    const text = io.out.join('\n');
    expect(text).toMatch(/^Usage: deskmate <command> \[options\]$/m);
    for (const name of ['scan', 'redact', 'policy', 'sla', 'suggest', 'kb', 'settings', 'extension-id'])
      expect(text).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(() => JSON.parse(text)).toThrow();
    const json = memoryIO();
    expect(await main(['help', '--json'], json)).toBe(0);
    const names = (JSON.parse(json.out[0]!) as { commands: Array<{ name: string }> }).commands.map(
      (c) => c.name,
    );
    expect(names).toEqual(expect.arrayContaining(['extension-id', 'settings', 'scan', 'kb']));
    const bare = memoryIO();
    expect(await main([], bare)).toBe(2);
    expect(bare.out.join('\n')).toContain('Commands:');
    const bad = memoryIO();
    expect(await main(['frobnicate'], bad)).toBe(2);
    expect(bad.err[0]).toMatch(/unknown command.*Commands: /);
    expect(bad.err.join('\n')).not.toContain('frobnicate');
  });

  it("tells a command's usage, options and input formats, the same from `help X` and `X --help`", async () => {
    const byHelp = memoryIO();
    expect(await main(['help', 'scan'], byHelp)).toBe(0);
    const byFlag = memoryIO();
    expect(await main(['scan', '--help'], byFlag)).toBe(0);
    expect(byFlag.out).toEqual(byHelp.out);
    const scan = byHelp.out.join('\n');
    expect(scan).toContain('deskmate scan [--policy P] [--region XX] [--jsonl] [FILE|-]');
    expect(scan).toContain('--region XX');
    expect(scan).toContain('{"id": "ticket-1042", "text":'); // an example input line of --jsonl
    const kb = memoryIO();
    expect(await main(['kb', '--help'], kb)).toBe(0);
    expect(kb.out.join('\n')).toMatch(/"id": "refund-timeline", "title"/); // a JSONL article
    expect(kb.out.join('\n')).toMatch(/^ {2}id,title,body,tags,locale$/m); // a CSV header
    const sla = memoryIO();
    expect(await main(['help', 'sla'], sla)).toBe(0);
    expect(sla.out.join('\n')).toContain('{"ticket":"1042","type":"created"');
    const json = memoryIO();
    expect(await main(['help', 'suggest', '--json'], json)).toBe(0);
    expect(JSON.parse(json.out[0]!)).toMatchObject({
      name: 'suggest',
      usage: [expect.stringContaining('--kb')],
    });
    const unknown = memoryIO();
    expect(await main(['help', 'frobnicate'], unknown)).toBe(2);
  });

  it('has help for every registered command, each naming its own usage', async () => {
    const { commands } = await import('../../../src/cli/commands/index.ts');
    for (const command of commands) {
      const io = memoryIO();
      expect(await main([command.name, '--help'], io)).toBe(0);
      expect(io.out.join('\n')).toContain(`deskmate ${command.name}`);
      expect(command.help.length).toBeGreaterThan(80);
      await expect(command.load()).resolves.toHaveProperty('run');
    }
  });

  it('prints the extension id the manifest key fixes', async () => {
    const io = memoryIO();
    expect(await main(['extension-id'], io)).toBe(0);
    expect(JSON.parse(io.out[0]!)).toEqual({ id: EXTENSION_ID, firefoxId: 'deskmate@deskmate.dev' });
  });

  it('validates a client pack, and names the path of each error in a bad one', async () => {
    const good = memoryIO();
    expect(await main(['settings', 'validate', file('good.json', DEMO_PACKS[0])], good)).toBe(0);
    expect(JSON.parse(good.out[0]!)).toEqual({ ok: true, kind: 'client pack' });

    const bad = memoryIO();
    const path = file('bad.json', {
      ...DEMO_PACKS[0],
      client: { id: 'Bad Id', name: 'x', matches: [] },
      settings: { enabled: 3 },
    });
    expect(await main(['settings', 'validate', path], bad)).toBe(2);
    expect(bad.err.join('\n')).toContain(`deskmate settings: ${path}: /client/id: `);
  });

  it('validates managed settings, reporting unknown and mistyped keys', async () => {
    const io = memoryIO();
    const path = file('managed.json', { settings: { enabled: 'no', 'made.up': true }, locked: ['enabled'] });
    expect(await main(['settings', 'validate', path, '--json'], io)).toBe(2);
    const report = JSON.parse(io.out[0]!) as { errors: Array<{ message: string }> };
    expect(io.err.every((line) => line.startsWith(`deskmate settings: ${path}: /`))).toBe(true);
    expect(report.errors.map((e) => e.message).join('\n')).toMatch(
      /"enabled" ignored[\s\S]*unknown setting "made.up"/,
    );
  });

  it('resolves layers as the extension does', async () => {
    const io = memoryIO();
    const managed = file('m.json', { settings: { 'agent.name': 'IT' }, locked: ['enabled'] });
    const agent = file('a.json', { values: { 'agent.name': 'Sam', enabled: false } });
    expect(await main(['settings', 'resolve', '--managed', managed, '--agent', agent], io)).toBe(0);
    const resolved = JSON.parse(io.out[0]!) as {
      values: Record<string, unknown>;
      origins: Record<string, unknown>;
    };
    expect(resolved.values).toMatchObject({ 'agent.name': 'Sam', enabled: true });
    expect(resolved.origins.enabled).toEqual({ source: 'default', lockedBy: 'managed' });
  });

  it('writes a Chromium policy file for the extension, refusing invalid settings', async () => {
    const io = memoryIO();
    expect(
      await main(
        [
          'extension-policy',
          '--settings',
          file('p.json', { settings: { enabled: true }, locked: ['enabled'] }),
        ],
        io,
      ),
    ).toBe(0);
    expect(JSON.parse(io.out[0]!)).toEqual({
      '3rdparty': { extensions: { [EXTENSION_ID]: { settings: { enabled: true }, locked: ['enabled'] } } },
    });
    const bad = memoryIO();
    expect(
      await main(['extension-policy', '--settings', file('q.json', { settings: { enabled: 1 } })], bad),
    ).toBe(2);
    expect(bad.err[0]).toMatch(/"enabled" ignored/);
  });

  it('reports unreadable files and bad JSON clearly, exiting non-zero', async () => {
    const missing = memoryIO();
    expect(await main(['settings', 'validate', join(dir, 'nope.json')], missing)).toBe(2);
    expect(missing.err[0]).toMatch(/nope.json: no such file/);
    const broken = memoryIO();
    expect(
      await main(['settings', 'validate', file('broken.json', '{"card": 4111 1111 1111 1111}')], broken),
    ).toBe(2);
    expect(broken.err[0]).toMatch(/broken.json: not valid JSON \(.*\) at line 1, column 15$/);
    // The file's text is never echoed: it may hold customer data.
    expect(broken.err[0]).not.toContain('4111');
  });
});
