/**
 * Street addresses in US, UK, Canadian and Australian formats: a house number, one to four name words and a
 * street suffix ("221B Baker Street", "42 Wallaby Way", "5/12 Smith St"), optionally followed by a unit, city,
 * state and postcode ("…, Springfield, IL 62704", "…, London SW1A 2AA", "…, Toronto ON M5V 2T6",
 * "…, Sydney NSW 2000"). A bare "12 Main Street" needs an address word near it; with a city or postcode it stands
 * alone. Every quantifier is bounded, so the pattern's work per house number is constant.
 */
import { contextList } from '../context.ts';
import type { NumberDetector } from './detector.ts';

const ADDRESS_CONTEXT = contextList([
  'address',
  'addr',
  'ship',
  'shipping',
  'shipped',
  'deliver',
  'delivered',
  'delivery',
  'live',
  'lives',
  'living',
  'reside',
  'resides',
  'billing',
  'mailing',
  'send',
  'sent',
  'moved',
  'located',
  'home',
  'residence',
  'postal',
]);

const SUFFIX =
  '(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Tce|Crescent|Cres|Close|Parade|Pde|Highway|Hwy|Square|Sq|Parkway|Pkwy|Circle|Cir|Trail|Trl|Row|Mews|Grove|Gardens|Hill|Walk|Esplanade|Alley|Plaza)';
const NAME_WORD = "(?:[A-Z][a-zA-Z'.-]{0,20}|\\d{1,3}(?:st|nd|rd|th)|[NSEW]\\.?)";
const STREET = new RegExp(
  `\\d{1,5}[A-Za-z]?(?:[-/]\\d{1,5})?,? (?:${NAME_WORD} ){1,4}?${SUFFIX}\\b\\.?(?: (?:NE|NW|SE|SW|N|S|E|W)\\b)?`,
  'y',
);
const UNIT = /,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|#) ?\.? ?[A-Za-z0-9-]{1,6}\b/y;
const CITY = /,? ?[A-Z][a-zA-Z'.-]{1,20}\b(?: [A-Z][a-zA-Z'.-]{1,20}\b){0,2}/y;
const REGION_AND_POSTCODE =
  /,? (?:(?:[A-Z]{2,3})(?: |, ))?(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4})(?![\w-])/y;
const REGION_ONLY = /,? (?:[A-Z]{2,3})(?![\w-])/y;

const isUpperCode = (code: number) => code >= 65 && code <= 90;
const isDigitCode = (code: number) => code >= 48 && code <= 57;

/**
 * A cheap look at what follows the house number before running the pattern: most numbers in a ticket are
 * followed by a lowercase word ("3 days", "25 seats") and are rejected here.
 */
function mayStartStreet(text: string, afterNumber: number): boolean {
  let i = afterNumber;
  const letter = text.charCodeAt(i) | 32;
  if (letter >= 97 && letter <= 122) i++; // "221B"
  const code = text.charCodeAt(i);
  if (code === 45 || code === 47) return true; // "5/12 Smith St", "12-14 King St"
  if (code === 44) i++;
  if (text.charCodeAt(i) !== 32) return false;
  const next = text.charCodeAt(i + 1);
  return isUpperCode(next) || isDigitCode(next);
}

function extend(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.test(text) ? pattern.lastIndex : from;
}

export const streetAddress: NumberDetector = {
  kind: 'number',
  id: 'street-address',
  minDigits: 1,
  types: ['STREET_ADDRESS'],
  onNumber(run, scan) {
    if (run.plus || run.paren || run.groupEnds[0]! - run.groupStarts[0]! > 5) return;
    const text = scan.text;
    if (!mayStartStreet(text, run.groupEnds[0]!)) return;
    STREET.lastIndex = run.start;
    if (!STREET.test(text)) return;
    let end = extend(UNIT, text, STREET.lastIndex);
    // City and postcode only count together: "…Street, Thanks" is not a city.
    const afterCity = extend(CITY, text, end);
    const withPostcode = extend(REGION_AND_POSTCODE, text, afterCity);
    let complete = false;
    if (withPostcode > afterCity) {
      end = withPostcode;
      complete = true;
    } else if (afterCity > end) {
      const withRegion = extend(REGION_ONLY, text, afterCity);
      if (withRegion > afterCity) {
        end = withRegion;
        complete = true;
      }
    }
    while (end > run.start && /[\s,]/.test(text[end - 1] ?? '')) end--;
    scan.emit({
      type: 'STREET_ADDRESS',
      start: run.start,
      end,
      detector: 'street-address',
      base: complete ? 0.65 : 0.5,
      checksum: undefined,
      context: ADDRESS_CONTEXT,
      needsContext: false,
      contextGiven: undefined,
      negativeApplies: true,
    });
  },
};
