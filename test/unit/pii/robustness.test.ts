import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetectionEngine } from '../../../src/core/pii/engine.ts';
import { DEFAULT_POLICY } from '../../../src/core/pii/policy/default-policy.ts';
import { evaluate } from '../../../src/core/pii/policy/evaluate.ts';
import { redact } from '../../../src/core/pii/policy/mask.ts';
import { seededRandom } from '../../fixtures/pii-corpus/synthetic.ts';

const engine = createDetectionEngine({ minScore: 0 });

/** Text that looks like tickets: digits, separators, letters, unicode (including lone surrogates), newlines. */
const ticketish = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'0123456789 -./:@#+()_\n'.split('')),
    fc.constantFrom('4111 1111 1111 1111', 'password: ', 'born ', 'SSN ', 'GB82 WEST ', 'eyJ', '-----BEGIN '),
    fc.constantFrom('é', '😀', '\ud800', '\udc00', '—', 'ß', 'İ'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 200,
});

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
/** A boundary that splits a surrogate pair would corrupt the emoji it cuts. */
const splitsPair = (text: string, at: number) =>
  at > 0 &&
  at < text.length &&
  isHighSurrogate(text.charCodeAt(at - 1)) &&
  isLowSurrogate(text.charCodeAt(at));

describe('any input', () => {
  it('never throws, and reports in-range offsets on code-point boundaries', () => {
    fc.assert(
      fc.property(ticketish, (text) => {
        for (const finding of engine.scan(text)) {
          expect(finding.start).toBeGreaterThanOrEqual(0);
          expect(finding.end).toBeGreaterThan(finding.start);
          expect(finding.end).toBeLessThanOrEqual(text.length);
          expect(splitsPair(text, finding.start) || splitsPair(text, finding.end)).toBe(false);
          expect(finding.score).toBeGreaterThanOrEqual(0);
          expect(finding.score).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('masks idempotently, leaving no finding of the masked types', () => {
    fc.assert(
      fc.property(ticketish, (text) => {
        const once = redact(text, DEFAULT_POLICY);
        expect(redact(once, DEFAULT_POLICY)).toBe(once);
        expect(evaluate(once, DEFAULT_POLICY)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('finishes on 5 MB of random bytes and on pathological runs without crashing', () => {
    const random = seededRandom(5);
    let binary = '';
    for (let i = 0; i < 5 * 1024 * 1024; i++) binary += String.fromCharCode(Math.floor(random() * 256));
    expect(Array.isArray(engine.scan(binary))).toBe(true);
    const runs = [
      '1 '.repeat(200_000),
      '1-'.repeat(200_000),
      'a@'.repeat(200_000),
      '-----BEGIN '.repeat(20_000),
    ];
    for (const text of runs) expect(Array.isArray(engine.scan(text))).toBe(true);
  }, 60_000);
});
