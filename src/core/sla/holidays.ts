/**
 * Which local dates a client's business is closed for a holiday: public holidays by country and region from
 * `date-holidays`, plus the explicit dates in the policy. Looked up one year at a time and cached, because
 * date-holidays computes a year's rules on each call (about 10 ms) while the clock engine asks constantly.
 */
import Holidays from 'date-holidays';
import type { CalendarSpec } from './policy-schema.ts';

export type HolidaySpec = NonNullable<CalendarSpec['holidays']>;

/** Returns whether a local date (`YYYY-MM-DD`) is a holiday. */
export type HolidayLookup = (isoDate: string) => boolean;

let catalogue: Holidays | undefined;
function holidayCatalogue(): Holidays {
  catalogue ??= new Holidays();
  return catalogue;
}

/** Explains why a country code is unknown to date-holidays, or returns undefined when it is known. */
export function holidayCountryProblem(country: string): string | undefined {
  return holidayCatalogue().getCountries()[country]
    ? undefined
    : 'unknown holiday country (expected an ISO 3166-1 code date-holidays knows)';
}

/** Explains why a region is unknown for a (known) country, or returns undefined when it is known. */
export function holidayRegionProblem(country: string, region: string): string | undefined {
  const regions = holidayCatalogue().getStates(country) ?? {};
  if (regions[region]) return undefined;
  const known = Object.keys(regions);
  return known.length
    ? `unknown region for ${country} (known: ${known.join(', ')})`
    : `${country} has no regions in date-holidays; remove "region"`;
}

export function createHolidayLookup(spec: HolidaySpec): HolidayLookup {
  const explicit = new Set(spec.dates);
  const { country, region } = spec;
  if (!country) return (isoDate) => explicit.has(isoDate);

  const problem =
    holidayCountryProblem(country) ?? (region ? holidayRegionProblem(country, region) : undefined);
  if (problem) throw new RangeError(problem);
  const source = region ? new Holidays(country, region) : new Holidays(country);
  const types = new Set<string>(spec.types);
  const byYear = new Map<number, Set<string>>();

  const yearDates = (year: number): Set<string> => {
    let dates = byYear.get(year);
    if (!dates) {
      dates = new Set(
        source
          .getHolidays(year)
          .filter((holiday) => types.has(holiday.type))
          // `date` is the local date and start time ("2026-12-24 14:00:00"); a holiday closes the whole day.
          .map((holiday) => holiday.date.slice(0, 10)),
      );
      byYear.set(year, dates);
    }
    return dates;
  };
  return (isoDate) => explicit.has(isoDate) || yearDates(Number(isoDate.slice(0, 4))).has(isoDate);
}
