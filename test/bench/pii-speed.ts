/**
 * `pii-speed`: throughput of the data guard's full scan on 1 MB of synthetic support tickets (sensitive values
 * among many hard negatives), side by side with the npm peers in the same run, plus the composer's incremental
 * re-scan after one keystroke in a 10,000-character draft with about 50 findings.
 */

import os from 'node:os';
import { OpenRedaction } from '@openredaction/core';
import { Redactor } from '@redactpii/node';
import { SyncRedactor } from 'redact-pii';
import { createDetectionEngine } from '../../src/core/pii/engine.ts';
import { createIncrementalScanner } from '../../src/core/pii/incremental.ts';
import { supportText } from '../fixtures/pii-corpus/support-text.ts';
import { piiAccuracySuite } from './pii-accuracy.ts';
import { type BenchSuite, fmt, sample, summarize, table } from './suite.ts';

export { supportText };

const MB = 1024 * 1024;

interface Measured {
  name: string;
  bytes: number;
  /** Median wall-clock milliseconds per run. */
  ms: number;
  /** Median CPU milliseconds per run (this process): steadier than wall time on a machine shared with others. */
  cpuMs: number;
  findings: number;
  note: string;
}

/**
 * Unmeasured runs before the measured ones, the same rule for every row: for WARM_UP_MS, and at least
 * MIN_WARM_UP_RUNS. The guard in a tab scans for hours, so the steady state is the figure that matters, and V8
 * takes a while to reach it: `--trace-opt` shows TurboFan still optimising Deskmate's rarely called functions
 * (the date-of-birth and card-detail keyword handlers, the rarer national-id checks, the whole-text detectors)
 * up to about the 40th 1 MB scan. Those compiles run on a background thread, so until they are done a scan's CPU
 * time comes out up to twice its wall time. A time budget rather than a count gives every row the same chance,
 * whatever its speed.
 */
const WARM_UP_MS = 1500;
const MIN_WARM_UP_RUNS = 10;

async function measure(
  name: string,
  text: string,
  iterations: number,
  run: (text: string) => unknown,
  note = '',
): Promise<Measured> {
  let findings = 0;
  const once = async () => {
    const result = await run(text);
    const list = (result as { detections?: unknown[] })?.detections ?? result;
    findings = Array.isArray(list) ? list.length : 0;
  };
  const warmUpEnd = performance.now() + WARM_UP_MS;
  for (let runs = 0; runs < MIN_WARM_UP_RUNS || performance.now() < warmUpEnd; runs++) await once();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    await once();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { name, bytes: text.length, ms: summarize(wall).p50, cpuMs: summarize(cpu).p50, findings, note };
}

