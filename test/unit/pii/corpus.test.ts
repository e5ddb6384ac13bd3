import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDetectionEngine } from '../../../src/core/pii/engine.ts';
import { CHECKSUM_TYPES, type PiiType } from '../../../src/core/pii/types.ts';
import { loadCorpus, prf, score } from '../../bench/pii-accuracy.ts';
import { fullCorpus } from '../../fixtures/pii-corpus/generate.ts';

describe('the labelled corpus', () => {
  it('is what its generator produces (regenerate with `npx tsx test/fixtures/pii-corpus/generate.ts`)', () => {
    const committed = readFileSync(
      new URL('../../fixtures/pii-corpus/corpus.jsonl', import.meta.url),
      'utf8',
    );
    const expected = fullCorpus().map((record) => JSON.stringify(record));
    expect(committed.trimEnd().split('\n')).toEqual(expected);
  });

  it('is detected with the accuracy the data guard promises', async () => {
    const engine = createDetectionEngine();
    const { counts } = await score(loadCorpus(), (text) => engine.scan(text));
    for (const [type, count] of counts) {
      const { precision, recall, f1 } = prf(count);
      if (CHECKSUM_TYPES.has(type as PiiType)) {
        expect(precision, `${type} precision`).toBeGreaterThanOrEqual(0.98);
        expect(recall, `${type} recall`).toBeGreaterThanOrEqual(0.98);
      } else {
        expect(f1, `${type} F1`).toBeGreaterThanOrEqual(0.9);
      }
    }
  });
});
