// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are snippet syntax (`${1:x}`), not template literals.
/**
 * Hostile templates: an article from an imported file is parsed in the helpdesk tab when the agent inserts it, so
 * no template may make the parser or the expander do more than linear work, recurse, or throw where they promise
 * not to. Work is counted in steps (`snippetWork`), never timed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expandSnippet,
  MAX_SNIPPET_GROWTH,
  type ParsedSnippet,
  parseSnippet,
  SnippetTooLargeError,
  snippetWork,
} from '../../../src/core/knowledge/snippet.ts';
import { referenceExpand, referenceParse } from './snippet-reference.ts';

/**
 * Steps per character of template the parser, and the parser plus the expander, may take at most. Every character is
 * read a bounded number of times (the main loop, one tab-stop number or variable attempt, the choice-list table) and
 * every node visited three times; measured ratios stay under 4. The recursive parser's grow without bound: 2^k steps
 * for k unclosed `${1:`.
 */
const PARSE_STEPS_PER_CHAR = 8;
const EXPAND_STEPS_PER_CHAR = 12;

function counted<T>(run: () => T): { result: T; steps: number } {
  const before = snippetWork.steps;
  const result = run();
  return { result, steps: snippetWork.steps - before };
}

/** Every variable the template uses gets a value, so expansion runs to the end. */
const valuesFor = (parsed: ParsedSnippet) =>
  Object.fromEntries(parsed.variables.map((name) => [name, 'Val']));

/** Pieces of snippet syntax, whole and broken, that hostile templates are made of. */
const piece = fc.constantFrom(
  '$1',
  '$0',
  '$12',
  '$123456789012',
  '${1:',
  '${2:',
  '${10:',
  '${123456789012:',
  '${1}',
  '${0}',
  '${3|a,b|}',
  '${1|x\\,y\\|z|}',
  '${1|',
  '${2|a,',
  '|}',
  '|',
  '}',
  '}}',
  '{{',
  '{%',
  '%}',
  '\\',
  '\\$',
  '\\}',
  '\\\\',
  '$',
  '${',
  '{',
  ':',
  ',',
  '%',
  'a',
  ' ',
  '\n',
  '{{customer.first_name}}',
  '{{ ticket.requester.name }}',
  '{{unknown_thing}}',
  '{%customer.firstName,fallback=there%}',
  '{%user.email%}',
  '{%a,fallback={{b}}',
);
const joined = (maxLength: number) => fc.array(piece, { maxLength }).map((pieces) => pieces.join(''));

/** Large templates of the shapes that made the recursive parser explode: chains, deep nesting, repetition. */
const hostile = fc.oneof(
  joined(3000),
  fc
    .tuple(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 4000 }))
    .map(([unit, times]) => unit.join('').repeat(times)),
  fc
    .tuple(
      fc.constantFrom('${1:', '${2:', '${1:a', '${1:$1', '${1:{{customer.name}}', '${1:${2|a,b|}'),
      fc.integer({ min: 1, max: 5000 }),
      joined(5),
      fc.integer({ min: 0, max: 5000 }),
    )
    .map(([opener, depth, middle, closers]) => opener.repeat(depth) + middle + '}'.repeat(closers)),
  fc.string({
    unit: fc.constantFrom('$', '{', '}', '\\', '|', ',', '1', ':', '%', 'a', ' '),
    maxLength: 4000,
  }),
  fc.string({ unit: 'binary', maxLength: 2000 }),
);

// Generous harness limits for the property runs on a loaded machine; nothing here asserts a duration.
const PROPERTY_TIMEOUT = 120_000;

