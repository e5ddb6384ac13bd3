import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDetectionEngine } from '../../../src/core/pii/engine.ts';
import { defaultPolicy, redact } from '../../../src/core/pii/index.ts';
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

  it("leaks no labelled value through `redact`, with the default policy's styles and with every type masked", () => {
    const everyType = { version: 1 as const, defaults: { action: 'mask' as const } };
    const leaks: string[] = [];
    for (const policy of [everyType, { ...defaultPolicy(), defaults: { action: 'mask' as const } }]) {
      for (const record of loadCorpus()) {
        const out = redact(record.text, policy);
        for (const span of record.spans) {
          const raw = record.text.slice(span.start, span.end);
          // The value as written, and its characters without separators (a card masked as "4111 **** 1111"
          // must not leave "41111111…" either).
          const compact = raw.replace(/[\s.\-/:]/g, '');
          const outCompact = out.replace(/[\s.\-/:]/g, '');
          if (out.includes(raw) || (compact.length >= 6 && outCompact.includes(compact)))
            leaks.push(`${record.id} ${span.type}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });
});
