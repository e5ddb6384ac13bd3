/**
 * Ticket subjects, as the worker keeps and shows them. A subject is text the customer wrote ("Refund for card
 * 4111 1111 1111 1111", "Order 5512 – jane@example.com"), and it leaves the page: into IndexedDB (recent tickets,
 * the SLA clocks), into the side panel's Timers and Tickets views, the reports and the OS notifications. So it is
 * masked with the client's redaction policy as it arrives in the worker, before anything stores or shows it.
 *
 * `MaskedSubject` is the only type the database rows accept for a subject, and `maskSubject` the only way to make
 * one: a new path that stores a subject without masking it does not compile.
 */
import { DEFAULT_POLICY, type RedactionPolicy, redact } from '../core/pii/index.ts';
import type { SettingsService } from './settings-service.ts';

declare const masked: unique symbol;
export type MaskedSubject = string & { readonly [masked]: true };

/** The subject with every value the policy reports masked in its style. */
export function maskSubject(subject: string, policy: RedactionPolicy): MaskedSubject {
  return redact(subject, policy) as MaskedSubject;
}

/**
 * The subject masked with the client's effective redaction policy (its `guard.policy`, else the default one). A
 * policy that cannot be read falls back to the default policy: a subject is never stored raw.
 */
export async function maskedSubjectFor(
  settings: Pick<SettingsService, 'resolve'>,
  clientId: string,
  subject: string | undefined,
): Promise<MaskedSubject | undefined> {
  if (subject === undefined) return undefined;
  const policy = await settings
    .resolve(clientId)
    .then((resolved) => resolved.values['guard.policy'] ?? DEFAULT_POLICY)
    .catch(() => DEFAULT_POLICY);
  return maskSubject(subject, policy);
}