describe('snippets on hostile input', () => {
  it('parse and expand in steps linear in the template length, never throwing from the parser', {
    timeout: PROPERTY_TIMEOUT,
  }, () => {
    fc.assert(
      fc.property(hostile, (body) => {
        const n = body.length + 1;
        const parsed = counted(() => parseSnippet(body));
        expect(parsed.steps).toBeLessThanOrEqual(PARSE_STEPS_PER_CHAR * n);
        const expanded = counted(() => {
          try {
            return expandSnippet(parsed.result, valuesFor(parsed.result)).text;
          } catch (error) {
            // A template whose mirrors repeat too much is refused, with nothing built.
            if (error instanceof SnippetTooLargeError) return undefined;
            throw error;
          }
        });
        expect(parsed.steps + expanded.steps).toBeLessThanOrEqual(EXPAND_STEPS_PER_CHAR * n);
        if (expanded.result !== undefined) {
          expect(expanded.result.length).toBeLessThanOrEqual(body.length + MAX_SNIPPET_GROWTH);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same tree and expansion as the recursive parser on every small template', {
    timeout: PROPERTY_TIMEOUT,
  }, () => {
    fc.assert(
      fc.property(joined(14), (body) => {
        const parsed = parseSnippet(body);
        expect(parsed).toEqual(referenceParse(body));
        const values = valuesFor(parsed);
        expect(expandSnippet(parsed, values)).toEqual(referenceExpand(referenceParse(body), values));
        const outcome = (run: () => unknown) => {
          try {
            return run();
          } catch (error) {
            return (error as Error).message;
          }
        };
        expect(outcome(() => expandSnippet(parsed, {}))).toEqual(
          outcome(() => referenceExpand(referenceParse(body), {})),
        );
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps 22 unclosed placeholders (88 characters) as their literal text in linear steps', () => {
    const body = '${1:'.repeat(22);
    const { result, steps } = counted(() => expandSnippet(parseSnippet(body), {}));
    expect(result.text).toBe(body);
    expect(result.tabStops).toEqual([]);
    expect(steps).toBeLessThanOrEqual(EXPAND_STEPS_PER_CHAR * body.length);
  });

  it('handles 10,000-deep nesting, closed or not, without overflowing the stack', () => {
    const depth = 10_000;
    const closed = expandSnippet(parseSnippet(`${'${1:'.repeat(depth)}x${'}'.repeat(depth)}`), {});
    expect(closed.text).toBe('x');
    expect(closed.tabStops).toHaveLength(1);
    expect(closed.tabStops[0]?.ranges).toHaveLength(depth);

    const unclosed = '${1:'.repeat(depth);
    expect(expandSnippet(parseSnippet(unclosed), {}).text).toBe(unclosed);

    // Closed inside, unclosed outside: the inner placeholders stay tab stops, the outer ones text.
    const mixed = `${'${2:a '.repeat(depth)}${'${1:{{customer.name}} '.repeat(depth)}${'}'.repeat(depth)}`;
    const parsed = parseSnippet(mixed);
    expect(parsed.variables).toEqual(['customer.name']);
    const expanded = expandSnippet(parsed, { 'customer.name': 'Ana' });
    expect(expanded.text).toBe(`${'${2:a '.repeat(depth)}${'Ana '.repeat(depth)}`);
    expect(expanded.tabStops.map((stop) => [stop.index, stop.ranges.length])).toEqual([[1, depth]]);
  });

  it('never throws on random or binary text', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20_000 }), (body) => {
        const parsed = parseSnippet(body);
        expandSnippet(parsed, valuesFor(parsed));
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a template whose mirrors would repeat a long placeholder into a huge answer', () => {
    // 1,400 characters that would expand to 201,000: a few such lines make gigabytes.
    const bomb = `\${1:${'a'.repeat(1000)}}${'$1'.repeat(200)}`;
    expect(() => expandSnippet(parseSnippet(bomb), {})).toThrow(
      /grow by more than 100000 characters when filled in/,
    );
    // The same shape within reason still expands: the limit is on growth, not on the template's size.
    const fine = `\${1:${'a'.repeat(1000)}}${'$1'.repeat(50)}`;
    expect(expandSnippet(parseSnippet(fine), {}).text).toHaveLength(51_000);
    const long = 'word '.repeat(60_000);
    expect(expandSnippet(parseSnippet(long), {}).text).toBe(long);
  });
});
