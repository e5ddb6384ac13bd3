import { describe, expect, it } from 'vitest';
import { initials, relativeTime } from '../../../demo/src/format.ts';

const NOW = new Date('2026-03-10T15:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

describe('relativeTime', () => {
  it('reads like a helpdesk queue: just now, minutes, hours, then days', () => {
    expect(relativeTime(ago(0.5), NOW)).toBe('just now');
    expect(relativeTime(ago(40), NOW)).toBe('40 min. ago');
    expect(relativeTime(ago(5 * 60 + 30), NOW)).toBe('5 hr. ago');
    expect(relativeTime(ago(26 * 60), NOW)).toBe('yesterday');
    expect(relativeTime(ago(3 * 24 * 60 + 95), NOW)).toBe('3 days ago');
  });

  it('rounds down, so a ticket is never shown older than it is', () => {
    expect(relativeTime(ago(59.9), NOW)).toBe('59 min. ago');
    expect(relativeTime(ago(119), NOW)).toBe('1 hr. ago');
  });
});

describe('initials', () => {
  it('takes the first and last names, for avatars', () => {
    expect(initials('Maya Thompson')).toBe('MT');
    expect(initials('Lucía  de la Fernández')).toBe('LF');
    expect(initials('cher')).toBe('C');
    expect(initials('  ')).toBe('');
  });
});
