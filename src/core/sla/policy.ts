/**
 * Validating, importing and exporting SLA policies. Every error names the JSON Pointer of the value at fault
 * (`/targets/0/priority`), so the options page can highlight it and the CLI can print it.
 */
import * as v from 'valibot';
import { formatJsonSyntaxProblem, issueMessage, jsonSyntaxProblem, safeKey } from '../validation.ts';
import { type SlaPolicy, SlaPolicySchema } from './policy-schema.ts';

export interface PolicyError {
  /** JSON Pointer (RFC 6901) of the offending value; `""` is the whole document. */
  path: string;
  message: string;
}

export type PolicyValidation = { ok: true; policy: SlaPolicy } | { ok: false; errors: PolicyError[] };

export function validateSlaPolicy(json: unknown): PolicyValidation {
  // valibot's object schemas accept arrays as objects; a list is never a policy, so say so once at the root.
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, errors: [{ path: '', message: 'an SLA policy must be a JSON object' }] };
  }
  const parsed = v.safeParse(SlaPolicySchema, json, { abortEarly: false });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.issues.map((issue) => ({
        path: pointer((issue.path ?? []).map((item) => safeKey(item.key))),
        message: issueMessage(issue),
      })),
    };
  }
  const errors = crossFieldErrors(parsed.output);
  return errors.length ? { ok: false, errors } : { ok: true, policy: parsed.output };
}

/** Parses and validates a policy file's text; a JSON syntax error is reported at the document root. */
export function importSlaPolicy(text: string): PolicyValidation {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [{ path: '', message: formatJsonSyntaxProblem(jsonSyntaxProblem(error, text)) }],
    };
  }
  return validateSlaPolicy(json);
}

/**
 * Serialises a validated policy in the file format, defaults written out, so that an exported policy states
 * every rule it applies and re-imports to the same policy.
 */
export function exportSlaPolicy(policy: SlaPolicy): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}

function crossFieldErrors(policy: SlaPolicy): PolicyError[] {
  const errors: PolicyError[] = [];
  const seen = new Map<string, number>();
  policy.targets.forEach((target, index) => {
    const key = `${target.metric}|${target.priority}|${target.channel ?? ''}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else {
      errors.push({
        path: `/targets/${index}`,
        // Priorities and channels are the policy's own words: the paths say which targets clash.
        message: `duplicate target: /targets/${first} already sets ${target.metric} for the same priority${
          target.channel ? ' and channel' : ''
        }`,
      });
    }
  });
  if (!policy.targets.some((target) => target.priority === policy.defaultPriority)) {
    errors.push({
      path: '/defaultPriority',
      message: 'no target uses the default priority (it must be the priority of at least one of /targets)',
    });
  }
  return errors;
}

/** JSON Pointer from path keys, escaping `~` and `/` as RFC 6901 requires. */
function pointer(keys: unknown[]): string {
  return keys.map((key) => `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
