import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { policyJsonSchema } from '../../../src/cli/commands/policy.ts';
import { auditFields, saltedHash } from '../../../src/core/pii/audit-hash.ts';
import { DEFAULT_POLICY, defaultPolicy } from '../../../src/core/pii/policy/default-policy.ts';
import { decideSend, evaluate } from '../../../src/core/pii/policy/evaluate.ts';
import { mask, maskValue, redact } from '../../../src/core/pii/policy/mask.ts';
import type { RedactionPolicy } from '../../../src/core/pii/policy/schema.ts';
import {
  exportRedactionPolicy,
  POLICY_SCHEMA_URL,
  validateRedactionPolicy,
} from '../../../src/core/pii/policy/validate.ts';

const policy = (overrides: Partial<RedactionPolicy> = {}): RedactionPolicy => ({
  ...defaultPolicy(),
  ...overrides,
});

describe('validateRedactionPolicy', () => {
  it('accepts the default policy and a minimal one', () => {
    expect(validateRedactionPolicy(DEFAULT_POLICY)).toEqual({ ok: true, policy: DEFAULT_POLICY });
    expect(validateRedactionPolicy({ version: 1 }).ok).toBe(true);
  });

  it('names the path of each error', () => {
    const result = validateRedactionPolicy({
      version: 1,
      types: { CREDIT_CARD: { action: 'shred' }, PHONE_NUMBER: { action: 'flag', minScore: 2 } },
      allow: [{ value: 'x', colour: 'red' }],
    });
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((error) => error.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/types/CREDIT_CARD/action',
        '/types/PHONE_NUMBER/minScore',
        '/allow/0/colour',
      ]),
    );
  });

  it('refuses patterns re2js cannot run in linear time, and unknown types', () => {
    const result = validateRedactionPolicy({
      version: 1,
      types: { NOT_A_TYPE: { action: 'flag' }, ACME_ID: { action: 'mask' } },
      allow: [{ pattern: '(a+)+\\1' }, { value: '1', pattern: '1' }],
      customDetectors: [
        { id: 'acme', type: 'ACME_ID', pattern: 'ACM-(?=\\d)', score: 0.8 },
        { id: 'acme', type: 'ACME_ID', pattern: 'ACM-\\d+', score: 0.8 },
      ],
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((error) => error.path)).toEqual([
      '/customDetectors/0/pattern',
      '/customDetectors/1/id',
      '/types/NOT_A_TYPE',
      '/allow/0/pattern',
      '/allow/1',
    ]);
    expect(errors[0]?.message).toMatch(/linear time/);
  });

  it('exports a policy that imports back unchanged, pointing at its schema', () => {
    const exported = exportRedactionPolicy(DEFAULT_POLICY);
    expect(JSON.parse(exported).$schema).toBe(POLICY_SCHEMA_URL);
    const imported = validateRedactionPolicy(JSON.parse(exported));
    expect(imported.ok && { ...imported.policy, $schema: undefined }).toEqual({
      ...DEFAULT_POLICY,
      $schema: undefined,
    });
  });

  it('rejects what is not a policy at all, at the root', () => {
    const result = validateRedactionPolicy([1, 2]);
    expect(result.ok ? [] : result.errors.map((error) => error.path)).toEqual(['']);
  });
});

describe('the published JSON Schema', () => {
  it('is the one generated from the valibot schema (run `deskmate policy schema` to update it)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../public/schemas/redaction-policy.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(policyJsonSchema());
  });
});

