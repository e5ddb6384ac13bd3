/**
 * How fast the command line answers: `deskmate --help` (the built tool, dist/cli) against a bare `node -e 0`,
 * started alternately in pairs (A, B, A, B…) so that a change in the machine's load hits both sides alike. Reported
 * as the median of the per-pair ratios with its spread (p25–p75). Goal: within 3× Node's own start-up; the verdict
 * is "undecided" when the spread straddles the goal.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { buildCli, CLI_ENTRY, cliIsStale } from '../../scripts/cli-build.mjs';
import { type BenchSuite, fmt, table } from './suite.ts';

const PAIRS = process.env.DESKMATE_BENCH_QUICK === '1' ? 10 : 40;
const GOAL = 3;

function startMs(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}`);
  return ms;
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

export const cliStartSuite: BenchSuite = {
  id: 'cli-start',
  title: 'Command line: `deskmate --help` against `node -e 0` (paired)',
  async run() {
    if (cliIsStale()) await buildCli();
    const load = os.loadavg()[0]!;
    const node: number[] = [];
    const help: number[] = [];
    const ratios: number[] = [];
    // Two warm-ups each: the file system cache, not the tool, decides the first start.
    for (let i = 0; i < 2; i++) {
      startMs(['-e', '0']);
      startMs([CLI_ENTRY, '--help']);
    }
    for (let i = 0; i < PAIRS; i++) {
      const a = startMs(['-e', '0']);
      const b = startMs([CLI_ENTRY, '--help']);
      node.push(a);
      help.push(b);
      ratios.push(b / a);
    }
    const sorted = (values: number[]) => [...values].sort((x, y) => x - y);
    const r = sorted(ratios);
    const [p25, p50, p75] = [quantile(r, 0.25), quantile(r, 0.5), quantile(r, 0.75)];
    const verdict = p75 <= GOAL ? 'met' : p25 > GOAL ? 'missed' : 'undecided';
    return [
      `${PAIRS} pairs, each \`node -e 0\` then \`node dist/cli/deskmate.mjs --help\` (the tool built once by`,
      '`npm run build:cli`; `--help` loads no command: each command is its own chunk, loaded when it runs).',
      `Load average at the start: ${load.toFixed(2)}.`,
      '',
      table(
        ['start-up (ms)', 'p25', 'p50', 'p75'],
        [
          [
            'node -e 0',
            fmt(quantile(sorted(node), 0.25), 1),
            fmt(quantile(sorted(node), 0.5), 1),
            fmt(quantile(sorted(node), 0.75), 1),
          ],
          [
            'deskmate --help',
            fmt(quantile(sorted(help), 0.25), 1),
            fmt(quantile(sorted(help), 0.5), 1),
            fmt(quantile(sorted(help), 0.75), 1),
          ],
        ],
      ),
      '',
      table(
        ['per-pair ratio deskmate / node', 'p25', 'median', 'p75', `goal ≤ ${GOAL}×`],
        [['`deskmate --help`', fmt(p25), fmt(p50), fmt(p75), verdict]],
      ),
    ].join('\n');
  },
};
