/**
 * `deskmate`: the command-line tool for admins, QA leads and for measuring the core.
 * Built once into dist/cli (`npm run build:cli`; `npm run deskmate -- …` runs the build). `deskmate help` and
 * `deskmate <command> --help` print readable text (`--json` for JSON); results are JSON except `redact`'s text;
 * bad input prints `deskmate <command>: <what and where>` on stderr and exits 2.
 */
import { CliError, type CliIO } from './cli-kit.ts';
import type { CommandInfo } from './commands/catalog.ts';
import { commands } from './commands/index.ts';

const HELP_WORDS = new Set(['help', '--help', '-h']);

export async function main(argv: string[], io: CliIO): Promise<number> {
  const json = argv.includes('--json') && argv.some((arg) => HELP_WORDS.has(arg));
  const words = json ? argv.filter((arg) => arg !== '--json') : argv;
  const [name, ...args] = words;
  if (!name || HELP_WORDS.has(name)) {
    const topic = args[0];
    if (topic !== undefined) return help(topic, io, json);
    io.stdout(
      json ? JSON.stringify({ usage: 'deskmate <command> [options]', commands: listCommands() }) : overview(),
    );
    // `deskmate` alone is a usage mistake (exit 2), though it gets the same help.
    return name ? 0 : 2;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) return unknownCommand(name, io);
  if (args.includes('--help') || args.includes('-h')) return help(name, io, json);
  const code = await command.load();
  try {
    return await code.run(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      // Every problem on its own line, each saying which command it is from; the usage after them as it is.
      const lines = error.message.split('\n');
      const usageAt = lines.findIndex((line) => line.startsWith('usage: '));
      const problems = usageAt === -1 ? lines : lines.slice(0, usageAt);
      for (const line of problems) io.stderr(`deskmate ${name}: ${line}`);
      if (usageAt !== -1) io.stderr(lines.slice(usageAt).join('\n'));
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

function unknownCommand(name: string, io: CliIO): number {
  // The word typed is not echoed back: it may be a value pasted in the wrong place.
  const near = commands.find((command) => command.name.startsWith(name.slice(0, 2)));
  io.stderr(
    `deskmate: unknown command${near ? ` (did you mean ${near.name}?)` : ''}. Commands: ${commands.map((c) => c.name).join(', ')}\nSee deskmate help.`,
  );
  return 2;
}

function help(topic: string, io: CliIO, json: boolean): number {
  const command = commands.find((candidate) => candidate.name === topic);
  if (!command) return unknownCommand(topic, io);
  io.stdout(json ? JSON.stringify(describe(command)) : commandHelp(command));
  return 0;
}

function describe({ name, summary, usage, help: text }: CommandInfo) {
  return { name, summary, usage: usage.split('\n'), help: text };
}

/** `deskmate help`: every command with its summary. */
function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    "deskmate: Deskmate's command line for admins, QA leads and measurements.",
    '',
    'Usage: deskmate <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'deskmate help <command> (or deskmate <command> --help) tells more; add --json for JSON.',
  ].join('\n');
}

/** `deskmate help <command>`: usage, then what it does, its options and input formats. */
function commandHelp(command: CommandInfo): string {
  return [
    `deskmate ${command.name}: ${command.summary}`,
    '',
    'Usage:',
    ...command.usage.split('\n').map((line) => `  ${line}`),
    '',
    command.help,
  ].join('\n');
}
