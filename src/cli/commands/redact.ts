/**
 * `deskmate redact [--policy P] [--region XX] [FILE|-]`: the text with every finding the policy reports masked in
 * its type's style ("**** **** **** 1111", "[API KEY]"): for sharing a ticket export or a log without the data.
 */
import { parseArgs } from 'node:util';
import { LIMITS } from '../../core/limits.ts';
import { DEFAULT_POLICY } from '../../core/pii/policy/default-policy.ts';
import { redact } from '../../core/pii/policy/mask.ts';
import { type CliCommand, CliError, readInput } from '../cli-kit.ts';
import { usageOf } from './catalog.ts';
import { loadPolicy, regionOption } from './policy.ts';

const usage = usageOf('redact');

export const redactCommand: CliCommand = {
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { policy: { type: 'string' }, region: { type: 'string' } },
    });
    if (positionals.length > 1) throw new CliError(`one input at most\nusage: ${usage}`);
    const region = regionOption(values.region);
    const policy = values.policy ? await loadPolicy(io, values.policy) : DEFAULT_POLICY;
    const text = await readInput(io, positionals[0] ?? '-', {
      maxBytes: LIMITS.textBytes,
      what: 'a text to redact (split larger files)',
    });
    const masked = region ? redact(text, { ...policy, region }) : redact(text, policy);
    // io.stdout ends the output with a newline: do not double the input's own.
    io.stdout(masked.endsWith('\n') ? masked.slice(0, -1) : masked);
    return 0;
  },
};