export const piiSpeedSuite: BenchSuite = {
  id: 'pii-speed',
  title: 'Data guard: scan speed on 1 MB of support tickets, with the npm peers',
  async run() {
    const loadBefore = loadText();
    const text = supportText(MB);
    const engine = createDetectionEngine();
    const redactPiiNode = new Redactor();
    const redactPii = new SyncRedactor();
    const openRedaction = new OpenRedaction();
    const rows: Measured[] = [
      await measure('Deskmate (all 35 types, checksums, context)', text, 40, (t) => engine.scan(t)),
      await measure('@redactpii/node (5 US patterns)', text, 40, (t) => redactPiiNode.redact(t)),
      await measure(
        'redact-pii (SyncRedactor defaults)',
        text.slice(0, 100 * 1024),
        3,
        (t) => redactPii.redact(t),
        'first 100 KB: too slow for 1 MB',
      ),
      await measure(
        '@openredaction/core (defaults)',
        text.slice(0, 16 * 1024),
        2,
        (t) => openRedaction.detect(t),
        'first 16 KB: too slow for 1 MB',
      ),
    ];
    const ours = rows[0]!;
    const mbps = (row: Measured) => row.bytes / MB / (row.ms / 1000);
    const cpuMbps = (row: Measured) => row.bytes / MB / (row.cpuMs / 1000);

    // The composer: a 10,000-character draft, one character typed in the middle.
    const draft = supportText(10_000, 11);
    const draftFindings = engine.scan(draft).length;
    const scanner = createIncrementalScanner();
    scanner.update(draft);
    let typed = draft;
    let flip = false;
    const middle = Math.floor(draft.length / 2);
    const keystroke = await sample(() => {
      flip = !flip;
      typed = flip ? `${draft.slice(0, middle)}x${draft.slice(middle)}` : draft;
      return scanner.update(typed);
    }, 400);
    const full = await sample(() => engine.scan(draft), 100);

    return [
      `Input: ${fmt(text.length / MB, 2)} MB of synthetic support messages (seeded; test/bench/pii-speed.ts), ` +
        `${ours.findings} Deskmate findings. Median of the measured runs after ${fmt(WARM_UP_MS / 1000, 1)} s (and at ` +
        `least ${MIN_WARM_UP_RUNS} runs) of unmeasured warm-up runs, the same rule for every row; MB = 2^20 characters.`,
      '',
      `Machine load when the suite started: ${loadBefore}; when it ended: ${loadText()} (1/5/15-minute load ` +
        `averages on ${os.cpus().length} CPUs, shared with other users: wall time is inflated, CPU time much less).`,
      '',
      table(
        [
          'detector',
          'input',
          'median ms (wall)',
          'MB/s (wall)',
          'MB/s (CPU time)',
          'findings',
          'Deskmate is',
          'note',
        ],
        rows.map((row) => [
          row.name,
          `${fmt(row.bytes / 1024, 0)} KB`,
          fmt(row.ms, 1),
          fmt(mbps(row), 2),
          fmt(cpuMbps(row), 2),
          row.findings || '(redacted text only)',
          row === ours ? '' : relative(cpuMbps(ours) / cpuMbps(row)),
          row.note,
        ]),
      ),
      '',
      'MB/s (CPU time) divides by the CPU time this process spent, which other users of the shared machine do not',
      'inflate; "Deskmate is" compares on that column.',
      '',
      goalLine(cpuMbps(ours), Math.max(...rows.filter((row) => row !== ours).map(cpuMbps))),
      '',
      `Composer: one keystroke in a ${draft.length.toLocaleString('en')}-character draft with ${draftFindings} findings.`,
      '',
      table(
        ['re-scan', 'median ms', 'p95 ms', 'characters scanned'],
        [
          ['full scan', fmt(full.p50, 3), fmt(full.p95, 3), draft.length],
          [
            'incremental (createIncrementalScanner)',
            fmt(keystroke.p50, 3),
            fmt(keystroke.p95, 3),
            scanner.lastScannedChars,
          ],
        ],
      ),
    ].join('\n');
  },
};

function loadText(): string {
  return os
    .loadavg()
    .map((load) => fmt(load, 2))
    .join(' / ');
}

/** The two throughput goals (#4), judged on the CPU-time column of this run. */
const GOAL_MBPS = 100;
function goalLine(oursMbps: number, fastestPeerMbps: number): string {
  const verdict = (met: boolean) => (met ? 'met' : 'not met');
  return (
    `Goals: ≥ ${GOAL_MBPS} MB/s on the whole text: ${fmt(oursMbps, 1)} MB/s, ${verdict(oursMbps >= GOAL_MBPS)}; ` +
    `faster than every peer in the same run: ${relative(oursMbps / fastestPeerMbps)} than the fastest, ` +
    `${verdict(oursMbps > fastestPeerMbps)}.`
  );
}

function relative(ratio: number): string {
  return ratio >= 1 ? `${fmt(ratio, 1)}× faster` : `${fmt(1 / ratio, 1)}× slower`;
}

/** The data guard's suites, registered together in test/bench/index.ts. */
export const piiSuites: BenchSuite[] = [piiSpeedSuite, piiAccuracySuite];
