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

/** Street suffixes, as written (the match is case-sensitive: "street" in a sentence is not an address). */
const SUFFIXES = new Set(
  'Street St Avenue Ave Road Rd Boulevard Blvd Lane Ln Drive Dr Court Ct Way Place Pl Terrace Tce Crescent Cres Close Parade Pde Highway Hwy Square Sq Parkway Pkwy Circle Cir Trail Trl Row Mews Grove Gardens Hill Walk Esplanade Alley Plaza'.split(
    ' ',
  ),
);
const DIRECTIONS = new Set(['NE', 'NW', 'SE', 'SW', 'N', 'S', 'E', 'W']);
/** The house number: "221B", "5/12", "12-14", then an optional comma and a space. */
const HOUSE_NUMBER = /\d{1,5}[A-Za-z]?(?:[-/]\d{1,5})?,? /y;
/** One word of a street's name and the space after it: "Baker ", "O'Connell ", "5th ", "N. ". */
const NAME_WORD = /(?:[A-Z][a-zA-Z'.-]{0,20}|\d{1,3}(?:st|nd|rd|th)|[NSEW]\.?) /y;
/** At most this many name words before the suffix. */
const MAX_NAME_WORDS = 4;

const isUpperCode = (code: number) => code >= 65 && code <= 90;
const isDigitCode = (code: number) => code >= 48 && code <= 57;
const isLetterCode = (code: number) => (code | 32) >= 97 && (code | 32) <= 122;
const isWordCode = (code: number) => isLetterCode(code) || isDigitCode(code) || code === 95;

/** The end of the whole word of letters at `from` when it is one of `words` and ends at a word boundary. */
function wordIn(words: ReadonlySet<string>, text: string, from: number): number | undefined {
  let end = from;
  while (isLetterCode(text.charCodeAt(end))) end++;
  if (end === from || isWordCode(text.charCodeAt(end))) return undefined;
  return words.has(text.slice(from, end)) ? end : undefined;
}

/**
 * Where "12 Baker Street" (one to four name words and a suffix, then an optional dot and compass direction) that
 * starts at `start` ends, or undefined. Written as a loop rather than one regular expression: the equivalent
 * pattern (a lazily repeated group before a 46-way alternation) cost 16–28 ms to compile on its first use in V8,
 * on every page where a number was followed by a capitalised word. Same matches (test/unit/pii/street-address).
 */
export function streetEnd(text: string, start: number): number | undefined {
  HOUSE_NUMBER.lastIndex = start;
  if (!HOUSE_NUMBER.test(text)) return undefined;
  let at = HOUSE_NUMBER.lastIndex;
  for (let words = 0; words < MAX_NAME_WORDS; words++) {
    NAME_WORD.lastIndex = at;
    if (!NAME_WORD.test(text)) return undefined;
    at = NAME_WORD.lastIndex;
    let end = wordIn(SUFFIXES, text, at);
    if (end === undefined) continue;
    if (text.charCodeAt(end) === 46) end++; // "St."
    if (text.charCodeAt(end) === 32) end = wordIn(DIRECTIONS, text, end + 1) ?? end;
    return end;
  }
  return undefined;
}
const UNIT = /,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor|Fl|#) ?\.? ?[A-Za-z0-9-]{1,6}\b/y;
const CITY = /,? ?[A-Z][a-zA-Z'.-]{1,20}\b(?: [A-Z][a-zA-Z'.-]{1,20}\b){0,2}/y;
const REGION_AND_POSTCODE =
  /,? (?:(?:[A-Z]{2,3})(?: |, ))?(?:\d{5}(?:-\d{4})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|\d{4})(?![\w-])/y;
const REGION_ONLY = /,? (?:[A-Z]{2,3})(?![\w-])/y;

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
    const street = streetEnd(text, run.start);
    if (street === undefined) return;
    let end = extend(UNIT, text, street);
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
