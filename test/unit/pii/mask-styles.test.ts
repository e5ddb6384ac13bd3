/**
 * Every masking style destroys the value of every type it applies to, and a policy cannot ask for one that would
 * not (issue #12, finding 2: "last4" of an IP address kept a working address).
 */
import { describe, expect, it } from 'vitest';
import { createDetectionEngine } from '../../../src/core/pii/engine.ts';
import { maskValue, redact } from '../../../src/core/pii/policy/mask.ts';
import { styleApplies } from '../../../src/core/pii/policy/mask-styles.ts';
import { MASK_STYLES, type RedactionPolicy } from '../../../src/core/pii/policy/schema.ts';
import { validateRedactionPolicy } from '../../../src/core/pii/policy/validate.ts';
import { loadCorpus } from '../../bench/pii-accuracy.ts';

const LAST4_EVERYWHERE: RedactionPolicy = { version: 1, defaults: { action: 'mask', masking: 'last4' } };

describe('last4 as a default', () => {
  it('masks IP addresses in full: no address is left', () => {
    for (const ip of ['2001:db8::1', '192.168.0.1', '10.20.68.1', 'fe80::1ff:fe23:4567:890a']) {
      const out = redact(`server ip ${ip} is down`, LAST4_EVERYWHERE);
      expect(out).toBe(`server ip ${ip.replace(/[^\s\-./()]/g, '*')} is down`);
    }
  });

  it('still keeps the last four digits of a card', () => {
    expect(redact('card 4111 1111 1111 1111', LAST4_EVERYWHERE)).toBe('card **** **** **** 1111');
  });
});

describe('a policy that asks for a style that would leave a value', () => {
  it('is refused with the path of the style', () => {
    const result = validateRedactionPolicy({
      version: 1,
      types: {
        IP_ADDRESS: { action: 'mask', masking: 'last4' },
        EMAIL_ADDRESS: { action: 'mask', masking: 'first6last4' },
        CREDIT_CARD: { action: 'mask', masking: 'first6last4' },
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toEqual([
      '/types/IP_ADDRESS/masking',
      '/types/EMAIL_ADDRESS/masking',
    ]);
  });
});

describe('on every labelled value of the corpus', () => {
  const engine = createDetectionEngine({ minScore: 0 });
  const values = loadCorpus().flatMap((record) =>
    record.spans.map((span) => ({ type: span.type, value: record.text.slice(span.start, span.end) })),
  );

  it('has values of many types to check', () => {
    expect(new Set(values.map((value) => value.type)).size).toBeGreaterThan(25);
  });

  it('each style that applies to a type leaves no value of that type in what it keeps', () => {
    const leaks: string[] = [];
    for (const { type, value } of values) {
      for (const style of MASK_STYLES) {
        if (!styleApplies(style, type)) continue;
        const masked = maskValue(value, style, `[${type}]`);
        const left = engine.scan(`my ${type.toLowerCase().replace(/_/g, ' ')} is ${masked}`);
        if (left.some((finding) => finding.type === type)) leaks.push(`${type} ${style}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
