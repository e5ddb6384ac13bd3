/**
 * Builds the `deskmate` command line into dist/cli (plain JavaScript, so that running it is Node's start-up and
 * nothing else): dist/cli/deskmate.mjs plus one chunk per command, loaded when that command runs. Plain JS, not
 * TypeScript, so the launcher (scripts/deskmate.mjs) can check and rebuild without a TypeScript loader.
 *
 *   node scripts/cli-build.mjs            build
 *   import { cliIsStale, buildCli } from './cli-build.mjs'
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT = join(ROOT, 'dist/cli');
export const CLI_ENTRY = join(CLI_OUT, 'deskmate.mjs');
/** What the tool is built from: its sources, the core it runs, and the files that decide how it is built. */
const INPUTS = ['src/cli', 'src/core', 'package-lock.json', 'scripts/cli-build.mjs'];

function newestIn(path) {
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}

/** True when dist/cli is missing or older than any of its inputs. */
export function cliIsStale() {
  const built = statSync(CLI_ENTRY, { throwIfNoEntry: false });
  if (!built) return true;
  return INPUTS.some((input) => newestIn(join(ROOT, input)) > built.mtimeMs);
}

export async function buildCli() {
  const { build } = await import('esbuild');
  const { rm } = await import('node:fs/promises');
  await rm(CLI_OUT, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { deskmate: 'src/cli/bin.ts' },
    outdir: CLI_OUT,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Packages written as CommonJS (papaparse, moment) call `require`: give the ES module one.
    banner: {
      js: "import { createRequire as __deskmateRequire } from 'node:module'; const require = __deskmateRequire(import.meta.url);",
    },
    // Read by admins who run it: keep it readable, as the extension's code is.
    minify: false,
    legalComments: 'inline',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCli();
  console.log(`deskmate: built ${CLI_ENTRY}`);
}
