/**
 * Where two versions of a reply differ (core/text-diff.ts): the incremental scan and the guard's kept underline
 * positions depend on it being exact — one character too far and a changed value keeps its old findings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonPrefixLength, commonSuffixLength } from '../../src/core/text-diff.ts';

function naivePrefix(a: string, b: string): number {
  let same = 0;
  while (same < a.length && same < b.length && a.charCodeAt(same) === b.charCodeAt(same)) same++;
  return same;
}

function naiveSuffix(a: string, b: string, limit: number): number {
  let same = 0;
  while (same < limit && a.charCodeAt(a.length - 1 - same) === b.charCodeAt(b.length - 1 - same)) same++;
  return same;
}

/** A text and an edit of it: typing, deleting, replacing, anywhere, in texts with repeats and astral characters. */
const edited = fc
  .tuple(
    fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', '😀', 'é', '4'), maxLength: 300 }),
    fc.nat(),
    fc.nat(20),
    fc.string({ unit: fc.constantFrom('a', 'b', '😀', '\uD83D'), maxLength: 20 }),
  )
  .map(([text, at, removed, inserted]) => {
    const from = at % (text.length + 1);
    return [text, text.slice(0, from) + inserted + text.slice(from + removed)] as const;
  });

describe('commonPrefixLength / commonSuffixLength', () => {
  it('agree with a character-by-character comparison on any edit', () => {
    fc.assert(
      fc.property(edited, ([before, after]) => {
        const prefix = commonPrefixLength(before, after);
        expect(prefix).toBe(naivePrefix(before, after));
        const limit = Math.min(before.length, after.length) - prefix;
        expect(commonSuffixLength(before, after, limit)).toBe(naiveSuffix(before, after, limit));
      }),
      { numRuns: 3000 },
    );
  });

  it('handle empty, equal and fully different texts', () => {
    expect(commonPrefixLength('', 'abc')).toBe(0);
    expect(commonPrefixLength('same', 'same')).toBe(4);
    expect(commonPrefixLength('xbc', 'abc')).toBe(0);
    expect(commonSuffixLength('abc', 'abx')).toBe(0);
    expect(commonSuffixLength('aaaa', 'aaaaa', 0)).toBe(0);
    expect(commonSuffixLength('a reply', 'the reply')).toBe(6);
  });

  it('find the edit in a 10,000-character reply typed into at the end and in the middle', () => {
    const reply = 'Thanks for waiting. Your card 4111 1111 1111 1111 is on file. '.repeat(160);
    expect(commonPrefixLength(reply, `${reply}b`)).toBe(reply.length);
    const middle = `${reply.slice(0, 5003)}X${reply.slice(5003)}`;
    expect(commonPrefixLength(reply, middle)).toBe(5003);
    expect(commonSuffixLength(reply, middle, reply.length - 5003)).toBe(reply.length - 5003);
  });
});
