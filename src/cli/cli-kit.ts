/**
 * The small kit every `deskmate` sub-command is written with: one error type that carries the exit code, and
 * helpers that read input files and print JSON. Commands never call process.exit themselves; main.ts does, so
 * each command stays testable by calling its `run` with an in-memory IO.
 */
import { readFile } from 'node:fs/promises';

/** A problem with the user's input: printed as `deskmate <command>: <message>` on stderr. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliIO {
  stdout(line: string): void;
  stderr(line: string): void;
  /** Reads a file, or standard input when the path is `-`. */
  readText(path: string): Promise<string>;
}

export interface CliCommand {
  /** The word after `deskmate`, e.g. `scan`. */
  name: string;
  /** One line for `deskmate help`. */
  summary: string;
  /** Full usage, printed on `deskmate <name> --help` and after a usage error. */
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export const processIO: CliIO = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  async readText(path) {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? error})`,
      );
    }
  },
};

/** Prints one JSON value on one line. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout(JSON.stringify(value));
}

/**
 * Parses JSON, naming the file in the error. Only the first clause of the engine's message is kept ("Unexpected
 * token 'x'", "Unexpected end of JSON input"): the rest quotes the file's text, and files here may hold
 * customer data.
 */
export function parseJsonFile(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const what = (error as Error).message.split(/, "|\n/)[0] ?? 'syntax error';
    throw new CliError(`${path}: not valid JSON (${what})`);
  }
}
