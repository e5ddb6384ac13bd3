import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from '../../../src/core/pii/engine.ts';
import { createIncrementalScanner, diffBounds } from '../../../src/core/pii/incremental.ts';
import { DEFAULT_POLICY } from '../../../src/core/pii/policy/default-policy.ts';
import { evaluate } from '../../../src/core/pii/policy/evaluate.ts';
import { supportText } from '../../bench/pii-speed.ts';

// A draft dense with values and near-misses, so random edits keep making and breaking findings.
const DRAFT = [
  'Hi, card 4111 1111 1111 1111 12/27 123, SSN 536-22-1234, call (212) 555-0142 or +44 20 7946 0958.',
  'IBAN GB82 WEST 1234 5698 7654 32; NHS number 943 476 5919; NI AB 12 34 56 C; born on March 3, 1961.',
  'Mail jane.doe@example.com, server 192.168.1.20, MAC 00:1A:2B:3C:4D:5E, key AKIAIOSFODNN7EXAMPLE.',
  'Order #4410923, invoice 4024007198766418, version 10.0.19045.3803, ship to 221B Baker Street, London NW1 6XE.',
  'password: Tr0ub4dor&3 and token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
  // The second wave's families: a street named before its number (matched back from the number), '::' addresses.
  'Envío: Piso 3, Calle de los Reyes 7, 28015 Madrid; 10 rue de Rivoli; AA:BB:CC:DD:EE:FF, ::ffff:192.0.2.1, ::1.',
  'NIE X-1234567-L, DNI 12345678-z, Aadhaar 2345:6789:0124, call me on 555 0100 9999, my card 9999 9999 9999 994.',
  'Link https://shop.example.com/orders/view?customer=jane&id=4111111111111111 or the form: card=4111111111111111&cvv=123',
].join('\n');

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  insert: fc.string({ unit: fc.constantFrom(...'0123456789 -./:@#+()ABCdefxXé,\n'.split('')), maxLength: 8 }),
});

function apply(text: string, { at, remove, insert }: { at: number; remove: number; insert: string }): string {
  const position = at % (text.length + 1);
  return text.slice(0, position) + insert + text.slice(position + remove);
}

describe('createIncrementalScanner', () => {
  it('returns exactly what a full scan returns, after any sequence of edits', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        const scanner = createIncrementalScanner();
        let text = DRAFT;
        scanner.update(text);
        for (const step of edits) {
          text = apply(text, step);
          expect(scanner.update(text)).toEqual(detect(text));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('attaches the policy actions when given a policy', () => {
    const scanner = createIncrementalScanner(DEFAULT_POLICY);
    scanner.update(DRAFT);
    const typed = DRAFT.replace('Hi,', 'Hi there,');
    expect(scanner.update(typed)).toEqual(evaluate(typed, DEFAULT_POLICY));
  });

  it('re-scans only the neighbourhood of a keystroke in a long draft', () => {
    const draft = supportText(10_000, 11);
    const scanner = createIncrementalScanner();
    scanner.update(draft);
    expect(scanner.lastScannedChars).toBe(draft.length);
    const middle = Math.floor(draft.length / 2);
    const typed = `${draft.slice(0, middle)}x${draft.slice(middle)}`;
    expect(scanner.update(typed)).toEqual(detect(typed));
    expect(scanner.lastScannedChars).toBeLessThan(draft.length / 8);
  });
});

describe('diffBounds', () => {
  it('finds the common prefix and a suffix that does not overlap it', () => {
    expect(diffBounds('abcdef', 'abXdef')).toEqual({ prefix: 2, suffix: 3 });
    expect(diffBounds('aaaa', 'aaaaa')).toEqual({ prefix: 4, suffix: 0 });
    expect(diffBounds('same', 'same')).toEqual({ prefix: 4, suffix: 0 });
  });
});
