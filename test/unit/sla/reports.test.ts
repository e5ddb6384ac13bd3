import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  handleTimeReport,
  type SlaClock,
  type SlaReportEntry,
  slaMetReport,
  toCsv,
} from '../../../src/core/sla/index.ts';
import { at, HOUR, MINUTE } from './helpers.ts';

function clockOf(
  state: SlaClock['state'],
  decided: string,
  metric: SlaClock['metric'] = 'first_reply',
): SlaClock {
  const ms = at(decided);
  return {
    metric,
    cycle: 1,
    priority: 'normal',
    priorityDefaulted: false,
    hours: 'business',
    targetMs: HOUR,
    startedAt: ms - HOUR,
    completedAt: state === 'met' || state === 'breached' ? ms : null,
    state,
    running: state === 'active',
    dueAt: ms,
    elapsedMs: HOUR,
    leftMs: 0,
    calendarLeftMs: null,
    breachedByMs: 0,
    warningPercent: null,
    nextAlertAt: null,
    estimated: false,
  };
}

describe('slaMetReport', () => {
  const ny = (clock: SlaClock, client = 'Acme'): SlaReportEntry => ({
    client,
    timeZone: 'America/New_York',
    clock,
  });

  it('gives met % per client, metric and local day, ignoring clocks not yet decided', () => {
    const rows = slaMetReport([
      ny(clockOf('met', '2026-05-11T10:00:00-04:00')),
      ny(clockOf('met', '2026-05-11T15:00:00-04:00')),
      ny(clockOf('breached', '2026-05-11T16:00:00-04:00')),
      // 22:30 in New York is already the 12th in UTC: it still counts on the client's 11th.
      ny(clockOf('breached', '2026-05-11T22:30:00-04:00')),
      ny(clockOf('met', '2026-05-12T09:30:00-04:00')),
      ny(clockOf('met', '2026-05-11T09:30:00-04:00', 'resolution')),
      ny(clockOf('active', '2026-05-11T12:00:00-04:00')),
      ny(clockOf('met', '2026-05-11T10:00:00-04:00'), 'Beta'),
    ]);
    expect(rows).toEqual([
      {
        client: 'Acme',
        metric: 'first_reply',
        day: '2026-05-11',
        met: 2,
        breached: 2,
        total: 4,
        metPercent: 50,
      },
      {
        client: 'Acme',
        metric: 'first_reply',
        day: '2026-05-12',
        met: 1,
        breached: 0,
        total: 1,
        metPercent: 100,
      },
      {
        client: 'Acme',
        metric: 'resolution',
        day: '2026-05-11',
        met: 1,
        breached: 0,
        total: 1,
        metPercent: 100,
      },
      {
        client: 'Beta',
        metric: 'first_reply',
        day: '2026-05-11',
        met: 1,
        breached: 0,
        total: 1,
        metPercent: 100,
      },
    ]);
  });
});

describe('handleTimeReport', () => {
  it('gives mean, median and the share within the AHT target per client', () => {
    const rows = handleTimeReport([
      { client: 'Acme', ticket: '1', activeMs: 6 * MINUTE, targetMinutes: 12 },
      { client: 'Acme', ticket: '2', activeMs: 10 * MINUTE, targetMinutes: 12 },
      { client: 'Acme', ticket: '3', activeMs: 20 * MINUTE, targetMinutes: 12 },
      { client: 'Beta', ticket: '9', activeMs: 3 * MINUTE },
    ]);
    expect(rows).toEqual([
      {
        client: 'Acme',
        tickets: 3,
        meanMinutes: 12,
        medianMinutes: 10,
        targetMinutes: 12,
        withinTarget: 2,
        withinTargetPercent: 66.7,
      },
      {
        client: 'Beta',
        tickets: 1,
        meanMinutes: 3,
        medianMinutes: 3,
        targetMinutes: null,
        withinTarget: null,
        withinTargetPercent: null,
      },
    ]);
  });
});

describe('toCsv', () => {
  it('quotes per RFC 4180 and reads back to the same values', () => {
    const rows = [
      { client: 'Acme, Inc.', note: 'said "urgent"\nthen left', metPercent: 50 },
      { client: 'Beta', note: '', metPercent: 100 },
    ];
    const csv = toCsv(rows, ['client', 'note', 'metPercent']);
    expect(csv.split('\r\n')[0]).toBe('client,note,metPercent');
    expect(csv).toContain('"Acme, Inc.","said ""urgent""\nthen left",50');
    const back = Papa.parse<string[]>(csv, { newline: '\r\n' }).data;
    expect(back[1]).toEqual(['Acme, Inc.', 'said "urgent"\nthen left', '50']);
  });

  it('escapes cells a spreadsheet would run as a formula', () => {
    const csv = toCsv([{ client: '=HYPERLINK("http://x")', total: -3 }], ['client', 'total']);
    expect(csv).not.toMatch(/^=/m);
    expect(csv).toContain("'=HYPERLINK");
    expect(csv).toContain(',-3');
  });
});
