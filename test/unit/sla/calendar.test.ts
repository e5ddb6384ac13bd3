import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCalendar, SlaCalendarError } from '../../../src/core/sla/index.ts';
import { at, everyDay, HOUR, local, MINUTE, officeHours } from './helpers.ts';

const NY = 'America/New_York';
const LONDON = 'Europe/London';
const SYDNEY = 'Australia/Sydney';

describe('addBusinessTime: table of DST changes, holidays, weekends and overnight hours', () => {
  const cases = [
    {
      name: 'New York, spring forward over the weekend: 8 business hours end at the same wall-clock time',
      spec: officeHours(NY, ['09:00-17:00']),
      start: '2026-03-06T13:00:00-05:00',
      hours: 8,
      due: '2026-03-09T13:00:00-04:00',
    },
    {
      name: 'New York, fall back over the weekend',
      spec: officeHours(NY, ['09:00-17:00']),
      start: '2026-10-30T13:00:00-04:00',
      hours: 8,
      due: '2026-11-02T13:00:00-05:00',
    },
    {
      name: 'New York, overnight Saturday shift on the night clocks go forward is 7 hours long',
      spec: officeHours(NY, [], { sat: ['22:00-06:00'] }),
      start: '2026-03-07T22:00:00-05:00',
      hours: 7,
      due: '2026-03-08T06:00:00-04:00',
    },
    {
      name: 'New York, overnight Saturday shift on the night clocks go back is 9 hours long',
      spec: officeHours(NY, [], { sat: ['22:00-06:00'] }),
      start: '2026-10-31T22:00:00-04:00',
      hours: 9,
      due: '2026-11-01T06:00:00-05:00',
    },
    {
      name: 'London, round the clock, across the 23-hour spring day',
      spec: everyDay(LONDON, ['00:00-24:00']),
      start: '2026-03-29T00:00:00+00:00',
      hours: 24,
      due: '2026-03-30T01:00:00+01:00',
    },
    {
      name: 'London, round the clock, across the 25-hour autumn day',
      spec: everyDay(LONDON, ['00:00-24:00']),
      start: '2026-10-25T00:00:00+01:00',
      hours: 24,
      due: '2026-10-25T23:00:00+00:00',
    },
    {
      name: 'London office hours over the clock change and the weekend',
      spec: officeHours(LONDON, ['09:00-17:30']),
      start: '2026-03-27T17:00:00+00:00',
      hours: 1,
      due: '2026-03-30T09:30:00+01:00',
    },
    {
      name: 'London: Good Friday and Easter Monday (GB-ENG public holidays) are closed',
      spec: officeHours(LONDON, ['09:00-17:30'], {}, { country: 'GB', region: 'ENG' }),
      start: '2026-04-02T17:00:00+01:00',
      hours: 1,
      due: '2026-04-07T09:30:00+01:00',
    },
    {
      name: 'Sydney, round the clock, the day DST ends (25 hours)',
      spec: everyDay(SYDNEY, ['00:00-24:00']),
      start: '2026-04-05T00:00:00+11:00',
      hours: 24,
      due: '2026-04-05T23:00:00+10:00',
    },
    {
      name: 'Sydney, overnight 20:00-04:00 on the night DST starts is 7 hours long',
      spec: everyDay(SYDNEY, ['20:00-04:00']),
      start: '2026-10-03T20:00:00+10:00',
      hours: 7,
      due: '2026-10-04T04:00:00+11:00',
    },
    {
      name: 'Sydney, overnight 20:00-04:00 on the night DST ends is 9 hours long',
      spec: everyDay(SYDNEY, ['20:00-04:00']),
      start: '2026-04-04T20:00:00+11:00',
      hours: 9,
      due: '2026-04-05T04:00:00+10:00',
    },
    {
      name: 'US-NY public holiday: Independence Day observed on Friday 3 July, then the weekend',
      spec: officeHours(NY, ['09:00-17:00'], {}, { country: 'US', region: 'NY' }),
      start: '2026-07-02T16:00:00-04:00',
      hours: 2,
      due: '2026-07-06T10:00:00-04:00',
    },
    {
      name: 'explicit holiday (24 Dec) next to a public one (25 Dec)',
      spec: officeHours(NY, ['09:00-17:00'], {}, { country: 'US', dates: ['2026-12-24'] }),
      start: '2026-12-23T16:00:00-05:00',
      hours: 2,
      due: '2026-12-28T10:00:00-05:00',
    },
    {
      name: 'a holiday closes the shifts that start on it, not the night shift that began the evening before',
      spec: officeHours(NY, ['22:00-06:00'], {}, { dates: ['2026-05-15'] }),
      start: '2026-05-14T22:00:00-04:00',
      hours: 9,
      due: '2026-05-18T23:00:00-04:00',
    },
    {
      name: 'split shift: the lunch break is skipped',
      spec: officeHours(NY, ['09:00-12:00', '13:00-17:00']),
      start: '2026-05-11T11:30:00-04:00',
      hours: 1,
      due: '2026-05-11T13:30:00-04:00',
    },
    {
      name: 'starting in closed hours (Saturday) counts from Monday opening',
      spec: officeHours(NY, ['09:00-17:00']),
      start: '2026-05-09T12:00:00-04:00',
      hours: 3,
      due: '2026-05-11T12:00:00-04:00',
    },
    {
      name: 'a target that fills the day exactly is due at closing, not at the next opening',
      spec: officeHours(NY, ['09:00-17:00']),
      start: '2026-05-11T09:00:00-04:00',
      hours: 8,
      due: '2026-05-11T17:00:00-04:00',
    },
  ];

  for (const { name, spec, start, hours, due } of cases) {
    it(name, () => {
      const calendar = createCalendar(spec);
      const dueMs = calendar.addBusinessTime(at(start), hours * HOUR);
      expect(local(dueMs, spec.timeZone)).toBe(due);
      // The two directions agree: the business time between start and due is the duration added.
      expect(calendar.businessTimeBetween(at(start), dueMs)).toBe(hours * HOUR);
    });
  }
});

