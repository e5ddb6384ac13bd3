/**
 * A client pack is what a client company publishes for the agents who serve it: who the client is (name and
 * the helpdesk URLs it is chosen on) and its settings, some locked. Knowledge articles and policies ride in
 * the same pack as settings and are imported by their own features.
 */
import * as v from 'valibot';
import { toValidationErrors, type Validated } from '../validation.ts';
import { clientSchema } from './clients.ts';

export const CLIENT_PACK_FORMAT = 'deskmate-client-pack';

export const clientPackSchema = v.object({
  format: v.literal(CLIENT_PACK_FORMAT),
  version: v.literal(1),
  client: clientSchema,
  settings: v.optional(v.record(v.string(), v.unknown()), {}),
  locked: v.optional(v.array(v.string()), []),
});
export type ClientPack = v.InferOutput<typeof clientPackSchema>;

export function parseClientPack(input: unknown): Validated<ClientPack> {
  const result = v.safeParse(clientPackSchema, input);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, errors: toValidationErrors(result.issues) };
}
