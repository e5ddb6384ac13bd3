/**
 * `deskmate sla`: SLA clocks from the command line, for admins checking a policy and for measuring the core.
 *
 *   deskmate sla --policy P --events E.jsonl [--now ISO] [--all]   one JSON line per ticket and metric
 *   deskmate sla validate P                                         {"ok":true} or the errors with their paths
 *   deskmate sla schema                                             the policy's JSON Schema
 */

import { parseArgs } from 'node:util';
import { toJsonSchema } from '@valibot/to-json-schema';
import { DateTime } from 'luxon';
import { LIMITS } from '../../core/limits.ts';
import {
  compileSlaPolicy,
  EventsJsonlParser,
  formatDuration,
  latestClocks,
  SlaCalendarError,
  type SlaClock,
  type SlaEngine,
  SlaPolicySchema,
  validateSlaPolicy,
} from '../../core/sla/index.ts';
import {
  type CliCommand,
  CliError,
  type CliIO,
  printJson,
  readJsonFile,
  refuseFile,
  streamInput,
} from '../cli-kit.ts';
import { usageOf } from './catalog.ts';

const usage = usageOf('sla');

/** Lines of errors shown before the rest are summarised, so a wrong file does not flood the terminal. */
const MAX_ERRORS_SHOWN = 20;

export const slaCommand: CliCommand = {
  async run(args, io) {
    if (args[0] === 'validate') return validate(args.slice(1), io);
    if (args[0] === 'schema') {
      io.stdout(slaPolicyJsonSchemaText());
      return 0;
    }
    return clocks(args, io);
  },
};

/** The published JSON Schema of the policy format, generated from the valibot schema. */
export function slaPolicyJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = toJsonSchema(SlaPolicySchema, {
    // Trimming and lower-casing normalise input, and the checks ask Luxon and date-holidays (time zones,
    // holiday regions): none of them is a rule a JSON Schema validator could apply.
    ignoreActions: ['trim', 'to_lower_case', 'check'],
  });
  return {
    $schema,
    $id: 'https://deskmate.invalid/schemas/sla-policy.schema.json',
    title: 'Deskmate SLA policy',
    description:
      'SLA targets, business-hours calendar, pauses, warnings and handle-time target of one client.',
    ...schema,
  };
}

/** The schema file's exact text (public/schemas/sla-policy.schema.json). */
export function slaPolicyJsonSchemaText(): string {
  return JSON.stringify(slaPolicyJsonSchema(), null, 2);
}

async function validate(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const [path] = positionals;
  if (!path || positionals.length > 1) throw new CliError(`expected one policy file\nusage: ${usage}`);
  const result = validateSlaPolicy(await readJsonFile(io, path, 'an SLA policy'));
  if (!result.ok) refuseFile(io, path, result.errors, { json: values.json });
  printJson(io, { ok: true });
  return 0;
}

async function clocks(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      policy: { type: 'string' },
      events: { type: 'string' },
      now: { type: 'string' },
      all: { type: 'boolean', default: false },
    },
  });
  if (positionals.length) throw new CliError(`unexpected argument\nusage: ${usage}`);
  if (!values.policy || !values.events)
    throw new CliError(`--policy and --events are required\nusage: ${usage}`);
  const nowMs = values.now === undefined ? Date.now() : parseNow(values.now);

  const engine = await loadEngine(values.policy, io);
  // Streamed line by line: the parser refuses an over-long line as it arrives and stops past the line limit.
  const parser = new EventsJsonlParser();
  for await (const chunk of streamInput(io, values.events, {
    maxBytes: LIMITS.eventsFileBytes,
    what: 'an events file',
  })) {
    parser.feed(chunk);
  }
  const parsed = parser.finish();
  if (!parsed.ok) {
    const shown = parsed.errors
      .slice(0, MAX_ERRORS_SHOWN)
      .map((error) => `${values.events}: line ${error.line}: ${error.message}`);
    const more = parsed.errors.length - shown.length;
    throw new CliError(
      `${shown.join('\n')}${more > 0 ? `\n${values.events}: … and ${more} more bad lines` : ''}`,
    );
  }
  const zone = engine.policy.calendar.timeZone;
  for (const history of parsed.tickets) {
    const result = engine.clocks(history, nowMs);
    for (const clock of values.all ? result.clocks : latestClocks(result.clocks)) {
      printJson(io, { ticket: history.ticket, ...describeClock(clock, zone) });
    }
  }
  return 0;
}

async function loadEngine(path: string, io: CliIO): Promise<SlaEngine> {
  const result = validateSlaPolicy(await readJsonFile(io, path, 'an SLA policy'));
  if (!result.ok) refuseFile(io, path, result.errors);
  try {
    return compileSlaPolicy(result.policy);
  } catch (error) {
    if (error instanceof SlaCalendarError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}

function parseNow(text: string): number {
  const now = DateTime.fromISO(text, { setZone: true });
  // Luxon's explanation quotes the text: say what is expected instead.
  if (!now.isValid) throw new CliError('--now must be an ISO 8601 time, e.g. 2026-03-06T09:00:00-05:00');
  return now.toMillis();
}

/** A clock as a JSON line: instants in the client's zone, durations in ms and in words. */
function describeClock(clock: SlaClock, zone: string) {
  const iso = (ms: number | null) =>
    ms === null ? null : DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });
  return {
    metric: clock.metric,
    cycle: clock.cycle,
    priority: clock.priority,
    priorityDefaulted: clock.priorityDefaulted,
    hours: clock.hours,
    targetMinutes: clock.targetMs / 60_000,
    state: clock.state,
    running: clock.running,
    startedAt: iso(clock.startedAt),
    dueAt: iso(clock.dueAt),
    completedAt: iso(clock.completedAt),
    left: formatDuration(clock.leftMs),
    leftMs: clock.leftMs,
    calendarLeftMs: clock.calendarLeftMs,
    breachedByMs: clock.breachedByMs,
    warningPercent: clock.warningPercent,
    estimated: clock.estimated,
  };
}
