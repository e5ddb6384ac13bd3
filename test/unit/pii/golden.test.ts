import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_PATH, goldenLines } from '../../fixtures/pii-corpus/golden.ts';

describe('the golden findings', () => {
  it('are unchanged on the corpus and the benchmark text (regenerate only on purpose: golden.ts)', () => {
    const committed = readFileSync(GOLDEN_PATH, 'utf8').trimEnd().split('\n');
    const current = goldenLines();
    // Compare line by line first: a failure then names the text whose findings changed.
    for (let i = 0; i < Math.max(committed.length, current.length); i++)
      expect(current[i], `golden line ${i + 1}`).toBe(committed[i]);
  }, 120_000);
});
