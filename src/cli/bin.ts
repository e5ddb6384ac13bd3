#!/usr/bin/env node
import { processIO } from './cli-kit.ts';
import { main } from './main.ts';

main(process.argv.slice(2), processIO).then((code) => {
  process.exitCode = code;
});
