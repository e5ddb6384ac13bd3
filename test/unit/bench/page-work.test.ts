/**
 * The statistics of the page-work benchmark (test/bench/page-work.ts): per round, Deskmate on less the page alone,
 * per action; the ratio to the page's own work of the same round; the medians of the rounds.
 */
import { describe, expect, it } from 'vitest';
import { pairedWork } from '../../bench/page-work.ts';

const metrics = (cpu: number, task = cpu * 2) => ({ cpu, task });

describe('the page-work benchmark’s statistics', () => {
  it('pairs each round’s work with Deskmate on with the page’s own work of that round', () => {
    const work = pairedWork([
      { page: metrics(2), on: metrics(3) },
      // A busier round: both sides slower, the same ratio.
      { page: metrics(4), on: metrics(6) },
      { page: metrics(2), on: metrics(2.5) },
    ]);
    expect(work.rounds).toBe(3);
    expect(work.added.n).toBe(3);
    expect(work.added.median).toBe(1);
    expect(work.added.q1).toBeCloseTo(0.75);
    expect(work.added.q3).toBeCloseTo(1.5);
    expect(work.added.low).toBeGreaterThanOrEqual(0.5);
    expect(work.added.high).toBeLessThanOrEqual(2);
    expect(work.ratio.median).toBeCloseTo(0.5);
    expect(work.page).toBe(2);
    expect(work.on).toBe(3);
    expect(work.wallAdded).toBe(2);
  });

  it('leaves out of the ratio a round where the page’s own work was not positive, but keeps its difference', () => {
    const work = pairedWork([
      { page: metrics(-0.1), on: metrics(0.4) },
      { page: metrics(1), on: metrics(1.2) },
    ]);
    expect(work.added.n).toBe(2);
    expect(work.added.median).toBeCloseTo(0.35);
    expect(work.ratio.n).toBe(1);
    expect(work.ratio.median).toBeCloseTo(0.2);
  });

  it('says nothing rather than a number when there are no rounds', () => {
    const work = pairedWork([]);
    expect(work.rounds).toBe(0);
    expect(work.added.median).toBeNaN();
    expect(work.ratio.n).toBe(0);
  });
});
