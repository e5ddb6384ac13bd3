/**
 * `deskmate scan [--policy P] [--region XX] [--jsonl] [FILE|-]`: the data guard's findings for a text, as the
 * composer would underline them. With --jsonl each input line is {"id","text"} and each output line
 * {"id","findings"}. Offsets are UTF-16 code units (JavaScript string indices), end exclusive. Values are never
 * printed, only where they are.
 */
import { parseArgs } from 'node:util';
import { parseJsonLine } from '../../core/jsonl.ts';
import { LIMITS } from '../../core/limits.ts';
import { DEFAULT_POLICY } from '../../core/pii/policy/default-policy.ts';
import { type EvaluatedFinding, evaluate } from '../../core/pii/policy/evaluate.ts';
import type { RedactionPolicy } from '../../core/pii/policy/schema.ts';
import { type CliCommand, CliError, forEachJsonlLine, printJson, readInput } from '../cli-kit.ts';
import { usageOf } from './catalog.ts';
import { loadPolicy, regionOption } from './policy.ts';

const usage = usageOf('scan');

function brief(findings: readonly EvaluatedFinding[]) {
  return findings.map(({ type, start, end, score }) => ({ type, start, end, score }));
}

/** Parses one JSONL input line into {id, text}, or explains what is wrong with it. */
export function parseScanLine(line: string, lineNumber: number): { id: unknown; text: string } {
  const entry = parseJsonLine(line, lineNumber);
  // JSON.parse's message quotes the input, and the input is a ticket: say where, never what.
  if (!entry.ok) throw new CliError(`line ${lineNumber}: ${entry.message} (expected {"id", "text"})`);
  const value = entry.value;
  return scanRecord(value, lineNumber);
}

/** One parsed JSONL value as {id, text}, or what is wrong with it. */
function scanRecord(value: unknown, lineNumber: number): { id: unknown; text: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError(`line ${lineNumber}: expected an object {"id", "text"}`);
  }
  const record = value as Record<string, unknown>;
  if (typeof record.text !== 'string') throw new CliError(`line ${lineNumber}: "text" must be a string`);
  if (!('id' in record)) throw new CliError(`line ${lineNumber}: "id" is missing`);
  return { id: record.id, text: record.text };
}

export const scanCommand: CliCommand = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { policy: { type: 'string' }, region: { type: 'string' }, jsonl: { type: 'boolean' } },
    });
    if (positionals.length > 1) throw new CliError(`one input at most\nusage: ${usage}`);
    const region = regionOption(values.region);
    const policy: RedactionPolicy = values.policy ? await loadPolicy(io, values.policy) : DEFAULT_POLICY;
    const path = positionals[0] ?? '-';
    const options = region ? { region } : {};
    if (!values.jsonl) {
      const input = await readInput(io, path, {
        maxBytes: LIMITS.textBytes,
        what: 'a text to scan (use --jsonl for larger inputs)',
      });
      printJson(io, { findings: brief(evaluate(input, policy, options)) });
      return 0;
    }
    // Line by line as the input streams: one ticket per line, each line within the record limit.
    await forEachJsonlLine(
      io,
      path,
      (value, line) => {
        const { id, text } = scanRecord(value, line);
        printJson(io, { id, findings: brief(evaluate(text, policy, options)) });
      },
      { expected: '{"id", "text"}', lineName: 'one JSONL line' },
    );
    return 0;
  },
};
