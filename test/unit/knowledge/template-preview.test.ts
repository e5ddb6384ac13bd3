// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are snippet syntax (`${1:x}`), not template literals.
/**
 * The preview under a suggestion reads an article's template as text. The worker builds it from imported bodies, so
 * no body may make it do more than linear work (counted in `previewWork`, never timed); de9fc58's regular
 * expressions, copied below as an oracle, must give the same preview for every small body.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { previewWork, templatePreview } from '../../../src/core/knowledge/template-preview.ts';

/** The preview as de9fc58 built it (background/knowledge/service.ts), without the length cut. */
function referencePreview(text: string): string {
  return text
    .replace(/\$\{\d+[:|]([^}|]*)[^}]*\}/g, '$1')
    .replace(/\$\{?\d+\}?/g, '')
    .replace(/\{\{\s*([^}]+?)\s*\}\}/g, '‹$1›')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Steps per character at most: each pass reads a character a bounded number of times (the next `${`, `$` or `{{`,
 * the next `}` and `|` searched once each); measured ratios stay under 8. de9fc58's first pattern tried every split
 * of the rest of the body at each unclosed `${1:`: cubic.
 */
const STEPS_PER_CHAR = 16;

function counted<T>(run: () => T): { result: T; steps: number } {
  const before = previewWork.steps;
  const result = run();
  return { result, steps: previewWork.steps - before };
}

const piece = fc.constantFrom(
  '${1:',
  '${12|',
  '${',
  '${a:',
  '$1',
  '${3}',
  '${4',
  '$',
  '{{',
  '}}',
  '{{ customer.first_name }}',
  '{{{',
  '{',
  '}',
  '|',
  ':',
  ',',
  '1',
  'a',
  ' ',
  '  ',
  '\n',
  '\t',
  '\u00a0',
);
const joined = (maxLength: number) => fc.array(piece, { maxLength }).map((pieces) => pieces.join(''));

describe('template previews of hostile articles', () => {
  it('read the bodies that took seconds in work linear in their length', () => {
    const cases: Array<[string, string]> = [
      // 8 KB of unclosed placeholders (38 s on de9fc58): only their `${1` goes, as a tab stop would.
      ['${1:'.repeat(2_000), ':'.repeat(2_000)],
      [`{{${' '.repeat(20_000)}a`, '{{ a'],
      ['{{a'.repeat(20_000), '{{a'.repeat(20_000)],
      [
        `Refund of \${1:amount} for {{ customer.first_name }}${'${2|a,'.repeat(5_000)}`,
        `Refund of amount for ‹customer.first_name›${'|a,'.repeat(5_000)}`,
      ],
    ];
    for (const [body, text] of cases) {
      const { result, steps } = counted(() => templatePreview(body));
      expect(result).toBe(text);
      expect(steps).toBeLessThanOrEqual(STEPS_PER_CHAR * body.length);
    }
  });

  it('read any body in work linear in its length', { timeout: 120_000 }, () => {
    const hostile = fc.oneof(
      joined(3000),
      fc
        .tuple(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 4000 }))
        .map(([unit, times]) => unit.join('').repeat(times)),
      fc.string({ unit: 'binary', maxLength: 4000 }),
    );
    fc.assert(
      fc.property(hostile, (body) => {
        expect(counted(() => templatePreview(body)).steps).toBeLessThanOrEqual(
          STEPS_PER_CHAR * (body.length + 1),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('read every small body as the regular expressions did', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.oneof(joined(14), fc.string({ maxLength: 20 })), (body) => {
        expect(templatePreview(body)).toBe(referencePreview(body));
      }),
      { numRuns: 5000 },
    );
  });
});
