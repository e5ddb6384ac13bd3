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

/** How many rounds of masking `redact` tries in each value's own style before it masks what is left in full. */
const STYLED_PASSES = 3;

/**
 * The text with every finding the policy reports masked in its style (the CLI's `redact`, learning, the audit).
 *
 * It reaches its fixpoint in one call: the output holds no finding of the policy, so redacting it again changes
 * nothing. One round is not always enough: masking can make a new value out of what it keeps and what is next to
 * it (the last four digits of a card and the digits after it), and values side by side are only found once their
 * neighbour is masked. So it masks again until nothing is found; after STYLED_PASSES rounds, what is still found is
 * masked in full, and a value found even then (a pattern that matches asterisks) is replaced by its tag.
 */
export function redact(text: string, policy: RedactionPolicy): string {
  return maskUntilClean(text, (current) => evaluate(current, policy), policy);
}

/**
 * Masks the findings `find` reports, again and again, until it reports none (see `redact`). `find` must be the
 * same question each time (one policy, one selection of actions).
 */
export function maskUntilClean(
  text: string,
  find: (text: string) => readonly Finding[],
  policy: RedactionPolicy,
): string {
  let out = text;
  for (let pass = 0; ; pass++) {
    const findings = find(out);
    if (findings.length === 0) return out;
    if (pass < STYLED_PASSES) out = mask(out, findings, policy);
    else if (pass === STYLED_PASSES) out = mask(out, findings, fullMasking(policy));
    else return mask(out, findings, taggedMasking(policy));
  }
}

/**
 * The text as Deskmate may keep it (a learned example, an override's reason in the audit): every value the client's
 * policy reports and every built-in type even where the policy switches it off (a QA lead who turns phone numbers
 * off for the send guard has not asked for them to be stored), masked to a fixpoint. Values on the policy's
 * allow-list stay, as the lead asked.
 */
export function redactForStorage(text: string, policy: RedactionPolicy): string {
  const everything = everyTypeOf(policy);
  return maskUntilClean(
    text,
    (current) => [...evaluate(current, policy), ...evaluate(current, everything)],
    policy,
  );
}

const everyTypeCache = new WeakMap<RedactionPolicy, RedactionPolicy>();
/** The policy with every type on (one object per policy, so its detection engine is built once). */
function everyTypeOf(policy: RedactionPolicy): RedactionPolicy {
  let every = everyTypeCache.get(policy);
  if (!every) {
    every = {
      version: 1,
      ...(policy.region ? { region: policy.region } : {}),
      defaults: { action: 'mask', masking: 'full' },
      ...(policy.allow ? { allow: policy.allow } : {}),
      ...(policy.customDetectors ? { customDetectors: policy.customDetectors } : {}),
    };
    everyTypeCache.set(policy, every);
  }
  return every;
}

/** The policy with every masking style made "full" (tags stay tags). */
export function fullMasking(policy: RedactionPolicy): RedactionPolicy {
  return restyle(policy, (style) => (style === 'tag' ? 'tag' : 'full'));
}

function taggedMasking(policy: RedactionPolicy): RedactionPolicy {
  return restyle(policy, () => 'tag');
}

function restyle(policy: RedactionPolicy, style: (current: MaskStyle) => MaskStyle): RedactionPolicy {
  const types: NonNullable<RedactionPolicy['types']> = {};
  for (const [type, rule] of Object.entries(policy.types ?? {})) {
    types[type] = { ...rule, masking: style(rule.masking ?? policy.defaults?.masking ?? 'last4') };
  }
  return {
    ...policy,
    defaults: { ...policy.defaults, masking: style(policy.defaults?.masking ?? 'last4') },
    types,
  };
}
