import { describe, expect, it } from 'vitest';
import { ComposerScanner } from '../../../src/content/guard/composer-scanner.ts';
import { defaultPolicy, evaluate } from '../../../src/core/pii/index.ts';

const paragraph = (i: number) =>
  `Line ${i}: order 42 shipped. Card 4111 1111 1111 1111, mail jane${i}@example.com, call 212-555-0${100 + (i % 900)}.\n`;
const big = Array.from({ length: 400 }, (_, i) => paragraph(i)).join('');

const simplify = (findings: ReturnType<typeof evaluate>) =>
  findings.map(({ type, start, end, action }) => ({ type, start, end, action }));

describe('the composer scanner', () => {
  it('finds exactly what a full scan finds, keystroke after keystroke', () => {
    const policy = defaultPolicy();
    const scanner = new ComposerScanner(policy);
    let text = 'Hello ';
    for (const next of [
      'Hello card 4111 1111 1111 111',
      'Hello card 4111 1111 1111 1111',
      'Hello card 4111 1111 1111 1111 ok',
    ]) {
      text = next;
      expect(simplify(scanner.update(text, () => {})!)).toEqual(simplify(evaluate(text, policy)));
    }
  });

  it('scans a large paste in slices, giving the page the main thread back, with the same findings', async () => {
    const policy = defaultPolicy();
    const scanner = new ComposerScanner(policy, 1000);
    let finished = false;
    expect(scanner.update(big, () => (finished = true))).toBeUndefined();
    expect(scanner.busy).toBe(true);
    // While slicing, updates wait for it.
    expect(scanner.update(`${big}x`, () => {})).toBeUndefined();
    await expect.poll(() => finished).toBe(true);
    expect(scanner.busy).toBe(false);
    const findings = scanner.update(big, () => {})!;
    expect(simplify(findings)).toEqual(simplify(evaluate(big, policy)));
    expect(findings.filter((f) => f.type === 'CREDIT_CARD')).toHaveLength(400);
    // The next edit is incremental again: only its neighbourhood is scanned.
    const edited = `${big.slice(0, 100)}Z${big.slice(100)}`;
    expect(simplify(scanner.update(edited, () => {})!)).toEqual(simplify(evaluate(edited, policy)));
    expect(scanner.lastScannedChars).toBeLessThan(1000);
  });
});
