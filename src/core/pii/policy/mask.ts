/**
 * Masking. Spaces and number separators are kept ("**** **** **** 1111"), every other character is hidden
 * (symbols too: they are part of a password), so the reader still sees what kind of value was there; a tag replaces the whole value ("[CARD]"). Masked output never
 * contains a finding of the masked types, which is what makes masking idempotent: a second pass finds nothing to
 * mask and changes nothing.
 */
import type { Finding } from '../types.ts';
import { evaluate, ruleFor } from './evaluate.ts';
import type { MaskStyle, RedactionPolicy } from './schema.ts';

export const MASK_CHAR = '*';

/** Layout characters kept by masking: spaces and the separators numbers are written with. */
const isLayout = (char: string) => /[\s\-./()]/u.test(char);

/** Masks one value in the given style, keeping separators. */
export function maskValue(value: string, style: MaskStyle, tag: string): string {
  if (style === 'tag') return tag;
  const chars = Array.from(value);
  const positions = chars.flatMap((char, index) => (isLayout(char) ? [] : [index]));
  const count = positions.length;
  let keepFirst = 0;
  let keepLast = 0;
  // Keeping 4 of 6 characters would reveal nearly everything: short values are masked in full.
  if (style === 'last4' && count >= 8) keepLast = 4;
  if (style === 'first6last4' && count >= 12) {
    keepFirst = 6;
    keepLast = 4;
  } else if (style === 'first6last4' && count >= 8) keepLast = 4;
  positions.forEach((index, n) => {
    if (n >= keepFirst && n < count - keepLast) chars[index] = MASK_CHAR;
  });
  return chars.join('');
}

/**
 * Masks the given findings in the text, each in its type's style. Overlapping findings (which `evaluate` never
 * returns) are merged into the first one.
 */
export function mask(text: string, findings: readonly Finding[], policy: RedactionPolicy): string {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const finding of sorted) {
    if (finding.end <= at) continue;
    const start = Math.max(finding.start, at);
    const rule = ruleFor(policy, finding.type);
    out += text.slice(at, start) + maskValue(text.slice(start, finding.end), rule.masking, rule.tag);
    at = finding.end;
  }
  return out + text.slice(at);
}

/**
 * The text with every finding the policy reports masked in its style (the CLI's `redact`, exports of tickets).
 * The composer masks selectively instead: `mask(text, findings.filter(f => f.action === 'mask'), policy)`.
 */
export function redact(text: string, policy: RedactionPolicy): string {
  return mask(text, evaluate(text, policy), policy);
}
