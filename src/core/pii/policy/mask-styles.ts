/**
 * Which masking styles destroy a value of which type. "full" and "tag" leave nothing of any value. "last4" keeps
 * the last four characters: enough for the agent and the customer to tell two cards or accounts apart, and too
 * little to use, but only for long identifiers. It would leave a working value of an IP address ("68.0.1"), an
 * e-mail's domain, a date of birth's month and day, a street address's postcode or part of a password or private
 * key, so it does not apply to those. "first6last4" (the issuer and the last four, as PCI DSS allows) applies to
 * cards only. A QA lead's own types may use "last4": their detectors match identifiers of the lead's choosing.
 */
import { PII_TYPES, type PiiType } from '../types.ts';
import type { MaskStyle } from './schema.ts';

/**
 * Built-in types whose last four characters are still (part of) a usable value: "last4" does not apply to them.
 * Every other built-in type is an identifier of eight characters or more, read as a whole.
 */
const NOT_LAST4: ReadonlySet<PiiType> = new Set<PiiType>([
  'CARD_EXPIRY',
  'CARD_CVV',
  'EMAIL_ADDRESS',
  'IP_ADDRESS',
  'MAC_ADDRESS',
  'DATE_OF_BIRTH',
  'STREET_ADDRESS',
  'PRIVATE_KEY',
  'PASSWORD',
  'CUSTOMER_NAME',
]);

/** Built-in types that "last4" destroys. */
export const LAST4_TYPES: ReadonlySet<PiiType> = new Set(PII_TYPES.filter((type) => !NOT_LAST4.has(type)));

/** Whether `style` destroys every value of `type`. */
export function styleApplies(style: MaskStyle, type: string): boolean {
  if (style === 'full' || style === 'tag') return true;
  if (style === 'first6last4') return type === 'CREDIT_CARD';
  return !NOT_LAST4.has(type as PiiType);
}

/** The style a type is masked in: the one asked for where it applies, else every character ("full"). */
export function effectiveStyle(style: MaskStyle, type: string): MaskStyle {
  return styleApplies(style, type) ? style : 'full';
}

/** The types a style applies to, in words for error messages and the schema. */
export function styleScope(style: MaskStyle): string {
  if (style === 'first6last4') return 'CREDIT_CARD only';
  if (style === 'last4') return `${[...LAST4_TYPES].join(', ')} and custom types`;
  return 'every type';
}
