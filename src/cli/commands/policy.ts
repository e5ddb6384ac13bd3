/**
 * `deskmate policy validate FILE`: checks a redaction policy; prints {"ok":true} or every error with its path.
 * `deskmate policy schema`: prints the published JSON Schema (public/schemas/redaction-policy.schema.json).
 * `deskmate policy default`: prints the default policy, a starting point for a client's own.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import * as v from 'valibot';
import { DEFAULT_POLICY } from '../../core/pii/policy/default-policy.ts';
import { type RedactionPolicy, RedactionPolicySchema, RegionCode } from '../../core/pii/policy/schema.ts';
import {
  exportRedactionPolicy,
  POLICY_SCHEMA_URL,
  validateRedactionPolicy,
} from '../../core/pii/policy/validate.ts';
import {
  type CliCommand,
  CliError,
  type CliIO,
  printJson,
  readJsonFile,
  refuseFile,
  takeJsonFlag,
} from '../cli-kit.ts';
import { usageOf } from './catalog.ts';

const usage = usageOf('policy');

/** The JSON Schema of the policy format, as committed under public/schemas. */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    $id: POLICY_SCHEMA_URL,
    // The region check asks libphonenumber-js's metadata: not a rule a JSON Schema validator could apply.
    ...toJsonSchema(RedactionPolicySchema, { target: 'draft-07', ignoreActions: ['check'] }),
  };
}

/** Reads and validates a policy file for the other commands (scan, redact); a bad one is a usage error. */
export async function loadPolicy(io: CliIO, path: string): Promise<RedactionPolicy> {
  const result = validateRedactionPolicy(await readJsonFile(io, path, 'a policy file'));
  if (result.ok) return result.policy;
  throw new CliError(
    `${path}: invalid policy: ${result.errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ')}`,
  );
}

/** Checks a --region value. */
export function regionOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z]{2}$/.test(value))
    throw new CliError('--region must be a two-letter country code like US or GB');
  const region = value.toUpperCase();
  if (!v.is(RegionCode, region))
    throw new CliError('--region: not a country whose phone numbers Deskmate knows (a code like US or GB)');
  return region;
}

export const policyCommand: CliCommand = {
  async run(args, io) {
    const { json, rest: words } = takeJsonFlag(args);
    const [action, file, ...rest] = words;
    if (rest.length) throw new CliError(`too many arguments\nusage: ${usage}`);
    switch (action) {
      case 'validate': {
        if (!file) throw new CliError(`validate needs a FILE\nusage: ${usage}`);
        const result = validateRedactionPolicy(await readJsonFile(io, file, 'a policy file'));
        if (!result.ok) refuseFile(io, file, result.errors, { json });
        printJson(io, { ok: true });
        return 0;
      }
      case 'schema':
        io.stdout(JSON.stringify(policyJsonSchema(), null, 2));
        return 0;
      case 'default':
        io.stdout(exportRedactionPolicy(DEFAULT_POLICY).trimEnd());
        return 0;
      default:
        throw new CliError(`unknown action (expected validate, schema or default)\nusage: ${usage}`);
    }
  },
};
