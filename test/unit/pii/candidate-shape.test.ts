/**
 * Every candidate a detector proposes has the same fields in the same order (scoring.ts, Candidate): V8 then gives
 * them one hidden class and scoring reads them monomorphically. A detector that leaves a field out or writes the
 * fields in another order still finds the same values, but makes every scan slower (nine shapes cost ~5%); this
 * test names the detector that does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import type * as Scoring from '../../../src/core/pii/scoring.ts';
import { supportText } from '../../fixtures/pii-corpus/support-text.ts';

const shapes = new Map<string, Set<string>>();

vi.mock('../../../src/core/pii/scoring.ts', async (importOriginal) => {
  const original = await importOriginal<typeof Scoring>();
  return {
    ...original,
    scoreCandidate(...args: Parameters<typeof original.scoreCandidate>) {
      const candidate = args[1];
      const keys = Object.keys(candidate).join(',');
      const detectors = shapes.get(keys) ?? new Set<string>();
      detectors.add(candidate.detector);
      shapes.set(keys, detectors);
      return original.scoreCandidate(...args);
    },
  };
});

describe('candidates', () => {
  it('all have the fields of Candidate, in its order, whichever detector proposes them', async () => {
    const { createDetectionEngine } = await import('../../../src/core/pii/engine.ts');
    const { CANDIDATE_FIELDS } = await import('../../../src/core/pii/scoring.ts');
    const corpus = readFileSync(new URL('../../fixtures/pii-corpus/corpus.jsonl', import.meta.url), 'utf8')
      .trimEnd()
      .split('\n')
      .map((json) => (JSON.parse(json) as { text: string }).text);
    const engine = createDetectionEngine();
    for (const text of corpus) engine.scan(text);
    engine.scan(supportText(200_000));

    const detectors = new Set([...shapes.values()].flatMap((set) => [...set]));
    // Every kind of detector had candidates to propose: the check covers them all.
    expect(detectors.size).toBeGreaterThanOrEqual(25);
    const wrong = [...shapes].filter(([keys]) => keys !== CANDIDATE_FIELDS.join(','));
    expect(wrong.map(([keys, by]) => `${[...by].join(', ')}: ${keys}`)).toEqual([]);
  });
});
