import type { CliIO } from '../../../src/cli/cli-kit.ts';
import { processIO } from '../../../src/cli/cli-kit.ts';

/** A CliIO that records what a command prints; files are read from disk, `-` from `stdin`. */
export function memoryIO(stdin = ''): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    readText: (path) => (path === '-' ? Promise.resolve(stdin) : processIO.readText(path)),
  };
}
