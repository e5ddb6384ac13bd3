/**
 * The policy a client gets before its QA lead writes one: secrets block sending, payment and national ids are
 * masked automatically, personal details ask the agent to confirm, and contact details that agents share every day
 * (the customer's own email or phone, an IP address for troubleshooting) are only underlined.
 */
import type { PiiType } from '../types.ts';
import type { PolicyAction, RedactionPolicy, TypeRule } from './schema.ts';

const rule = (action: PolicyAction, extra: Omit<TypeRule, 'action'> = {}): TypeRule => ({ action, ...extra });

const DEFAULT_TYPES: Record<PiiType, TypeRule> = {
  CREDIT_CARD: rule('mask', { masking: 'last4', override: 'never' }),
  CARD_EXPIRY: rule('mask', { masking: 'full', override: 'never' }),
  CARD_CVV: rule('block', { masking: 'full', override: 'never' }),
  US_SSN: rule('mask', { masking: 'last4' }),
  US_ITIN: rule('mask', { masking: 'last4' }),
  US_PASSPORT: rule('mask', { masking: 'last4' }),
  US_DRIVER_LICENSE: rule('mask', { masking: 'last4' }),
  US_BANK_NUMBER: rule('mask', { masking: 'last4' }),
  ABA_ROUTING_NUMBER: rule('warn'),
  IBAN_CODE: rule('mask', { masking: 'last4' }),
  EMAIL_ADDRESS: rule('flag'),
  PHONE_NUMBER: rule('flag'),
  IP_ADDRESS: rule('flag'),
  MAC_ADDRESS: rule('flag'),
  CRYPTO: rule('warn'),
  DATE_OF_BIRTH: rule('warn', { masking: 'full' }),
  STREET_ADDRESS: rule('warn', { masking: 'tag' }),
  UK_NHS: rule('mask', { masking: 'last4' }),
  UK_NINO: rule('mask', { masking: 'last4' }),
  CA_SIN: rule('mask', { masking: 'last4' }),
  AU_TFN: rule('mask', { masking: 'last4' }),
  AU_MEDICARE: rule('mask', { masking: 'last4' }),
  IN_AADHAAR: rule('mask', { masking: 'last4' }),
  IN_PAN: rule('mask', { masking: 'last4' }),
  PH_PHILSYS: rule('mask', { masking: 'last4' }),
  PH_TIN: rule('mask', { masking: 'last4' }),
  ES_NIF: rule('mask', { masking: 'last4' }),
  IT_FISCAL_CODE: rule('mask', { masking: 'last4' }),
  BR_CPF: rule('mask', { masking: 'last4' }),
  MX_CURP: rule('mask', { masking: 'last4' }),
  SG_NRIC_FIN: rule('mask', { masking: 'last4' }),
  API_KEY: rule('block', { masking: 'tag', override: 'never' }),
  JWT: rule('block', { masking: 'tag', override: 'never' }),
  PRIVATE_KEY: rule('block', { masking: 'tag', override: 'never' }),
  PASSWORD: rule('block', { masking: 'full', override: 'never' }),
  // Found only as a remembered customer's name, with customers.wrongCustomer's action; this sets its mask.
  CUSTOMER_NAME: rule('flag', { masking: 'tag' }),
};

export const DEFAULT_POLICY: RedactionPolicy = {
  version: 1,
  region: 'US',
  defaults: { action: 'flag', minScore: 0.6, masking: 'last4', override: 'with-reason' },
  types: DEFAULT_TYPES,
  allow: [],
  customDetectors: [],
  guard: { composer: true, copy: false, pasteSites: [] },
};

/** The default policy as a fresh object (callers may edit it, e.g. the options page's "start from defaults"). */
export function defaultPolicy(): RedactionPolicy {
  return JSON.parse(JSON.stringify(DEFAULT_POLICY)) as RedactionPolicy;
}
