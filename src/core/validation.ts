/**
 * Turning schema failures into messages people can act on: each error names the path of the bad value as a JSON
 * pointer (`/targets/0/priority`) and what is wrong with it.
 */
import * as v from 'valibot';

export interface ValidationError {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: ValidationError[] };

/** A valibot issue's path as a JSON pointer. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((item) => `/${String(item.key)}`).join('');
}

export function toValidationErrors(issues: readonly v.BaseIssue<unknown>[], prefix = ''): ValidationError[] {
  return issues.map((issue) => ({ path: `${prefix}${issuePath(issue)}` || '/', message: issue.message }));
}

export function validate<T>(schema: v.GenericSchema<unknown, T>, input: unknown): Validated<T> {
  const result = v.safeParse(schema, input);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, errors: toValidationErrors(result.issues) };
}

export function formatErrors(errors: readonly ValidationError[]): string {
  return errors.map((error) => `${error.path}: ${error.message}`).join('\n');
}
