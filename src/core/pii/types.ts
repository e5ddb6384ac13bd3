/**
 * The vocabulary of the data guard: the types it finds and the finding it reports. Type names follow Microsoft
 * Presidio where the two overlap, so a QA lead who knows Presidio reads Deskmate's policy without a glossary.
 */

export const PII_TYPES = [
  'CREDIT_CARD',
  'CARD_EXPIRY',
  'CARD_CVV',
  'US_SSN',
  'US_ITIN',
  'US_PASSPORT',
  'US_DRIVER_LICENSE',
  'US_BANK_NUMBER',
  'ABA_ROUTING_NUMBER',
  'IBAN_CODE',
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'IP_ADDRESS',
  'MAC_ADDRESS',
  'CRYPTO',
  'DATE_OF_BIRTH',
  'STREET_ADDRESS',
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
  'PRIVATE_KEY',
  'PASSWORD',
  /** Found by no detector: recognised as a remembered customer's full name (customers/keys.ts). */
  'CUSTOMER_NAME',
] as const;

export type PiiType = (typeof PII_TYPES)[number];

/** Types whose detector proves the value with a check digit (or a cryptographic checksum). */
export const CHECKSUM_TYPES: ReadonlySet<PiiType> = new Set<PiiType>([
  'CREDIT_CARD',
  'ABA_ROUTING_NUMBER',
  'IBAN_CODE',
  'CRYPTO',
  'UK_NHS',
  'CA_SIN',
  'AU_TFN',
  'AU_MEDICARE',
  'IN_AADHAAR',
  'ES_NIF',
  'IT_FISCAL_CODE',
  'BR_CPF',
  'MX_CURP',
  'SG_NRIC_FIN',
]);

/**
 * One detected value. Offsets are UTF-16 code units (JavaScript string indices), `end` exclusive. `type` is a
 * PiiType for built-in detectors and the QA lead's own name for custom detectors. `reason` explains the score in
 * words (checksum, context word, negative context) and never contains the value itself.
 */
export interface Finding {
  type: string;
  start: number;
  end: number;
  score: number;
  reason: string;
  /** Which detector produced it (`credit-card`, `custom:order-number`, …): recorded by the audit. */
  detector: string;
}

export function isPiiType(value: string): value is PiiType {
  return (PII_TYPES as readonly string[]).includes(value);
}
