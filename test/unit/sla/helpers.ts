/** Shared helpers for the SLA tests: instants from ISO strings, and readable instants back. */
import { DateTime } from 'luxon';
import type { CalendarSpec } from '../../../src/core/sla/index.ts';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** Epoch ms of an ISO time with an explicit offset. */
export function at(iso: string): number {
  const time = DateTime.fromISO(iso, { setZone: true });
  if (!time.isValid) throw new Error(`bad test time ${iso}`);
  return time.toMillis();
}

/** The instant as ISO in `zone`, without milliseconds: what a person would check the expectation against. */
export function local(ms: number | null, zone: string): string | null {
  return ms === null ? null : DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });
}

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/** A calendar spec with the same hours Monday to Friday (plus optional extra days) and no holidays. */
export function officeHours(
  timeZone: string,
  hours: string[],
  extra: Partial<CalendarSpec['weeklyHours']> = {},
  holidays: Partial<NonNullable<CalendarSpec['holidays']>> = {},
): CalendarSpec {
  return {
    timeZone,
    weeklyHours: { ...Object.fromEntries(weekdays.map((day) => [day, hours])), ...extra },
    holidays: { types: ['public'], dates: [], ...holidays },
  } as CalendarSpec;
}

export function everyDay(timeZone: string, hours: string[]): CalendarSpec {
  return officeHours(timeZone, hours, { sat: hours, sun: hours });
}
