import type { CliIO } from '../../../src/cli/cli-kit.ts';
import { processIO, tooLarge } from '../../../src/cli/cli-kit.ts';

/** A CliIO that records what a command prints; files are read from disk, `-` from `stdin`. */
export function memoryIO(stdin = ''): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    readText: async (path, limit) => {
      if (path !== '-') return processIO.readText(path, limit);
      if (limit && Buffer.byteLength(stdin) > limit.maxBytes) throw tooLarge(path, limit);
      return stdin;
    },
    readChunks(path, limit) {
      if (path !== '-') return processIO.readChunks!(path, limit);
      return (async function* () {
        if (limit && Buffer.byteLength(stdin) > limit.maxBytes) throw tooLarge(path, limit);
        // Two chunks, split inside the text, so readers are tested across a chunk boundary.
        const middle = stdin.length >> 1;
        yield stdin.slice(0, middle);
        yield stdin.slice(middle);
      })();
    },
  };
}
