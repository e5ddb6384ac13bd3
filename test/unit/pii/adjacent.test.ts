/**
 * Values written next to each other with only a space between them: each is found on its own, whatever comes
 * before it (issue #12, finding 1). Before the fix the scanner read a digit run only from its first group, so a
 * card typed after a phone number, an SSN, a date, an IP address, an expiry or a CVV went out unflagged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhn } from '../../../src/core/pii/checksums.ts';
import { DEFAULT_POLICY } from '../../../src/core/pii/policy/default-policy.ts';
import { evaluate } from '../../../src/core/pii/policy/evaluate.ts';
import { redact } from '../../../src/core/pii/policy/mask.ts';
import type { RedactionPolicy } from '../../../src/core/pii/policy/schema.ts';

/** Every type masked, in the style that keeps the most of the value (the hardest case for a fixpoint). */
const MASK_ALL: RedactionPolicy = {
  version: 1,
  defaults: { action: 'mask', masking: 'last4', minScore: 0.6 },
};

const cardsIn = (text: string) =>
  evaluate(text, MASK_ALL)
    .filter((finding) => finding.type === 'CREDIT_CARD')
    .map((finding) => text.slice(finding.start, finding.end));

describe('a card right after another value, separated by one space', () => {
  const cases: Array<[string, string]> = [
    ['phone 415 555 2671 4111 1111 1111 1111', '4111 1111 1111 1111'],
    ['ssn 123456789 4111 1111 1111 1111', '4111 1111 1111 1111'],
    ['DOB 1984-03-12 4111 1111 1111 1111', '4111 1111 1111 1111'],
    ['ip 10.0.0.1 4111 1111 1111 1111', '4111 1111 1111 1111'],
    ['exp 12/27 4111-1111-1111-1111', '4111-1111-1111-1111'],
    ['cvc: 987 5555555555554444', '5555555555554444'],
    ['order 42 4111111111111111 please refund', '4111111111111111'],
    ['cards 4012888888881881,4111111111111111', '4111111111111111'],
    ['phone 415-555-2671,4111111111111111', '4111111111111111'],
  ];
  for (const [text, card] of cases) {
    it(`finds the card in "${text.replace(/\d(?=\d{4})/g, '#')}"`, () => {
      expect(cardsIn(text)).toContain(card);
    });
  }

  it('finds each of three cards written in a row in three formats', () => {
    const text = '4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881';
    expect(cardsIn(text)).toEqual(['4012888888881881', '4012-8888-8888-1881', '4012 8888 8888 1881']);
  });

  it('finds both values when the card comes first and the phone after it', () => {
    const text = 'card 4111 1111 1111 1111 phone 415 555 2671';
    const types = evaluate(text, MASK_ALL).map((finding) => finding.type);
    expect(types).toContain('CREDIT_CARD');
    expect(types).toContain('PHONE_NUMBER');
  });

  it('finds the phone and the card, and redact leaves neither in clear', () => {
    const text = 'Call me on 415 555 2671 4111 1111 1111 1111 thanks';
    const types = evaluate(text, MASK_ALL).map((finding) => finding.type);
    expect(types).toEqual(expect.arrayContaining(['PHONE_NUMBER', 'CREDIT_CARD']));
    const out = redact(text, MASK_ALL);
    expect(out).not.toContain('4111 1111 1111');
    expect(out).not.toContain('555 2671');
  });

  it('finds an IP address after another IP address', () => {
    const text = 'ips 10.0.0.1 192.168.1.20';
    const ips = evaluate(text, MASK_ALL)
      .filter((finding) => finding.type === 'IP_ADDRESS')
      .map((finding) => text.slice(finding.start, finding.end));
    expect(ips).toEqual(['10.0.0.1', '192.168.1.20']);
  });
});

/** Luhn-valid 16-digit Visa numbers. */
const visa = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 14 }).map((digits) => {
  const body = `4${digits.join('')}`;
  for (let check = 0; check <= 9; check++) if (luhn(body + check)) return body + check;
  throw new Error('unreachable');
});
const format = (card: string, style: number) =>
  style === 0 ? card : card.replace(/(\d{4})(?=\d)/g, style === 1 ? '$1 ' : '$1-');
/** What customers write before a card: other numbers of every shape. */
const before = fc.constantFrom(
  '',
  '415 555 2671',
  '(212) 555-0142',
  '+44 20 7946 0958',
  '123456789',
  '123-45-6789',
  '1984-03-12',
  '12/27',
  '987',
  '10.0.0.1',
  '42',
  '2024',
  '4012888888881881',
);

describe('property: a valid card is found whatever number precedes it', () => {
  it('holds for generated cards, formats and preceding values', () => {
    fc.assert(
      fc.property(before, visa, fc.integer({ min: 0, max: 2 }), (prefix, card, style) => {
        const value = format(card, style);
        const text = `${prefix ? `${prefix} ` : ''}${value} thanks`;
        expect(cardsIn(text)).toContain(value);
      }),
      { numRuns: 600 },
    );
  });

  it('holds for several cards in a row, and redact leaves none of them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(visa, fc.integer({ min: 0, max: 2 })), { minLength: 2, maxLength: 5 }),
        (cards) => {
          const values = cards.map(([card, style]) => format(card, style));
          const text = `cards ${values.join(' ')}`;
          expect(cardsIn(text)).toEqual(values);
          const out = redact(text, MASK_ALL);
          for (const [card] of cards) expect(out.replace(/\D/g, '')).not.toContain(card);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('redact reaches its fixpoint in one call', () => {
  const digitsAndSeparators = fc.string({
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'0123456789'.split('')) },
      { weight: 2, arbitrary: fc.constantFrom(' ', '-', '.', '/', ':') },
      {
        weight: 1,
        arbitrary: fc.constantFrom('card ', 'phone ', 'ssn ', 'ip ', 'exp ', 'cvv ', '@x.io ', 'a'),
      },
      { weight: 2, arbitrary: visa },
    ),
    maxLength: 160,
  });
  for (const [name, policy] of [
    ['the default policy', DEFAULT_POLICY],
    ['a policy that masks every type, keeping the last four', MASK_ALL],
    [
      'a policy that masks every type, keeping the first six and last four',
      { version: 1, defaults: { action: 'mask', masking: 'first6last4', minScore: 0.6 } },
    ],
  ] as const) {
    it(`with ${name}: the output holds no finding of a masked type, and a second redact changes nothing`, () => {
      fc.assert(
        fc.property(digitsAndSeparators, (text) => {
          const once = redact(text, policy as RedactionPolicy);
          const left = evaluate(once, policy as RedactionPolicy).filter(
            (finding) => finding.action === 'mask',
          );
          expect(left.map((finding) => finding.type)).toEqual([]);
          expect(redact(once, policy as RedactionPolicy)).toBe(once);
        }),
        { numRuns: 3000 },
      );
    });
  }
});
