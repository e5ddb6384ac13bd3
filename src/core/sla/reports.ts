/**
 * Reports helpers for the reports page: SLA met % per client, metric and day; handle time against the AHT
 * target; CSV export. Pure: the page gathers the clocks, these functions only count.
 */
import { DateTime } from 'luxon';
import { toCsv as writeCsv } from '../csv.ts';
import type { SlaClock } from './engine.ts';
import type { SlaMetric } from './policy-schema.ts';

export interface SlaReportEntry {
  client: string;
  /** The client's time zone: a cycle counts on the client's local day. */
  timeZone: string;
  clock: SlaClock;
}

export interface SlaMetRow {
  client: string;
  metric: SlaMetric;
  /** Local date (`YYYY-MM-DD`) the cycle was decided: fulfilled (met) or fell due (breached). */
  day: string;
  met: number;
  breached: number;
  total: number;
  metPercent: number;
}

/**
 * Met % per client, metric and day, over decided cycles only: a clock still running or paused and not yet
 * breached has no outcome yet. A breached cycle counts on the day it fell due, even if answered later.
 */
export function slaMetReport(entries: readonly SlaReportEntry[]): SlaMetRow[] {
  const rows = new Map<string, SlaMetRow>();
  for (const { client, timeZone, clock } of entries) {
    const decidedAt =
      clock.state === 'met' ? clock.completedAt : clock.state === 'breached' ? clock.dueAt : null;
    if (decidedAt === null) continue;
    const day = DateTime.fromMillis(decidedAt, { zone: timeZone }).toISODate() ?? 'invalid';
    const key = `${client}\u0000${clock.metric}\u0000${day}`;
    const row = rows.get(key) ?? {
      client,
      metric: clock.metric,
      day,
      met: 0,
      breached: 0,
      total: 0,
      metPercent: 0,
    };
    rows.set(key, row);
    if (clock.state === 'met') row.met++;
    else row.breached++;
    row.total++;
    row.metPercent = round1((row.met / row.total) * 100);
  }
  return [...rows.values()].sort(
    (a, b) =>
      a.client.localeCompare(b.client) || a.metric.localeCompare(b.metric) || a.day.localeCompare(b.day),
  );
}

export interface HandleTimeEntry {
  client: string;
  ticket: string;
  activeMs: number;
  /** The client's AHT target; tickets of clients without one are counted but not judged. */
  targetMinutes?: number;
}

export interface HandleTimeRow {
  client: string;
  tickets: number;
  meanMinutes: number;
  medianMinutes: number;
  targetMinutes: number | null;
  withinTarget: number | null;
  withinTargetPercent: number | null;
}

/** Handle time per client: mean and median against the AHT target, and the share of tickets within it. */
export function handleTimeReport(entries: readonly HandleTimeEntry[]): HandleTimeRow[] {
  const byClient = new Map<string, HandleTimeEntry[]>();
  for (const entry of entries) {
    const list = byClient.get(entry.client);
    if (list) list.push(entry);
    else byClient.set(entry.client, [entry]);
  }
  return [...byClient]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([client, list]) => {
      const minutes = list.map((entry) => entry.activeMs / 60_000).sort((a, b) => a - b);
      const target = list.find((entry) => entry.targetMinutes !== undefined)?.targetMinutes ?? null;
      const within = target === null ? null : minutes.filter((value) => value <= target).length;
      return {
        client,
        tickets: list.length,
        meanMinutes: round1(minutes.reduce((sum, value) => sum + value, 0) / minutes.length),
        medianMinutes: round1(median(minutes)),
        targetMinutes: target,
        withinTarget: within,
        withinTargetPercent: within === null ? null : round1((within / list.length) * 100),
      };
    });
}

/**
 * CSV for the reports page: RFC 4180 line ends; cells a spreadsheet would run as a formula are escaped, since
 * client and ticket names come from other people's pages. The one writer every export uses (core/csv.ts).
 */
export function toCsv<Row extends object>(
  rows: readonly Row[],
  columns: ReadonlyArray<keyof Row & string>,
): string {
  return writeCsv(rows, columns, { newline: '\r\n' });
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
