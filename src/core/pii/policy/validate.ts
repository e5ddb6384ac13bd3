/**
 * `validateRedactionPolicy(json)`: the schema's checks plus those a JSON Schema cannot express, every error with
 * the JSON-pointer path of the field at fault ("/types/CREDIT_CARD/action") so the options page can point at it.
 */

import * as v from 'valibot';
import { linearPatternProblem } from '../../linear-pattern.ts';
import { issueMessage, safeKey } from '../../validation.ts';
import { isPiiType } from '../types.ts';
import { styleApplies, styleScope } from './mask-styles.ts';
import { type RedactionPolicy, RedactionPolicySchema } from './schema.ts';

export interface PolicyError {
  path: string;
  message: string;
}

export type PolicyValidation = { ok: true; policy: RedactionPolicy } | { ok: false; errors: PolicyError[] };

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function pointer(issue: v.BaseIssue<unknown>): string {
  const keys = (issue.path ?? []).map((item) => escapePointer(safeKey(item.key)));
  return keys.length ? `/${keys.join('/')}` : '';
}

export function validateRedactionPolicy(json: unknown): PolicyValidation {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return {
      ok: false,
      errors: [{ path: '', message: 'a policy is a JSON object, e.g. {"version": 1, "types": {…}}' }],
    };
  }
  const parsed = v.safeParse(RedactionPolicySchema, json);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.issues.map((issue) => ({ path: pointer(issue), message: issueMessage(issue) })),
    };
  }
  const policy = parsed.output;
  const errors: PolicyError[] = [];
  const customTypes = new Set<string>();
  const ids = new Set<string>();
  (policy.customDetectors ?? []).forEach((detector, index) => {
    customTypes.add(detector.type);
    if (ids.has(detector.id))
      errors.push({
        path: `/customDetectors/${index}/id`,
        message: 'duplicate id (another custom detector above has it)',
      });
    ids.add(detector.id);
    const problem = re2Problem(detector.pattern, detector.caseInsensitive);
    if (problem) errors.push({ path: `/customDetectors/${index}/pattern`, message: problem });
  });
  const known = (type: string) => isPiiType(type) || customTypes.has(type);
  for (const type of Object.keys(policy.types ?? {})) {
    if (!known(type)) {
      errors.push({
        path: `/types/${escapePointer(safeKey(type))}`,
        message: 'unknown type (not built in, no custom detector)',
      });
    }
  }
  for (const [type, rule] of Object.entries(policy.types ?? {})) {
    if (rule.masking && !styleApplies(rule.masking, type)) {
      errors.push({
        path: `/types/${escapePointer(type)}/masking`,
        message: `${rule.masking} would leave a usable ${type}: it applies to ${styleScope(rule.masking)}; use full or tag`,
      });
    }
  }
  (policy.customers?.remember ?? []).forEach((type, index) => {
    if (!known(type))
      errors.push({
        path: `/customers/remember/${index}`,
        message: 'unknown type (not built in, no custom detector)',
      });
  });
  (policy.allow ?? []).forEach((rule, index) => {
    if ((rule.value === undefined) === (rule.pattern === undefined)) {
      errors.push({ path: `/allow/${index}`, message: 'give exactly one of "value" or "pattern"' });
    }
    if (rule.pattern !== undefined) {
      const problem = re2Problem(rule.pattern);
      if (problem) errors.push({ path: `/allow/${index}/pattern`, message: problem });
    }
    (rule.types ?? []).forEach((type, typeIndex) => {
      if (!known(type)) errors.push({ path: `/allow/${index}/types/${typeIndex}`, message: 'unknown type' });
    });
  });
  return errors.length ? { ok: false, errors } : { ok: true, policy };
}

/**
 * Why re2js refuses a pattern (backreferences, lookaround, bad syntax), or undefined when it compiles. The same
 * check as every other pattern from settings (src/core/linear-pattern.ts), whose reason never quotes the pattern.
 */
function re2Problem(pattern: string, caseInsensitive = false): string | undefined {
  return linearPatternProblem(pattern, { caseInsensitive });
}

/** Where the published JSON Schema of the format lives (public/schemas in the extension). */
export const POLICY_SCHEMA_URL = 'https://deskmate.dev/schemas/redaction-policy.schema.json';

/** The policy as the JSON file a QA lead exports and imports elsewhere, pointing at its schema for editors. */
export function exportRedactionPolicy(policy: RedactionPolicy): string {
  const { $schema: _ignored, ...rest } = policy;
  return `${JSON.stringify({ $schema: POLICY_SCHEMA_URL, ...rest }, null, 2)}\n`;
}
