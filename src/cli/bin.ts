#!/usr/bin/env node
import { processIO } from './cli-kit.ts';
import { main } from './main.ts';

// `deskmate scan big.txt | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2), processIO).then((code) => {
  process.exitCode = code;
});
