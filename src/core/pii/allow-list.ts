/**
 * Per-client allow-lists: exact values (the client's own support number, a published test card) and patterns
 * (its order-number format), optionally limited to some types. Values are compared in a compact form — case,
 * spaces and the usual separators ignored — so "+1 (800) 555-0199" allows "1-800-555-0199" too. Patterns run on
 * re2js (linear time) and must match the whole value.
 */
import { RE2JS } from 're2js';

export interface AllowRule {
  /** An exact value to let through. */
  value?: string;
  /** An RE2 pattern the whole value must match. */
  pattern?: string;
  /** Only for these types (all types when absent). */
  types?: string[];
  /** Why it is allowed: shown to the QA lead, never used for matching. */
  note?: string;
}

export type AllowCheck = (type: string, value: string) => boolean;

const SEPARATORS = /[\s\-()./]+/g;

/** The comparison form of a value: lowercase, without spaces, dashes, dots, slashes or parentheses. */
export function compactValue(value: string): string {
  return value.replace(SEPARATORS, '').toLowerCase();
}

/** Compiles the rules once; throws the re2js syntax error for a bad pattern (the policy validator reports it). */
export function compileAllowList(rules: readonly AllowRule[]): AllowCheck {
  if (rules.length === 0) return () => false;
  const compiled = rules.map((rule) => ({
    types: rule.types ? new Set(rule.types) : undefined,
    value: rule.value === undefined ? undefined : compactValue(rule.value),
    pattern: rule.pattern === undefined ? undefined : RE2JS.compile(rule.pattern),
  }));
  return (type, value) => {
    const compact = compactValue(value);
    // A national number also allows its international form: "+18005550199" ends with "8005550199".
    return compiled.some(
      (rule) =>
        (!rule.types || rule.types.has(type)) &&
        ((rule.value !== undefined && (rule.value === compact || sameNumber(rule.value, compact))) ||
          (rule.pattern !== undefined && (rule.pattern.testExact(value) || rule.pattern.testExact(compact)))),
    );
  };
}

function sameNumber(a: string, b: string): boolean {
  const digitsA = a.replace(/^\+/, '');
  const digitsB = b.replace(/^\+/, '');
  if (!/^\d{7,}$/.test(digitsA) || !/^\d{7,}$/.test(digitsB)) return false;
  return digitsA.endsWith(digitsB) || digitsB.endsWith(digitsA);
}
