/**
 * Every built-in detector, registered in this one place. The scanner runs them all in one pass over the text;
 * the policy decides which of their types matter for a client.
 */
import { birthDate } from './birth-date.ts';
import { cardDetailsAfterLabel, creditCard } from './cards.ts';
import { emailAddress, phoneNumber } from './contact.ts';
import { cryptoWallet } from './crypto.ts';
import type { Detector } from './detector.ts';
import { ibanCode } from './iban.ts';
import { alphanumericNationalIds, brazilCpf, numericNationalIds } from './national-ids.ts';
import { hexAddressFromNumber, hexAddressFromToken, ipv4Address } from './network.ts';
import { apiKeys, jsonWebTokens, passwordsAfterLabel, privateKeyBlocks } from './secrets.ts';
import { streetAddress } from './street-address.ts';
import {
  usBankNumber,
  usLetterIds,
  usNumericLicense,
  usPassportNumber,
  usRoutingNumber,
  usSsnItin,
} from './us-ids.ts';

export const BUILTIN_DETECTORS: readonly Detector[] = [
  creditCard,
  cardDetailsAfterLabel,
  usSsnItin,
  usRoutingNumber,
  usBankNumber,
  usPassportNumber,
  usNumericLicense,
  usLetterIds,
  ibanCode,
  emailAddress,
  phoneNumber,
  ipv4Address,
  hexAddressFromNumber,
  hexAddressFromToken,
  cryptoWallet,
  birthDate,
  streetAddress,
  numericNationalIds,
  brazilCpf,
  alphanumericNationalIds,
  apiKeys,
  jsonWebTokens,
  privateKeyBlocks,
  passwordsAfterLabel,
];
