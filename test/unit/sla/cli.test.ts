import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/cli-kit.ts';
import { CliError } from '../../../src/cli/cli-kit.ts';
import { slaPolicyJsonSchema } from '../../../src/cli/commands/sla.ts';
import { main } from '../../../src/cli/main.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/sla/${name}`, import.meta.url), 'utf8');

/** An in-memory CliIO over the committed fixtures plus any extra files a test writes. */
function memoryIO(extra: Record<string, string> = {}) {
  const files: Record<string, string> = {
    'policy.json': fixture('acme-policy.json'),
    'events.jsonl': fixture('acme-events.jsonl'),
    ...extra,
  };
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    async readText(path) {
      const text = files[path];
      if (text === undefined) throw new CliError(`${path}: no such file`);
      return text;
    },
  };
  return { io, out, err, json: () => out.map((line) => JSON.parse(line)) };
}

const NOW = ['--now', '2026-03-09T10:00:00-04:00'];

describe('deskmate sla --policy --events', () => {
  it('prints one JSON line per ticket and metric with due time, time left, state and breach', async () => {
    const run = memoryIO();
    expect(await main(['sla', '--policy', 'policy.json', '--events', 'events.jsonl', ...NOW], run.io)).toBe(
      0,
    );
    const lines = run.json();
    const find = (ticket: string, metric: string) =>
      lines.find((l) => l.ticket === ticket && l.metric === metric);
    // Friday 15:00 customer message: 2 h on Friday + 1 h on Monday of a 4 h target, across the DST change.
    expect(find('1042', 'next_reply')).toMatchObject({
      state: 'active',
      dueAt: '2026-03-09T11:00:00-04:00',
      leftMs: 3_600_000,
      left: '1h',
      warningPercent: 25,
    });
    // Chat target of 15 business minutes; the lunch hour does not count against the agent.
    expect(find('1045', 'first_reply')).toMatchObject({
      state: 'breached',
      breachedByMs: 600_000,
      left: '-10m',
    });
    expect(find('1043', 'first_reply')).toMatchObject({ priority: 'normal', priorityDefaulted: true });
    expect(find('1044', 'periodic_update')).toMatchObject({ cycle: 2, state: 'breached', estimated: true });
    expect(run.err).toEqual([]);
  });

  it('prints every cycle with --all', async () => {
    const latest = memoryIO();
    await main(['sla', '--policy', 'policy.json', '--events', 'events.jsonl', ...NOW], latest.io);
    const all = memoryIO();
    await main(['sla', '--policy', 'policy.json', '--events', 'events.jsonl', ...NOW, '--all'], all.io);
    const periodic = all.json().filter((l) => l.ticket === '1044' && l.metric === 'periodic_update');
    expect(periodic.map((l) => [l.cycle, l.state])).toEqual([
      [1, 'breached'],
      [2, 'breached'],
    ]);
    expect(all.out.length).toBeGreaterThan(latest.out.length);
  });

  it('refuses a bad events line with its line number and exit code 2', async () => {
    const events = `${fixture('acme-events.jsonl')}{"ticket":"9","type":"created","at":"yesterday"}\n`;
    const run = memoryIO({ 'bad.jsonl': events });
    expect(await main(['sla', '--policy', 'policy.json', '--events', 'bad.jsonl', ...NOW], run.io)).toBe(2);
    const lineNumber = fixture('acme-events.jsonl').trimEnd().split('\n').length + 1;
    expect(run.err.join('\n')).toContain(
      `line ${lineNumber}: at: at must be an ISO 8601 time with an offset`,
    );
    expect(run.out).toEqual([]);
  });

  it('refuses an invalid policy with the paths of its errors', async () => {
    const policy = JSON.parse(fixture('acme-policy.json'));
    policy.targets[0].minutes = -5;
    const run = memoryIO({ 'bad.json': JSON.stringify(policy) });
    expect(await main(['sla', '--policy', 'bad.json', '--events', 'events.jsonl', ...NOW], run.io)).toBe(2);
    expect(run.err.join('\n')).toContain('/targets/0/minutes: minutes must be at least 1');
  });

  it('refuses missing options and an unreadable --now', async () => {
    const missing = memoryIO();
    expect(await main(['sla', '--policy', 'policy.json'], missing.io)).toBe(2);
    expect(missing.err.join('\n')).toContain('--policy and --events are required');
    const badNow = memoryIO();
    expect(
      await main(['sla', '--policy', 'policy.json', '--events', 'events.jsonl', '--now', 'soon'], badNow.io),
    ).toBe(2);
    expect(badNow.err.join('\n')).toContain('--now must be an ISO 8601 time');
  });
});

describe('deskmate sla validate', () => {
  it('prints {"ok":true} for a valid policy', async () => {
    const run = memoryIO();
    expect(await main(['sla', 'validate', 'policy.json'], run.io)).toBe(0);
    expect(run.out).toEqual(['{"ok":true}']);
  });

  it('prints every error with its path in one pass and exits 2 for an invalid policy', async () => {
    const policy = JSON.parse(fixture('acme-policy.json'));
    delete policy.targets[0].priority;
    policy.calendar.timeZone = 'Nowhere/City';
    const run = memoryIO({ 'bad.json': JSON.stringify(policy) });
    expect(await main(['sla', 'validate', 'bad.json', '--json'], run.io)).toBe(2);
    expect(run.err.join('\n')).toMatch(/^deskmate sla: bad\.json: \/calendar\/timeZone: unknown time zone/m);
    expect(run.err.join('\n')).toMatch(/^deskmate sla: bad\.json: \/targets\/0\/priority: /m);
    const [result] = run.json();
    expect(result.ok).toBe(false);
    expect(result.errors.map((e: { path: string }) => e.path)).toEqual([
      '/calendar/timeZone',
      '/targets/0/priority',
    ]);
  });

  it('names the file when it is not JSON', async () => {
    const run = memoryIO({ 'broken.json': '{"version":' });
    expect(await main(['sla', 'validate', 'broken.json'], run.io)).toBe(2);
    expect(run.err.join('\n')).toContain('broken.json: not valid JSON');
  });
});

describe('deskmate sla schema', () => {
  it('prints the JSON Schema the policy file is published with', async () => {
    const run = memoryIO();
    expect(await main(['sla', 'schema'], run.io)).toBe(0);
    expect(JSON.parse(run.out.join('\n'))).toEqual(slaPolicyJsonSchema());
  });
});
