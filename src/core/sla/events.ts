/**
 * A ticket's history as the clock engine reads it: what the content script saw on the helpdesk page (or an
 * admin exported), one event per fact. Times are epoch milliseconds in memory; in JSON Lines (the CLI's input
 * and the import format) they are ISO 8601 instants with an explicit offset, so no event is ambiguous:
 *
 *   {"ticket":"1042","type":"created","at":"2026-03-06T09:00:00-05:00","priority":"high","channel":"email"}
 *   {"ticket":"1042","type":"customer_message","at":"2026-03-06T09:00:00-05:00"}
 *   {"ticket":"1042","type":"agent_reply","at":"2026-03-06T10:12:00-05:00"}
 *   {"ticket":"1042","type":"agent_reply","at":"2026-03-06T10:20:00-05:00","public":false}
 *   {"ticket":"1042","type":"status","at":"2026-03-06T10:13:00-05:00","status":"pending"}
 *   {"ticket":"1042","type":"priority","at":"2026-03-06T11:00:00-05:00","priority":"urgent"}
 *
 * `"estimated": true` marks a time the page did not show (e.g. "2 hours ago" rounded); results built on it
 * say so.
 */
import * as v from 'valibot';
import { type JsonlEntry, JsonlReader } from '../jsonl.ts';
import { formatCount, LIMITS } from '../limits.ts';
import { issueDotPath, issueMessage } from '../validation.ts';

interface EventBase {
  /** Epoch milliseconds. */
  at: number;
  /** The time was inferred, not read off the page. */
  estimated?: boolean;
}

export type TicketEvent =
  | (EventBase & { type: 'created'; priority?: string; channel?: string; status?: string })
  | (EventBase & { type: 'priority'; priority: string })
  | (EventBase & { type: 'status'; status: string })
  | (EventBase & { type: 'customer_message' })
  /** `public: false` is an internal note: it neither answers the customer nor counts as an update. */
  | (EventBase & { type: 'agent_reply'; public?: boolean });

export interface TicketHistory {
  ticket: string;
  events: TicketEvent[];
}

/** ISO 8601 date-time with seconds optional, fraction optional, and a mandatory `Z` or `±HH:MM` offset. */
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const instant = v.pipe(
  v.string('at must be a string'),
  v.regex(INSTANT_PATTERN, 'at must be an ISO 8601 time with an offset, e.g. "2026-03-06T09:00:00-05:00"'),
  v.transform((iso) => Date.parse(iso)),
  v.check((ms) => Number.isFinite(ms), 'at is not a real date'),
);
const label = (what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.trim(),
    v.nonEmpty(`${what} must not be empty`),
    v.toLowerCase(),
  );

const common = {
  ticket: v.pipe(v.string('ticket must be a string'), v.nonEmpty('ticket must not be empty')),
  at: instant,
  estimated: v.optional(v.boolean('estimated must be true or false')),
};

export const EventLineSchema = v.variant(
  'type',
  [
    v.strictObject({
      ...common,
      type: v.literal('created'),
      priority: v.optional(label('priority')),
      channel: v.optional(label('channel')),
      status: v.optional(label('status')),
    }),
    v.strictObject({ ...common, type: v.literal('priority'), priority: label('priority') }),
    v.strictObject({ ...common, type: v.literal('status'), status: label('status') }),
    v.strictObject({ ...common, type: v.literal('customer_message') }),
    v.strictObject({
      ...common,
      type: v.literal('agent_reply'),
      public: v.optional(v.boolean('public must be true or false')),
    }),
  ],
  'type must be one of created, priority, status, customer_message, agent_reply',
);

export interface EventLineError {
  line: number;
  message: string;
}

export type ParseEventsResult =
  | { ok: true; tickets: TicketHistory[] }
  | { ok: false; errors: EventLineError[] };

/**
 * Parses JSON Lines of ticket events (blank lines ignored) into one history per ticket, in first-seen order,
 * each sorted by time. Every bad line is reported with its 1-based number and the field at fault — never with
 * the line's text, which may hold a ticket's data. Fed chunk by chunk, so the CLI streams a file of any length
 * up to the limits (`LIMITS.recordBytes` per line, `LIMITS.jsonlLines` lines).
 */
export class EventsJsonlParser {
  private readonly byTicket = new Map<string, TicketEvent[]>();
  private readonly errors: EventLineError[] = [];
  private stopped = false;
  private readonly reader = new JsonlReader((entry) => this.entry(entry), {
    what: 'one event line',
  });

  feed(chunk: string): void {
    if (this.stopped) return;
    this.reader.feed(chunk);
    if (this.reader.lines > LIMITS.jsonlLines) this.stop();
  }

  finish(): ParseEventsResult {
    if (!this.stopped) this.reader.finish();
    if (this.reader.lines > LIMITS.jsonlLines) this.stop();
    if (this.errors.length) return { ok: false, errors: this.errors };
    return {
      ok: true,
      tickets: [...this.byTicket].map(([ticket, events]) => ({
        ticket,
        events: events.sort((a, b) => a.at - b.at),
      })),
    };
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.errors.push({
      line: LIMITS.jsonlLines + 1,
      message: `more than ${formatCount(LIMITS.jsonlLines)} lines, the limit for an events file`,
    });
  }

  private entry(entry: JsonlEntry): void {
    if (this.stopped || entry.line > LIMITS.jsonlLines) return;
    const { line } = entry;
    if (!entry.ok) {
      this.errors.push({ line, message: entry.message });
      return;
    }
    const result = v.safeParse(EventLineSchema, entry.value);
    if (!result.success) {
      const issue = result.issues[0];
      const field = issueDotPath(issue);
      const message = issueMessage(issue);
      this.errors.push({
        line,
        message: field ? `${field}: ${message}` : message === 'wrong type' ? 'expected an object' : message,
      });
      return;
    }
    const { ticket, ...event } = result.output;
    const events = this.byTicket.get(ticket);
    if (events) events.push(event as TicketEvent);
    else this.byTicket.set(ticket, [event as TicketEvent]);
  }
}

export function parseEventsJsonl(text: string): ParseEventsResult {
  const parser = new EventsJsonlParser();
  parser.feed(text);
  return parser.finish();
}