describe('evaluate and decideSend', () => {
  it('gives each finding its type action and the send button the most severe one', () => {
    const text = 'card 4111 1111 1111 1111, call (212) 555-0142, password: Hunter2!';
    const findings = evaluate(text, DEFAULT_POLICY);
    expect(findings.map((f) => [f.type, f.action, f.overridable])).toEqual([
      ['CREDIT_CARD', 'mask', false],
      ['PHONE_NUMBER', 'flag', true],
      ['PASSWORD', 'block', false],
    ]);
    expect(decideSend(findings)).toBe('block');
    expect(decideSend(findings.filter((f) => f.type !== 'PASSWORD'))).toBe('mask');
    expect(decideSend([{ action: 'mask' }, { action: 'warn' }])).toBe('warn');
    expect(decideSend([{ action: 'flag' }])).toBe('allow');
  });

  it('drops types switched off and scores under the type minimum, and honours the allow-list', () => {
    const custom = policy({
      types: {
        ...DEFAULT_POLICY.types,
        PHONE_NUMBER: { action: 'off' },
        US_SSN: { action: 'mask', minScore: 0.99 },
      },
      allow: [{ value: '4111 1111 1111 1111', note: 'published test card' }],
    });
    expect(evaluate('card 4111111111111111, call (212) 555-0142, ssn 536-22-1234', custom)).toEqual([]);
  });

  it('uses the region of the policy or the caller for national phone numbers', () => {
    expect(evaluate('call 020 7946 0958', policy({ region: 'GB' })).map((f) => f.type)).toEqual([
      'PHONE_NUMBER',
    ]);
    expect(evaluate('call 020 7946 0958', DEFAULT_POLICY, { region: 'GB' }).map((f) => f.type)).toEqual([
      'PHONE_NUMBER',
    ]);
    // Without the region, a national number of another country counts only beside a phone word.
    expect(evaluate('ref 020 7946 0958', DEFAULT_POLICY)).toEqual([]);
    expect(evaluate('call 020 7946 0958', DEFAULT_POLICY).map((f) => f.type)).toEqual(['PHONE_NUMBER']);
  });
});

describe('masking', () => {
  it('keeps the layout and the characters each style keeps', () => {
    expect(maskValue('4111 1111 1111 1111', 'last4', '[CARD]')).toBe('**** **** **** 1111');
    expect(maskValue('4111-1111-1111-1111', 'first6last4', '[CARD]')).toBe('4111-11**-****-1111');
    expect(maskValue('536-22-1234', 'full', '[SSN]')).toBe('***-**-****');
    expect(maskValue('AKIAIOSFODNN7EXAMPLE', 'tag', '[API KEY]')).toBe('[API KEY]');
    expect(maskValue('4821', 'last4', '[PIN]')).toBe('****');
  });

  it('masks each finding in its type style and leaves the rest of the text alone', () => {
    const text = 'Card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE, ok?';
    expect(redact(text, DEFAULT_POLICY)).toBe('Card **** **** **** 1111, key [API KEY], ok?');
  });

  it('is idempotent and leaves nothing of the masked types behind', () => {
    const text = 'SSN 536-22-1234, IBAN GB82 WEST 1234 5698 7654 32, password: Tr0ub4dor&3, exp 09/28';
    const once = redact(text, DEFAULT_POLICY);
    expect(redact(once, DEFAULT_POLICY)).toBe(once);
    expect(evaluate(once, DEFAULT_POLICY)).toEqual([]);
  });

  it('masks only the findings it is given (the composer masks the `mask` ones)', () => {
    const text = 'card 4111 1111 1111 1111 or call (212) 555-0142';
    const findings = evaluate(text, DEFAULT_POLICY).filter((f) => f.action === 'mask');
    expect(mask(text, findings, DEFAULT_POLICY)).toBe('card **** **** **** 1111 or call (212) 555-0142');
  });
});

describe('audit fields', () => {
  it('records type, score, detector, length and a salted hash — never the value', async () => {
    const text = 'card 4111 1111 1111 1111';
    const [finding] = evaluate(text, DEFAULT_POLICY);
    const fields = await auditFields(text, finding!, 'salt-1');
    expect(fields).toEqual({
      type: 'CREDIT_CARD',
      score: 1,
      detector: 'credit-card',
      length: 19,
      hash: await saltedHash('4111 1111 1111 1111', 'salt-1'),
    });
    expect(JSON.stringify(fields)).not.toContain('4111');
    expect(fields.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await saltedHash('4111 1111 1111 1111', 'salt-2')).not.toBe(fields.hash);
  });
});
