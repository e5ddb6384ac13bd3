#!/usr/bin/env node
/**
 * `deskmate`: the command-line tool for admins, QA leads and for measuring the core.
 * Run with `npm run --silent deskmate -- <command> [options]` (tsx runs the TypeScript directly: no build step).
 * Every command prints JSON on stdout; bad input prints a clear message on stderr and exits non-zero.
 */
import { CliError, type CliIO } from './cli-kit.ts';
import { commands } from './commands/index.ts';

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(JSON.stringify({ usage: 'deskmate <command> [options]', commands: listCommands() }));
    return name ? 0 : 2;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr(`deskmate: unknown command. Commands: ${commands.map((c) => c.name).join(', ')}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(JSON.stringify({ usage: command.usage }));
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`deskmate ${name}: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      // Node's message repeats the argument ("Unexpected argument 'hunter2'"): say which kind of mistake.
      io.stderr(
        `deskmate ${name}: ${PARSE_ARGS_MISTAKES[String(error.code)] ?? 'bad arguments'}\nusage: ${command.usage}`,
      );
      return 2;
    }
    // A bug, not bad input: where it happened (the stack's frames), not its message, which may hold input.
    const frames = error instanceof Error ? (error.stack ?? '').split('\n').slice(1).join('\n') : '';
    io.stderr(
      `deskmate ${name}: unexpected error (${error instanceof Error ? error.name : typeof error})\n${frames}`,
    );
    return 1;
  }
}

const PARSE_ARGS_MISTAKES: Partial<Record<string, string>> = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: 'unknown option',
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: 'unexpected argument',
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: 'an option is missing its value, or has one it does not take',
};

function listCommands(): Array<{ name: string; summary: string }> {
  return commands.map(({ name, summary }) => ({ name, summary }));
}
