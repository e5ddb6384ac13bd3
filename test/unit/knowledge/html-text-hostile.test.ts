/**
 * Hostile article HTML: `htmlToText` runs in the worker on every imported article and in the helpdesk tab on every
 * inserted HTML answer, and `looksLikeHtml` on every import, so no body may make them do more than linear work.
 * Work is counted in characters examined (`htmlTextWork`), never timed. de9fc58's regular expressions, kept as an
 * oracle in html-text-reference.ts, must give the same result on every small body.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { htmlTextWork, htmlToText, looksLikeHtml } from '../../../src/core/knowledge/html-text.ts';
import { referenceHtmlToText, referenceLooksLikeHtml } from './html-text-reference.ts';

/**
 * Steps per character of body either function may take at most. Each stage reads every character a bounded number
 * of times (the next `<`, the next `>`, `-->` and each raw-text closing tag searched once each); measured ratios reach
 * 12 at most. The regular expressions re-read the rest of the body at every unclosed tag: n/2 steps per character.
 */
const STEPS_PER_CHAR = 24;

function counted<T>(run: () => T): { result: T; steps: number } {
  const before = htmlTextWork.steps;
  const result = run();
  return { result, steps: htmlTextWork.steps - before };
}

/** Pieces of markup, whole and broken, that hostile bodies are made of. */
const piece = fc.constantFrom(
  '<',
  '>',
  '/',
  '<!--',
  '-->',
  '--',
  '<!-->',
  '<p',
  '<p>',
  '</p>',
  '<P class="x">',
  '<pre>',
  '<pa>',
  '<p_',
  '<br/>',
  '<h1>',
  '<h7>',
  '</div >',
  '<header>',
  '<a',
  '<a href="x">',
  '</a>',
  '<b>',
  '<_x>',
  '<1>',
  '</',
  '<script',
  '<script>',
  '<SCRIPT type="a">',
  '<script-x>',
  '<scripts>',
  '</script>',
  '</SCRIPT >',
  '</script\n>',
  '</script x>',
  '<style>',
  '</style>',
  '<template>',
  '</template\t>',
  '&amp;',
  '&nbsp;',
  '&#39;',
  '&#x1F600;',
  '&bogus;',
  '&',
  ';',
  'a',
  'Z',
  '1',
  '_',
  'é',
  ' ',
  '  ',
  '\t',
  '\n',
  '\u00a0',
  '\r',
);
const joined = (maxLength: number) => fc.array(piece, { maxLength }).map((pieces) => pieces.join(''));

/** Large bodies of the shapes that made the regular expressions quadratic: long runs of one unclosed construct. */
const hostile = fc.oneof(
  joined(4000),
  fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 5000 }))
    .map(([unit, times]) => unit.join('').repeat(times)),
  fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 5000 }), joined(6))
    .map(([unit, times, tail]) => unit.join('').repeat(times) + tail),
  fc.string({ unit: fc.constantFrom('<', '>', '!', '-', '/', 'p', 's', 'a', ' ', '\n'), maxLength: 8000 }),
  fc.string({ unit: 'binary', maxLength: 4000 }),
);

// Generous harness limits for the property runs on a loaded machine; nothing here asserts a duration.
const PROPERTY_TIMEOUT = 120_000;

describe('HTML to text on hostile input', () => {
  it('reads the cases that took seconds in work linear in their length, with the text unchanged', () => {
    const cases: Array<[string, string]> = [
      // Unclosed constructs stay text; a `<script>` never closed is a tag like any other.
      ['<!--'.repeat(20_000), '<!--'.repeat(20_000)],
      ['<p'.repeat(20_000), '<p'.repeat(20_000)],
      ['<script>'.repeat(20_000), ''],
      [`<p>Hi</p>${'<style>'.repeat(20_000)}<p>there`, 'Hi\nthere'],
      [`${'<a'.repeat(20_000)}>`, ''],
      ['</script '.repeat(20_000), '</script '.repeat(20_000).trim()],
    ];
    for (const [body, text] of cases) {
      const { result, steps } = counted(() => htmlToText(body));
      expect(result).toBe(text);
      expect(steps).toBeLessThanOrEqual(STEPS_PER_CHAR * body.length);
    }
    const tagless = '<a'.repeat(20_000);
    const verdict = counted(() => looksLikeHtml(tagless));
    expect(verdict.result).toBe(false);
    expect(verdict.steps).toBeLessThanOrEqual(STEPS_PER_CHAR * tagless.length);
  });

  it('turns any body into text, and judges whether it is HTML, in steps linear in its length', {
    timeout: PROPERTY_TIMEOUT,
  }, () => {
    fc.assert(
      fc.property(hostile, (body) => {
        const n = body.length + 1;
        expect(counted(() => htmlToText(body)).steps).toBeLessThanOrEqual(STEPS_PER_CHAR * n);
        expect(counted(() => looksLikeHtml(body)).steps).toBeLessThanOrEqual(STEPS_PER_CHAR * n);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same text and the same verdict as the regular expressions on every small body', {
    timeout: PROPERTY_TIMEOUT,
  }, () => {
    fc.assert(
      fc.property(fc.oneof(joined(16), fc.string({ maxLength: 24 })), (body) => {
        expect(htmlToText(body)).toBe(referenceHtmlToText(body));
        expect(looksLikeHtml(body)).toBe(referenceLooksLikeHtml(body));
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps the text of ordinary help-centre HTML as it was', () => {
    const article =
      '<!-- exported 2024 --><h2>Refunds</h2><p class="lead">Hi&nbsp;<b>{{customer.first_name}}</b>,</p>' +
      '<script type="text/javascript">track("x < y")</script><STYLE>p { color: red }</STYLE>' +
      '<ol><li>Open <a href="https://example.com/orders">your orders</a></li><li>Pick &ldquo;Refund&rdquo;</li></ol>' +
      '<template><p>hidden</p></template><pre>code  &lt;here&gt;</pre><br/>Thanks &amp; bye';
    const text = htmlToText(article);
    expect(text).toBe(referenceHtmlToText(article));
    expect(text).toBe(
      'Refunds\nHi {{customer.first_name}},\nOpen your orders\nPick “Refund”\ncode <here>\nThanks & bye',
    );
    expect(looksLikeHtml(article)).toBe(true);
    expect(looksLikeHtml('Use a < b and c > d, or <_tag>, or 3<4>')).toBe(false);
  });
});
