/**
 * The statistics of the page-cost benchmark (test/bench/page-cost.ts): per-round ratios against the page's own load
 * of the same round, their median with its spread, and the settled window from the rounds that followed it.
 */
import { describe, expect, it } from 'vitest';
import { type LoadRounds, loadCost, quantile, spread } from '../../bench/page-cost.ts';

const sample = (load: number, settled = Number.NaN) => ({ load, settled, wall: load, readyAfter: 100 });

describe('the page-cost benchmark’s statistics', () => {
  it('interpolates quantiles, and gives the median with its IQR and a reproducible bootstrap interval', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    const values = [0.1, 0.12, 0.08, 0.11, 0.3, 0.09, 0.1];
    const s = spread(values);
    expect(s.n).toBe(7);
    expect(s.median).toBe(0.1);
    expect(s.q1).toBeCloseTo(0.095);
    expect(s.q3).toBeCloseTo(0.115);
    expect(s.low).toBeLessThanOrEqual(s.median);
    expect(s.high).toBeGreaterThanOrEqual(s.median);
    expect(spread(values)).toEqual(s);
  });

  it('divides each round’s added CPU by the page’s own CPU of that same round', () => {
    const measured: LoadRounds = {
      windows: { loadMs: 2_000 },
      rounds: [
        { page: sample(100), on: sample(110), off: sample(101) },
        // The machine was twice as busy in this round: the same ratio.
        { page: sample(200), on: sample(220), off: sample(202) },
        { page: sample(100), on: sample(130), off: sample(100) },
      ],
    };
    const settled: LoadRounds = {
      windows: { loadMs: 2_000, settledMs: 7_000 },
      rounds: [
        { page: sample(100, 120), on: sample(110, 150) },
        { page: sample(100, 120), on: sample(110, 144) },
      ],
    };
    const cost = loadCost(measured, settled);
    expect(cost.ratio.on.load.median).toBeCloseTo(0.1);
    expect(cost.added.on.load.median).toBe(20);
    expect(cost.ratio.off.load.median).toBeCloseTo(0.01);
    expect(cost.ratio.on.settled?.median).toBeCloseTo(0.225);
    // Turned off, Deskmate defers nothing: the settled rounds do not load it.
    expect(cost.ratio.off.settled).toBeUndefined();
    expect(cost.medians.page).toMatchObject({ load: 100, settled: 120 });
    expect(cost.rounds).toEqual({ load: 3, settled: 2 });
    expect(cost.windows).toEqual({ loadMs: 2_000, settledMs: 7_000 });
  });
});