describe('businessTimeBetween, isOpen and nextOpen', () => {
  const calendar = createCalendar(officeHours(NY, ['09:00-12:00', '13:00-17:00']));

  it('counts only open time, a weekend and a DST change in between', () => {
    expect(
      calendar.businessTimeBetween(at('2026-03-06T10:00:00-05:00'), at('2026-03-09T10:00:00-04:00')),
    ).toBe(7 * HOUR);
  });

  it('is zero for an empty or reversed range', () => {
    const t = at('2026-03-06T10:00:00-05:00');
    expect(calendar.businessTimeBetween(t, t)).toBe(0);
    expect(calendar.businessTimeBetween(t + HOUR, t)).toBe(0);
  });

  it('treats opening as open and closing as closed', () => {
    expect(calendar.isOpen(at('2026-03-06T09:00:00-05:00'))).toBe(true);
    expect(calendar.isOpen(at('2026-03-06T11:59:59.999-05:00'))).toBe(true);
    expect(calendar.isOpen(at('2026-03-06T12:00:00-05:00'))).toBe(false);
    expect(calendar.isOpen(at('2026-03-07T10:00:00-05:00'))).toBe(false);
  });

  it('finds the next opening after lunch, after the weekend, and returns an open instant unchanged', () => {
    expect(local(calendar.nextOpen(at('2026-03-06T12:15:00-05:00')), NY)).toBe('2026-03-06T13:00:00-05:00');
    expect(local(calendar.nextOpen(at('2026-03-06T18:00:00-05:00')), NY)).toBe('2026-03-09T09:00:00-04:00');
    const open = at('2026-03-06T14:00:00-05:00');
    expect(calendar.nextOpen(open)).toBe(open);
  });

  it('answers the same for old dates asked after recent ones as a fresh calendar does', () => {
    const warmed = createCalendar(officeHours(NY, ['09:00-17:00'], {}, { country: 'US' }));
    warmed.addBusinessTime(at('2026-06-01T09:00:00-04:00'), 10 * HOUR);
    const fresh = createCalendar(officeHours(NY, ['09:00-17:00'], {}, { country: 'US' }));
    const old = at('2019-12-24T15:00:00-05:00');
    expect(warmed.addBusinessTime(old, 5 * HOUR)).toBe(fresh.addBusinessTime(old, 5 * HOUR));
    expect(local(warmed.addBusinessTime(old, 5 * HOUR), NY)).toBe('2019-12-26T12:00:00-05:00');
  });
});

