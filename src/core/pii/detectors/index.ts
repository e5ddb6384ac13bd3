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
import {
  aadhaarWithColons,
  alphanumericNationalIds,
  brazilCpf,
  numericNationalIds,
  spanishNifFromNumber,
} from './national-ids.ts';
import { hexAddressFromNumber, hexAddressFromToken, ipv4Address, lettersOnlyMac } from './network.ts';
import { apiKeys, jsonWebTokens, passwordsAfterLabel, privateKeyBlocks } from './secrets.ts';
import { streetAddress } from './street-address.ts';
import { streetAddressNameFirst } from './street-address-europe.ts';
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
  lettersOnlyMac,
  cryptoWallet,
  birthDate,
  streetAddress,
  streetAddressNameFirst,
  numericNationalIds,
  aadhaarWithColons,
  spanishNifFromNumber,
  brazilCpf,
  alphanumericNationalIds,
  apiKeys,
  jsonWebTokens,
  privateKeyBlocks,
  passwordsAfterLabel,
];
