#!/usr/bin/env node
/**
 * `npm run --silent deskmate -- <command>`: runs the built command line (dist/cli/deskmate.mjs), building it first
 * when it is missing or older than its sources (scripts/cli-build.mjs), so a checkout never runs a stale tool.
 */
import { pathToFileURL } from 'node:url';
import { buildCli, CLI_ENTRY, cliIsStale } from './cli-build.mjs';

if (cliIsStale()) {
  process.stderr.write('deskmate: building the command line (dist/cli)…\n');
  await buildCli();
}
await import(pathToFileURL(CLI_ENTRY).href);