describe('impossible calendars fail with a clear error instead of looping', () => {
  it('rejects an unknown time zone', () => {
    expect(() => createCalendar(officeHours('Mars/Olympus_Mons', ['09:00-17:00']))).toThrow(
      /unknown time zone \(expected an IANA name/,
    );
  });

  it('rejects a week with no open hours', () => {
    expect(() => createCalendar(officeHours(NY, []))).toThrow(SlaCalendarError);
    expect(() => createCalendar(officeHours(NY, []))).toThrow(/no open hours on any weekday/);
  });

  it('rejects an unknown holiday country or region', () => {
    expect(() => createCalendar(officeHours(NY, ['09:00-17:00'], {}, { country: 'ZZ' }))).toThrow(
      /unknown holiday country/,
    );
    expect(() =>
      createCalendar(officeHours(NY, ['09:00-17:00'], {}, { country: 'US', region: 'XX' })),
    ).toThrow(/unknown region for US/);
  });

  it('stops searching after five years when holidays cover every open day', () => {
    // Open on Mondays only, and every Monday for the next six years is a holiday.
    const mondays: string[] = [];
    for (let ms = at('2026-01-05T12:00:00Z'); ms < at('2032-01-01T00:00:00Z'); ms += 7 * 24 * HOUR) {
      mondays.push(new Date(ms).toISOString().slice(0, 10));
    }
    const calendar = createCalendar({
      timeZone: 'UTC',
      weeklyHours: { mon: ['09:00-17:00'], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: { types: ['public'], dates: mondays },
    });
    const start = at('2026-01-01T00:00:00Z');
    expect(() => calendar.addBusinessTime(start, HOUR)).toThrow(
      /no open hours within 5 years after 2026-01-01/,
    );
    expect(() => calendar.nextOpen(start)).toThrow(SlaCalendarError);
    expect(calendar.isOpen(start)).toBe(false);
  });
});

describe('properties of addBusinessTime (fast-check)', () => {
  // A zone with DST, a split shift, an overnight Friday shift and public holidays: the awkward cases together.
  const calendar = createCalendar(
    officeHours(
      LONDON,
      ['08:00-12:00', '13:30-18:00'],
      { fri: ['08:00-12:00', '20:00-02:00'] },
      { country: 'GB' },
    ),
  );
  const from = at('2026-01-01T00:00:00Z');
  const year = 365 * 24 * HOUR;
  const start = fc.integer({ min: from, max: from + year });
  const minutes = fc.integer({ min: 1, max: 60 * 24 * 20 });

  it('due times are monotonic in the target', () => {
    fc.assert(
      fc.property(start, minutes, minutes, (s, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        return calendar.addBusinessTime(s, short * MINUTE) <= calendar.addBusinessTime(s, long * MINUTE);
      }),
      { numRuns: 200 },
    );
  });

  it('due times never fall in closed hours: the last millisecond before the due time is open', () => {
    fc.assert(
      fc.property(start, minutes, (s, m) => calendar.isOpen(calendar.addBusinessTime(s, m * MINUTE) - 1)),
      { numRuns: 200 },
    );
  });

  it('the business time from start to due is exactly the target', () => {
    fc.assert(
      fc.property(start, minutes, (s, m) => {
        const due = calendar.addBusinessTime(s, m * MINUTE);
        return calendar.businessTimeBetween(s, due) === m * MINUTE;
      }),
      { numRuns: 200 },
    );
  });
});
