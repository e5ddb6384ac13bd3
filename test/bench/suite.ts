/**
 * A benchmark suite measures one thing side by side with its peers and returns a Markdown section for
 * BENCHMARKS.md. Suites never assert timings; they report them, with the command that produced them.
 */
export interface BenchSuite {
  /** Stable id: the section marker in BENCHMARKS.md and the value for `npm run bench -- --only <id>`. */
  id: string;
  title: string;
  /** Returns the section body (Markdown, without the heading). */
  run(): Promise<string>;
}

/** Runs `fn` `iterations` times after `warmup` runs and returns the per-run times in milliseconds. */
export async function sample(fn: () => unknown, iterations: number, warmup = Math.min(10, iterations)) {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return summarize(times);
}

export interface Summary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}

export function summarize(times: number[]): Summary {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mean = sorted.reduce((sum, t) => sum + t, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, mean, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}

/** Renders a Markdown table. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
