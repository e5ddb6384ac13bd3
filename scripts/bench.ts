/**
 * `npm run bench [-- --only id,id]`: runs the benchmark suites and writes their sections into BENCHMARKS.md.
 * Sections of suites not run this time are kept as they were, so one suite can be re-measured alone.
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { suites } from '../test/bench/index.ts';

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const only = values.only?.split(',').map((id) => id.trim());
const unknown = only?.filter((id) => !suites.some((suite) => suite.id === id)) ?? [];
if (unknown.length) {
  console.error(
    `bench: unknown suite(s) ${unknown.join(', ')}; known: ${suites.map((s) => s.id).join(', ')}`,
  );
  process.exit(2);
}

const path = new URL('../BENCHMARKS.md', import.meta.url);
const previous = await readFile(path, 'utf8').catch(() => '');
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

const sections: string[] = [];
for (const suite of suites) {
  const marker = `<!-- bench:${suite.id} -->`;
  if (only && !only.includes(suite.id)) {
    const kept = previous.split(marker)[1];
    sections.push(
      kept === undefined
        ? `${marker}\n## ${suite.title}\n\n_Not measured yet._\n${marker}`
        : `${marker}${kept}${marker}`,
    );
    continue;
  }
  console.info(`bench: ${suite.id}…`);
  const started = performance.now();
  const body = await suite.run();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  sections.push(
    `${marker}\n## ${suite.title}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine} with \`npm run bench -- --only ${suite.id}\` (${seconds} s).\n\n${body.trim()}\n${marker}`,
  );
}

const header = `# Benchmarks

Written by \`npm run bench\` (all suites; \`npm run bench -- --only <id>\` re-measures one and keeps the rest).
Timings come from a shared 2-core machine: compare the ratios within one run, not the absolute figures across runs.
`;
await writeFile(path, `${header}\n${sections.join('\n\n')}\n`);
console.info(`bench: wrote ${path.pathname}`);
