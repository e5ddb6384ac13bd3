import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRelativeDay } from '../../../src/core/time/relative-day.ts';

const NOW = new Date(2026, 11, 7, 16, 30);
const at = (daysAgo: number, hour: number, minute: number, second = 0) =>
  new Date(2026, 11, 7 - daysAgo, hour, minute, second).getTime();

describe('times shown relative to today', () => {
  it('reads Roundcube’s "Today 14:03" and "Yesterday 09:12" in the browser’s time zone', () => {
    expect(parseRelativeDay('Today 14:03', NOW)).toBe(at(0, 14, 3));
    expect(parseRelativeDay('Yesterday 09:12', NOW)).toBe(at(1, 9, 12));
  });

  it('reads the forms other apps and languages use: "at", commas, 12-hour clocks, seconds', () => {
    expect(parseRelativeDay('Yesterday at 9:12 PM', NOW)).toBe(at(1, 21, 12));
    expect(parseRelativeDay('today at 12:05 a.m.', NOW)).toBe(at(0, 0, 5));
    expect(parseRelativeDay('Today, 12:30 pm', NOW)).toBe(at(0, 12, 30));
    expect(parseRelativeDay('Heute, 14:03', NOW)).toBe(at(0, 14, 3));
    expect(parseRelativeDay('Gestern um 08:00', NOW)).toBe(at(1, 8, 0));
    expect(parseRelativeDay('Hier à 09h12', NOW)).toBe(at(1, 9, 12));
    expect(parseRelativeDay("Aujourd'hui 10:00:30", NOW)).toBe(at(0, 10, 0, 30));
    expect(parseRelativeDay('Ayer a las 18:45', NOW)).toBe(at(1, 18, 45));
  });

  it('crosses month and year boundaries', () => {
    expect(parseRelativeDay('Yesterday 23:59', new Date(2027, 0, 1, 0, 10))).toBe(
      new Date(2026, 11, 31, 23, 59).getTime(),
    );
  });

  it('is not fooled by other text, impossible times or other day words', () => {
    for (const text of [
      'Today',
      '14:03',
      'Tomorrow 14:03',
      'Today 24:00',
      'Today 13:00 PM',
      'Today 9:60',
      'Monday 14:03',
      'Todays 14:03',
      'Today 14:03 and more',
      '2025-11-25 14:03',
    ])
      expect(parseRelativeDay(text, NOW), text).toBeNull();
  });

  it('never throws and only answers today or yesterday, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const parsed = parseRelativeDay(text, NOW);
        if (parsed === null) return;
        expect(parsed).toBeGreaterThanOrEqual(at(1, 0, 0));
        expect(parsed).toBeLessThan(at(-1, 0, 0));
      }),
    );
  });
});
