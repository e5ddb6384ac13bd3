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
  it('lists its commands as JSON, and says which command is unknown', async () => {
    const io = memoryIO();
    expect(await main(['help'], io)).toBe(0);
    const names = (JSON.parse(io.out[0]!) as { commands: Array<{ name: string }> }).commands.map(
      (c) => c.name,
    );
    expect(names).toEqual(expect.arrayContaining(['extension-id', 'settings']));
    const bad = memoryIO();
    expect(await main(['frobnicate'], bad)).toBe(2);
    expect(bad.err[0]).toMatch(/unknown command\. Commands: /);
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
    expect(bad.err.join('\n')).toContain(`${path}/client/id`);
  });

  it('validates managed settings, reporting unknown and mistyped keys', async () => {
    const io = memoryIO();
    const path = file('managed.json', { settings: { enabled: 'no', 'made.up': true }, locked: ['enabled'] });
    expect(await main(['settings', 'validate', path], io)).toBe(2);
    const report = JSON.parse(io.out[0]!) as { errors: Array<{ message: string }> };
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
