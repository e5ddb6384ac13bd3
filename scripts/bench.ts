/**
 * `npm run bench [-- --only id,id]`: runs the benchmark suites and writes their sections into BENCHMARKS.md.
 * Sections of suites not run this time are kept as they were, so one suite can be re-measured alone, and so is
 * whatever else the file holds (sections written by hand).
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

const header = `# Benchmarks

Written by \`npm run bench\` (all suites; \`npm run bench -- --only <id>\` re-measures one and keeps the rest).
Timings come from a shared 2-core machine: compare the ratios within one run, not the absolute figures across runs.
`;
const markerOf = (id: string) => `<!-- bench:${id} -->`;

/**
 * Where `line` stands as a whole line of the document, from `from`, or -1. Markers are only ever whole lines: a
 * paragraph that names a section's marker in prose once made a run replace half the file.
 */
function lineAt(doc: string, line: string, from = 0): number {
  for (let at = doc.indexOf(line, from); at !== -1; at = doc.indexOf(line, at + 1)) {
    const startsLine = at === 0 || doc[at - 1] === '\n';
    const endsLine = at + line.length === doc.length || doc[at + line.length] === '\n';
    if (startsLine && endsLine) return at;
  }
  return -1;
}

/** Where a suite's section is in the document (start of its first marker, end of its second), if it is there. */
function sectionAt(doc: string, id: string): { start: number; end: number } | undefined {
  const marker = markerOf(id);
  const start = lineAt(doc, marker);
  const close = start === -1 ? -1 : lineAt(doc, marker, start + marker.length);
  return close === -1 ? undefined : { start, end: close + marker.length };
}

/**
 * Puts suite `index`'s section into the document: where it was, else after the section of the nearest suite before
 * it in the registry, else at the end. Everything else in the file (sections written by hand, such as the real
 * apps' end-to-end results) stays as it is.
 */
function place(doc: string, index: number, section: string): string {
  const at = sectionAt(doc, suites[index]!.id);
  if (at) return doc.slice(0, at.start) + section + doc.slice(at.end);
  for (let before = index - 1; before >= 0; before--) {
    const previousSection = sectionAt(doc, suites[before]!.id);
    if (previousSection)
      return `${doc.slice(0, previousSection.end)}\n\n${section}${doc.slice(previousSection.end)}`;
  }
  return `${doc.trimEnd()}\n\n${section}\n`;
}

// The header as it is now, then what the file had after it.
const firstMarker = previous.search(/^<!--/m);
let doc = `${header}\n${firstMarker === -1 ? '' : previous.slice(firstMarker)}`;
for (const [index, suite] of suites.entries()) {
  const marker = markerOf(suite.id);
  if (only && !only.includes(suite.id)) {
    if (!sectionAt(doc, suite.id))
      doc = place(doc, index, `${marker}\n## ${suite.title}\n\n_Not measured yet._\n${marker}`);
    continue;
  }
  console.info(`bench: ${suite.id}…`);
  const started = performance.now();
  const body = await suite.run();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  doc = place(
    doc,
    index,
    `${marker}\n## ${suite.title}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine} with \`npm run bench -- --only ${suite.id}\` (${seconds} s).\n\n${body.trim()}\n${marker}`,
  );
}

await writeFile(path, `${doc.trimEnd()}\n`);
console.info(`bench: wrote ${path.pathname}`);
