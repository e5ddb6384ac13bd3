import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ActivitySignal,
  computeHandleTime,
  createHandleTimeTracker,
  handleTimeStatus,
  mergeHandleTime,
  unionIntervals,
} from '../../../src/core/sla/index.ts';
import { MINUTE } from './helpers.ts';

const T0 = Date.UTC(2026, 4, 11, 13, 0);
const m = (minutes: number) => T0 + minutes * MINUTE;

/** A tab showing `ticket` becoming visible and focused at `minute`. */
const opened = (ticket: string, source: string, minute: number): ActivitySignal[] => [
  { kind: 'visible', ticket, source, at: m(minute) },
  { kind: 'focus', ticket, source, at: m(minute) },
];

describe('handle time counts only visible AND focused AND not idle AND not paused', () => {
  it('counts a visible, focused tab until it is hidden', () => {
    const signals = [
      ...opened('42', 'tab1', 0),
      { kind: 'hidden', ticket: '42', source: 'tab1', at: m(10) } as const,
    ];
    expect(computeHandleTime(signals, m(30)).get('42')).toBe(10 * MINUTE);
  });

  it('does not count a visible tab in an unfocused window', () => {
    const signals: ActivitySignal[] = [
      ...opened('42', 'tab1', 0),
      { kind: 'blur', ticket: '42', source: 'tab1', at: m(5) },
      { kind: 'focus', ticket: '42', source: 'tab1', at: m(20) },
    ];
    expect(computeHandleTime(signals, m(30)).get('42')).toBe(15 * MINUTE);
  });

  it('stops while the browser is idle or locked, and resumes when active', () => {
    const signals: ActivitySignal[] = [
      ...opened('42', 'tab1', 0),
      { kind: 'idle', at: m(5) },
      { kind: 'active', at: m(15) },
      { kind: 'locked', at: m(20) },
      { kind: 'active', at: m(40) },
    ];
    expect(computeHandleTime(signals, m(45)).get('42')).toBe(15 * MINUTE);
  });

  it('stops while the agent has paused the ticket, and only that ticket', () => {
    const signals: ActivitySignal[] = [
      ...opened('42', 'tab1', 0),
      ...opened('43', 'tab2', 0),
      { kind: 'pause', ticket: '42', at: m(5) },
      { kind: 'resume', ticket: '42', at: m(25) },
    ];
    const totals = computeHandleTime(signals, m(30));
    expect(totals.get('42')).toBe(10 * MINUTE);
    expect(totals.get('43')).toBe(30 * MINUTE);
  });
});

describe('two tabs with the same ticket', () => {
  it('count the overlap once', () => {
    const signals: ActivitySignal[] = [
      ...opened('42', 'tab1', 0),
      ...opened('42', 'tab2', 5),
      { kind: 'close', ticket: '42', source: 'tab1', at: m(10) },
      { kind: 'hidden', ticket: '42', source: 'tab2', at: m(20) },
    ];
    expect(computeHandleTime(signals, m(60)).get('42')).toBe(20 * MINUTE);
  });

  it('two trackers (e.g. two windows) merge by union, not by sum', () => {
    const a = createHandleTimeTracker();
    const b = createHandleTimeTracker();
    for (const s of [
      ...opened('42', 'w1', 0),
      { kind: 'hidden', ticket: '42', source: 'w1', at: m(20) } as const,
    ]) {
      a.apply(s);
    }
    for (const s of [
      ...opened('42', 'w2', 10),
      { kind: 'hidden', ticket: '42', source: 'w2', at: m(30) } as const,
    ]) {
      b.apply(s);
    }
    expect(mergeHandleTime(a, b, m(60)).get('42')).toEqual([[m(0), m(30)]]);
  });

  it('never exceeds the wall-clock span, whatever the tabs do (fast-check)', () => {
    const kind = fc.constantFrom('visible', 'hidden', 'focus', 'blur', 'close');
    const signal = fc.record({
      kind,
      source: fc.constantFrom('a', 'b', 'c'),
      minute: fc.integer({ min: 0, max: 120 }),
    });
    fc.assert(
      fc.property(fc.array(signal, { maxLength: 40 }), (raw) => {
        const signals = raw
          .sort((x, y) => x.minute - y.minute)
          .map(
            ({ kind: k, source, minute }) =>
              ({ kind: k, ticket: '42', source, at: m(minute) }) as ActivitySignal,
          );
        const total = computeHandleTime(signals, m(120)).get('42') ?? 0;
        return total >= 0 && total <= 120 * MINUTE;
      }),
      { numRuns: 200 },
    );
  });
});

describe('tracker state', () => {
  it('survives a snapshot round trip through JSON (a service-worker restart)', () => {
    const tracker = createHandleTimeTracker();
    for (const s of opened('42', 'tab1', 0)) tracker.apply(s);
    const restored = createHandleTimeTracker(JSON.parse(JSON.stringify(tracker.snapshot())));
    expect(restored.isActive('42')).toBe(true);
    restored.apply({ kind: 'hidden', ticket: '42', source: 'tab1', at: m(12) });
    expect(restored.activeMs('42', m(30))).toBe(12 * MINUTE);
    // The original is untouched by what happened to the copy.
    expect(tracker.activeMs('42', m(30))).toBe(30 * MINUTE);
  });

  it('treats a late signal from another tab as happening now, so time never runs backwards', () => {
    const tracker = createHandleTimeTracker();
    for (const s of opened('42', 'tab1', 0)) tracker.apply(s);
    tracker.apply({ kind: 'hidden', ticket: '42', source: 'tab1', at: m(10) });
    tracker.apply({ kind: 'visible', ticket: '42', source: 'tab2', at: m(8) });
    tracker.apply({ kind: 'focus', ticket: '42', source: 'tab2', at: m(8) });
    expect(tracker.intervals('42', m(15))).toEqual([[m(0), m(15)]]);
  });
});

describe('against the AHT target', () => {
  it('reports time left, and over target once exceeded', () => {
    expect(handleTimeStatus(9 * MINUTE, 12)).toEqual({
      activeMs: 9 * MINUTE,
      targetMs: 12 * MINUTE,
      leftMs: 3 * MINUTE,
      overTarget: false,
      percentOfTarget: 75,
    });
    expect(handleTimeStatus(15 * MINUTE, 12)).toMatchObject({ overTarget: true, leftMs: -3 * MINUTE });
  });
});

describe('unionIntervals', () => {
  it('joins overlapping and touching intervals and keeps gaps', () => {
    expect(
      unionIntervals(
        [
          [0, 10],
          [20, 30],
        ],
        [
          [5, 12],
          [30, 35],
          [50, 60],
        ],
      ),
    ).toEqual([
      [0, 12],
      [20, 35],
      [50, 60],
    ]);
  });
});
