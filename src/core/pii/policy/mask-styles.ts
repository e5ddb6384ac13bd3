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

/** Built-in types that "last4" destroys: identifiers of eight characters or more, read as a whole. */
export const LAST4_TYPES: ReadonlySet<PiiType> = new Set<PiiType>([
  'CREDIT_CARD',
  'US_SSN',
  'US_ITIN',
  'US_PASSPORT',
  'US_DRIVER_LICENSE',
  'US_BANK_NUMBER',
  'ABA_ROUTING_NUMBER',
  'IBAN_CODE',
  'PHONE_NUMBER',
  'CRYPTO',
  'UK_NHS',
  'UK_NINO',
  'CA_SIN',
  'AU_TFN',
  'AU_MEDICARE',
  'IN_AADHAAR',
  'IN_PAN',
  'PH_PHILSYS',
  'PH_TIN',
  'ES_NIF',
  'IT_FISCAL_CODE',
  'BR_CPF',
  'MX_CURP',
  'SG_NRIC_FIN',
  'API_KEY',
  'JWT',
]);

const BUILT_IN: ReadonlySet<string> = new Set(PII_TYPES);

/** Whether `style` destroys every value of `type`. */
export function styleApplies(style: MaskStyle, type: string): boolean {
  if (style === 'full' || style === 'tag') return true;
  if (style === 'first6last4') return type === 'CREDIT_CARD';
  return !BUILT_IN.has(type) || LAST4_TYPES.has(type as PiiType);
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
