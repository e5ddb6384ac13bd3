/**
 * Business-hours calendars: a client's time zone, weekly hours (split shifts, overnight spans) and holidays,
 * turned into a flat timeline of open intervals in UTC milliseconds.
 *
 * Why a timeline: the worker recomputes every open ticket's clocks often, so the hot queries must not touch
 * Luxon. Luxon (and date-holidays) run only when the timeline is extended, one chunk of local days at a time;
 * after that `isOpen`, `businessTimeBetween` and `addBusinessTime` are binary searches over the intervals and a
 * running sum of their lengths. DST is handled where it belongs: each shift's local wall-clock start and end
 * are converted to instants by Luxon, so a 09:00–17:00 day is 8 hours on both sides of a clock change and an
 * overnight 22:00–06:00 span is 7 or 9 hours on the nights the clocks move.
 *
 * Every search is bounded (HORIZON_YEARS): a calendar whose holidays cover everything fails with a clear
 * error instead of looping.
 */
import { DateTime, IANAZone } from 'luxon';
import { createHolidayLookup, type HolidayLookup } from './holidays.ts';
import { type CalendarSpec, TIME_RANGE_PATTERN, WEEKDAYS } from './policy-schema.ts';

/** How far any search for open time may look, from the instant it starts. */
export const HORIZON_YEARS = 5;
const HORIZON_MS = HORIZON_YEARS * 366 * 24 * 3_600_000;
/** Local days generated per extension: large enough that extensions are rare, small enough to stay cheap. */
const CHUNK_DAYS = 92;

export class SlaCalendarError extends Error {
  override name = 'SlaCalendarError';
}

/** Elapsed-time arithmetic for one kind of target hours; business calendars and plain calendar time share it. */
export interface TimeMeasure {
  /** The instant `durationMs` of counted time after `startMs` (the end of the last counted millisecond). */
  addTime(startMs: number, durationMs: number): number;
  /** Counted time in [aMs, bMs); 0 when bMs ≤ aMs. */
  timeBetween(aMs: number, bMs: number): number;
}

export interface BusinessCalendar extends TimeMeasure {
  readonly timeZone: string;
  isOpen(ms: number): boolean;
  /** `ms` itself when open, else the next opening instant. */
  nextOpen(ms: number): number;
  addBusinessTime(startMs: number, durationMs: number): number;
  businessTimeBetween(aMs: number, bMs: number): number;
}

/** Calendar hours: every millisecond counts (targets with `"hours": "calendar"`). */
export const calendarHours: TimeMeasure = {
  addTime: (startMs, durationMs) => startMs + Math.max(0, durationMs),
  timeBetween: (aMs, bMs) => Math.max(0, bMs - aMs),
};

interface Shift {
  startMinute: number;
  /** Minutes after the start of the shift's own day; may exceed 1440 for overnight shifts. */
  endMinute: number;
}

/** Parses the weekly hours into shifts per ISO weekday (1 = Monday … 7 = Sunday). */
function parseWeeklyHours(weeklyHours: CalendarSpec['weeklyHours']): Shift[][] {
  const byWeekday: Shift[][] = [[]];
  for (const day of WEEKDAYS) {
    const shifts: Shift[] = [];
    for (const range of weeklyHours[day] ?? []) {
      if (!TIME_RANGE_PATTERN.test(range)) {
        throw new SlaCalendarError(`weeklyHours.${day}: a range is not "HH:MM-HH:MM" (00:00 to 24:00)`);
      }
      const [sh = 0, sm = 0, eh = 0, em = 0] = range.split(/[-:]/).map(Number);
      const startMinute = sh * 60 + sm;
      let endMinute = eh * 60 + em;
      // An end at or before the start is an overnight shift that ends on the following day.
      if (endMinute <= startMinute) endMinute += 24 * 60;
      shifts.push({ startMinute, endMinute });
    }
    byWeekday.push(shifts);
  }
  return byWeekday;
}

export function createCalendar(spec: CalendarSpec): BusinessCalendar {
  if (!IANAZone.isValidZone(spec.timeZone)) {
    // The zone is the policy's text: say what is expected, not what was given.
    throw new SlaCalendarError('unknown time zone (expected an IANA name like "Europe/London")');
  }
  const shifts = parseWeeklyHours(spec.weeklyHours);
  if (shifts.every((day) => day.length === 0)) {
    throw new SlaCalendarError('the calendar has no open hours on any weekday');
  }
  let isHoliday: HolidayLookup;
  try {
    isHoliday = createHolidayLookup(spec.holidays ?? { types: ['public'], dates: [] });
  } catch (error) {
    throw new SlaCalendarError((error as Error).message);
  }
  return new Timeline(spec.timeZone, shifts, isHoliday);
}

class Timeline implements BusinessCalendar {
  // Sorted, disjoint, non-touching open intervals [starts[i], ends[i]) and the open time before each.
  private starts: number[] = [];
  private ends: number[] = [];
  private openBefore: number[] = [];
  /** First and one-past-last local dates whose shifts have been generated. */
  private firstDay: DateTime | undefined;
  private endDay: DateTime | undefined;
  /** The instants for which the intervals are complete (the first day may miss the overnight spill before it). */
  private validFrom = Number.POSITIVE_INFINITY;
  private validTo = Number.NEGATIVE_INFINITY;

  constructor(
    readonly timeZone: string,
    private readonly shifts: Shift[][],
    private readonly isHoliday: HolidayLookup,
  ) {}

  isOpen(ms: number): boolean {
    this.cover(ms);
    const i = this.indexAtOrBefore(ms);
    return i >= 0 && ms < this.ends[i]!;
  }

  nextOpen(ms: number): number {
    if (this.isOpen(ms)) return ms;
    const limit = ms + HORIZON_MS;
    for (;;) {
      const next = this.indexAtOrBefore(ms) + 1;
      if (next < this.starts.length) return this.starts[next]!;
      if (this.validTo > limit) throw this.noOpenHours(ms);
      this.cover(this.validTo);
    }
  }

  businessTimeBetween(aMs: number, bMs: number): number {
    if (!(bMs > aMs)) return 0;
    this.cover(aMs);
    this.cover(bMs);
    return this.openUntil(bMs) - this.openUntil(aMs);
  }

  addBusinessTime(startMs: number, durationMs: number): number {
    if (!(durationMs > 0)) return startMs;
    this.cover(startMs);
    const limit = startMs + HORIZON_MS;
    for (;;) {
      // The target is a position on the running sum of open time; re-read after each extension because a
      // backward extension shifts every running sum.
      const target = this.openUntil(startMs) + durationMs;
      const i = this.firstIntervalEndingAtOrAfter(target);
      if (i < this.starts.length) return this.starts[i]! + (target - this.openBefore[i]!);
      if (this.validTo > limit) throw this.noOpenHours(startMs);
      this.cover(this.validTo);
    }
  }

  addTime(startMs: number, durationMs: number): number {
    return this.addBusinessTime(startMs, durationMs);
  }

  timeBetween(aMs: number, bMs: number): number {
    return this.businessTimeBetween(aMs, bMs);
  }

  /** Open time from the start of the timeline up to `ms`. */
  private openUntil(ms: number): number {
    const i = this.indexAtOrBefore(ms);
    if (i < 0) return 0;
    return this.openBefore[i]! + Math.min(ms, this.ends[i]!) - this.starts[i]!;
  }

  /** The last interval starting at or before `ms`, or -1. */
  private indexAtOrBefore(ms: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= ms) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi;
  }

  /** The first interval whose running sum at its end reaches `target`, or the interval count. */
  private firstIntervalEndingAtOrAfter(target: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.openBefore[mid]! + this.ends[mid]! - this.starts[mid]! >= target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private noOpenHours(fromMs: number): SlaCalendarError {
    const from = DateTime.fromMillis(fromMs, { zone: this.timeZone }).toISO();
    return new SlaCalendarError(
      `no open hours within ${HORIZON_YEARS} years after ${from}: holidays or weekly hours close everything`,
    );
  }

  /** Extends the generated days so that queries at `ms` are answered from complete intervals. */
  private cover(ms: number): void {
    if (ms >= this.validFrom && ms < this.validTo) return;
    if (!Number.isFinite(ms)) throw new SlaCalendarError(`not a valid instant: ${ms}`);
    const day = DateTime.fromMillis(ms, { zone: this.timeZone }).startOf('day');
    let firstDay = this.firstDay;
    let endDay = this.endDay;
    if (!firstDay || !endDay) {
      // One spare day before `ms` supplies the overnight spill into its day.
      firstDay = day.minus({ days: 1 });
      endDay = day.plus({ days: CHUNK_DAYS });
      this.append(this.generate(firstDay, endDay));
    }
    while (ms >= endDay.toMillis()) {
      const end: DateTime = endDay.plus({ days: CHUNK_DAYS });
      this.append(this.generate(endDay, end));
      endDay = end;
    }
    while (ms < firstDay.plus({ days: 1 }).toMillis()) {
      const start: DateTime = DateTime.min(firstDay.minus({ days: CHUNK_DAYS }), day.minus({ days: 1 }));
      this.prepend(this.generate(start, firstDay));
      firstDay = start;
    }
    this.firstDay = firstDay;
    this.endDay = endDay;
    this.validFrom = firstDay.plus({ days: 1 }).toMillis();
    this.validTo = endDay.toMillis();
    this.recount();
  }

  /** Open intervals of the shifts starting on local dates [from, to), merged and sorted. */
  private generate(from: DateTime, to: DateTime): Array<[number, number]> {
    const intervals: Array<[number, number]> = [];
    for (let day = from; day < to; day = day.plus({ days: 1 })) {
      const shifts = this.shifts[day.weekday] ?? [];
      if (shifts.length === 0 || this.isHoliday(day.toISODate()!)) continue;
      for (const shift of shifts) {
        // Luxon resolves wall-clock times that a DST change skips or repeats, per shift.
        const start = day.set(wallClock(shift.startMinute)).toMillis();
        const end = day
          .plus({ days: Math.floor(shift.endMinute / 1440) })
          .set(wallClock(shift.endMinute % 1440))
          .toMillis();
        if (end > start) intervals.push([start, end]);
      }
    }
    intervals.sort((a, b) => a[0] - b[0]);
    return mergeIntervals(intervals);
  }

  private append(intervals: Array<[number, number]>): void {
    this.setIntervals(mergeIntervals([...this.pairs(), ...intervals]));
  }

  private prepend(intervals: Array<[number, number]>): void {
    this.setIntervals(mergeIntervals([...intervals, ...this.pairs()]));
  }

  private pairs(): Array<[number, number]> {
    return this.starts.map((start, i) => [start, this.ends[i]!]);
  }

  private setIntervals(intervals: Array<[number, number]>): void {
    this.starts = intervals.map(([start]) => start);
    this.ends = intervals.map(([, end]) => end);
  }

  private recount(): void {
    let total = 0;
    this.openBefore = this.starts.map((start, i) => {
      const before = total;
      total += this.ends[i]! - start;
      return before;
    });
  }
}

function wallClock(minuteOfDay: number) {
  return { hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60, second: 0, millisecond: 0 };
}

/** Merges sorted intervals that overlap or touch, so that open time is never counted twice. */
function mergeIntervals(sorted: Array<[number, number]>): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
