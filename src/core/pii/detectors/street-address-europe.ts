/**
 * Street addresses as most of Europe and Latin America write them: the street's name first, then the house number
 * ("Hauptstraße 12", "Calle Mayor 5", "Via del Corso 112", "Av. Paulista, 1578", "Kalverstraat 92"), and the
 * French order with a lowercase street type ("10 rue de Rivoli"); then, optionally, the postal code with the city
 * ("…, 10115 Berlin", "…, 1012 PH Amsterdam", "…, 01310-200 São Paulo"), and a unit line before the street
 * ("Apt 4B, …", "Piso 3, …"). A street alone needs an address word near it; with its postcode and city it stands
 * alone. Ordinary sentences do not match: the street needs its type word ("Calle", "Rue", "-straße") next to
 * capitalised name words and the number.
 *
 * Read word by word from the house number (no pattern over the whole street: one that size costs milliseconds to
 * compile in V8 on first use, see street-address.ts).
 */
import { contextList } from '../context.ts';
import { MAX_MATCH_BEFORE_ANCHOR, type NumberDetector, type ScanContext } from './detector.ts';

export const INTERNATIONAL_ADDRESS_CONTEXT = contextList([
  'address',
  'ship',
  'shipping',
  'deliver',
  'delivery',
  'live',
  'lives',
  'billing',
  'postal',
  'dirección',
  'direccion',
  'domicilio',
  'envío',
  'envio',
  'vivo',
  'adresse',
  'livraison',
  'habite',
  'anschrift',
  'adresse',
  'lieferadresse',
  'wohne',
  'indirizzo',
  'spedizione',
  'abito',
  'endereço',
  'endereco',
  'entrega',
  'moro',
  'adres',
  'woon',
]);

/** Street types written as a word of their own before the name (capitalised: "via email" is not a street). */
const TYPE_WORDS = new Set([
  'Calle',
  'C/',
  'Avenida',
  'Avda.',
  'Av.',
  'Paseo',
  'Pº',
  'Plaza',
  'Pza.',
  'Camino',
  'Carrera',
  'Cra.',
  'Carretera',
  'Ronda',
  'Travesía',
  'Rua',
  'R.',
  'Travessa',
  'Praça',
  'Alameda',
  'Estrada',
  'Via',
  'Viale',
  'Piazza',
  'Piazzale',
  'Corso',
  'Largo',
  'Vicolo',
  'Rue',
  'Avenue',
  'Boulevard',
  'Bd',
  'Bd.',
  'Chemin',
  'Allée',
  'Impasse',
  'Quai',
  'Place',
  'Cours',
  'Route',
  'Ulica',
  'Ul.',
  'ul.',
  'Am',
  'An',
]);
/** The French, Belgian and Swiss order: "10 rue de Rivoli", types often in lower case. */
const TYPE_AFTER_NUMBER = new Set([
  'rue',
  'avenue',
  'boulevard',
  'bd',
  'place',
  'chemin',
  'allée',
  'impasse',
  'quai',
  'cours',
  'route',
  'Rue',
  'Avenue',
  'Boulevard',
  'Place',
  'Chemin',
  'Allée',
  'Impasse',
  'Quai',
  'Cours',
  'Route',
]);
/** Street types that end a compound name: "Hauptstraße", "Bahnhofstr.", "Kalverstraat", "Storgatan". */
const TYPE_SUFFIXES = [
  'straße',
  'strasse',
  'str.',
  'weg',
  'platz',
  'allee',
  'gasse',
  'ring',
  'damm',
  'ufer',
  'straat',
  'laan',
  'plein',
  'gracht',
  'kade',
  'singel',
  'dijk',
  'vej',
  'gade',
  'gatan',
  'vägen',
  'veien',
  'gata',
];
/** Lowercase words inside a street's name: "Via del Corso", "Rue de la Paix", "Calle de los Reyes". */
const PARTICLES = new Set([
  'de',
  'del',
  'della',
  'delle',
  'dei',
  'di',
  'da',
  'do',
  'dos',
  'das',
  'la',
  'le',
  'les',
  'los',
  'las',
  'el',
  'du',
  'des',
  'von',
  'van',
  'der',
  'den',
  'y',
  'e',
  "d'",
  "l'",
]);
const UNIT_WORDS = new Set([
  'Apt',
  'Apt.',
  'Apartment',
  'Suite',
  'Unit',
  'Flat',
  'Piso',
  'Planta',
  'Dpto',
  'Dpto.',
  'Depto',
  'Depto.',
  'Apto',
  'Apto.',
  'Wohnung',
  'Appartement',
  'Interno',
]);
const MAX_NAME_WORDS = 4;
const longest = (words: ReadonlySet<string>) => Math.max(...[...words].map((word) => word.length));
const LONGEST_TYPE_WORD = Math.max(longest(TYPE_WORDS), longest(TYPE_AFTER_NUMBER));
const LONGEST_PARTICLE = longest(PARTICLES);

// Character tests by code, no RegExp: this detector looks at every number that follows a capitalised word, and
// the scanner's throughput is a goal of its own.
const isDigitCode = (code: number) => code >= 48 && code <= 57;
/** Letters beyond ASCII (accents, "ß", "º"), told as letters by case or by being in Latin-1's letter range. */
const isOtherLetter = (code: number) => code >= 0xc0 && code !== 0xd7 && code !== 0xf7;
const isLetterCode = (code: number) => ((code | 32) >= 97 && (code | 32) <= 122) || isOtherLetter(code);
/** A capital letter: ASCII, or another script's letter whose lower case differs. */
function isUpperAt(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  if (code >= 65 && code <= 90) return true;
  if (!isOtherLetter(code)) return false;
  const char = text[at]!;
  return char !== char.toLowerCase();
}
/** Inside a word of a street name: a letter, an apostrophe, a dot, a hyphen, a slash ("C/") or "º". */
function isWordCode(code: number): boolean {
  return isLetterCode(code) || code === 39 || code === 0xba || code === 46 || code === 45 || code === 47;
}

/** The word last read by wordBefore/wordAfter, as [wordStart, wordEnd): no array per word. */
let wordStart = 0;
let wordEnd = 0;

/** Reads the word ending at `end` (exclusive) into wordStart/wordEnd; false when there is none right there. */
function wordBefore(text: string, end: number): boolean {
  let start = end;
  while (start > 0 && end - start < 30 && isWordCode(text.charCodeAt(start - 1))) start--;
  wordStart = start;
  wordEnd = end;
  return start < end;
}

function wordAfter(text: string, start: number): boolean {
  let end = start;
  while (end < text.length && end - start < 30 && isWordCode(text.charCodeAt(end))) end++;
  wordStart = start;
  wordEnd = end;
  return end > start;
}

/** Whether the word just read is one of `words` (none longer than `longest`): sliced only when it may be. */
function wordIn(text: string, words: ReadonlySet<string>, longest: number, lower = false): boolean {
  if (wordEnd - wordStart > longest) return false;
  const value = text.slice(wordStart, wordEnd);
  return words.has(lower ? value.toLowerCase() : value);
}

/** The type suffixes by their last character: a word is compared with the few that end like it. */
const SUFFIXES_BY_LAST = new Map<number, string[]>();
for (const suffix of TYPE_SUFFIXES) {
  const last = suffix.charCodeAt(suffix.length - 1);
  SUFFIXES_BY_LAST.set(last, [...(SUFFIXES_BY_LAST.get(last) ?? []), suffix]);
}

/** "Hauptstraße", "Bahnhofstr.", "Kalverstraat": a capitalised compound that ends with a street type. */
function hasTypeSuffix(text: string): boolean {
  const candidates = SUFFIXES_BY_LAST.get(text.charCodeAt(wordEnd - 1));
  if (!candidates || !isUpperAt(text, wordStart)) return false;
  for (const suffix of candidates)
    if (wordEnd - wordStart > suffix.length && text.startsWith(suffix, wordEnd - suffix.length)) return true;
  return false;
}

/**
 * Where the street named before the house number at `number` starts: "Calle Mayor" in "Calle Mayor 5". The scanner
 * asks too, to offer such short numbers to the number detectors at all (scanner.ts mayStartValue).
 */
export function nameBefore(text: string, number: number): number | undefined {
  let at = number;
  // "Av. Paulista, 1578": a comma may sit between the name and the number.
  if (text.charCodeAt(at - 1) !== 32) return undefined;
  at--;
  if (text.charCodeAt(at - 1) === 44) at--;
  let names = 0;
  for (let words = 0; words <= MAX_NAME_WORDS; words++) {
    if (!wordBefore(text, at)) return undefined;
    const upper = isUpperAt(text, wordStart);
    // The word next to the number is always capitalised (a name, a compound with its type): most numbers stop here.
    if (words === 0 && !upper) return undefined;
    if (words === 0 && hasTypeSuffix(text)) return wordStart;
    // A type word right before the number is the name's ("Via del Corso 112"): the type comes before it.
    if (names > 0 && wordIn(text, TYPE_WORDS, LONGEST_TYPE_WORD)) return wordStart;
    if (upper) names++;
    else if (!wordIn(text, PARTICLES, LONGEST_PARTICLE, true)) return undefined;
    if (text.charCodeAt(wordStart - 1) !== 32) return undefined;
    at = wordStart - 1;
  }
  return undefined;
}

/**
 * Whether a street type of the French order follows the number ending at `from` ("10 rue …", "5, avenue …"); the
 * type word is left in wordStart/wordEnd. The scanner asks too, to offer such short numbers at all.
 */
export function typeAfterNumber(text: string, from: number): boolean {
  let at = from;
  if (text.charCodeAt(at) === 44) at++;
  if (text.charCodeAt(at) !== 32) return false;
  return wordAfter(text, at + 1) && wordIn(text, TYPE_AFTER_NUMBER, LONGEST_TYPE_WORD);
}

/** Where "10 rue de Rivoli" (the type after the number) ends, from the end of the house number. */
function nameAfter(text: string, from: number): number | undefined {
  if (!typeAfterNumber(text, from)) return undefined;
  let end: number | undefined;
  let at = wordEnd;
  for (let words = 0; words < MAX_NAME_WORDS && text.charCodeAt(at) === 32; words++) {
    if (!wordAfter(text, at + 1)) break;
    if (isUpperAt(text, wordStart)) end = wordEnd;
    else if (!wordIn(text, PARTICLES, LONGEST_PARTICLE, true)) break;
    at = wordEnd;
  }
  return end;
}

const letterOrDigit = (text: string, at: number) =>
  isLetterCode(text.charCodeAt(at)) || isDigitCode(text.charCodeAt(at));

/** The house number: "12", "12a", "12-14", "12 bis", "1578". Returns its end. */
function houseNumberEnd(text: string, start: number): number | undefined {
  let end = start;
  while (isDigitCode(text.charCodeAt(end)) && end - start < 5) end++;
  if (end === start || end - start > 4 || isDigitCode(text.charCodeAt(end))) return undefined;
  if (isLetterCode(text.charCodeAt(end)) && !letterOrDigit(text, end + 1))
    end++; // "7a"
  else if (text.charCodeAt(end) === 45 && isDigitCode(text.charCodeAt(end + 1))) {
    end++;
    while (isDigitCode(text.charCodeAt(end))) end++;
  }
  if (text.startsWith(' bis', end) && !letterOrDigit(text, end + 4)) end += 4;
  return letterOrDigit(text, end) ? undefined : end;
}

/** ", 10115 Berlin", " 1012 PH Amsterdam", ", 01310-200 São Paulo", ", 00-950 Warszawa": the postcode and city. */
const POSTCODE_AND_CITY =
  /,? (?:\d{5}(?:-\d{3})?|\d{4}(?: ?[A-Z]{2}(?![\p{L}]))?|\d{4}-\d{3}|\d{2}-\d{3}) \p{Lu}[\p{L}'’-]+(?: \p{Lu}[\p{L}'’-]+){0,2}/uy;

/** A unit line right before the street: "Apt 4B, ", "Piso 3, ". Returns where it starts. */
function unitBefore(text: string, street: number): number {
  if (text[street - 1] !== ' ' || text[street - 2] !== ',') return street;
  // The unit's number or letter: "4B", "3", "2º".
  let value = street - 2;
  while (value > street - 8 && /[\p{L}\dº/-]/u.test(text[value - 1] ?? '')) value--;
  if (value === street - 2 || !/\d/.test(text.slice(value, street - 2)) || text[value - 1] !== ' ')
    return street;
  if (!wordBefore(text, value - 1)) return street;
  return UNIT_WORDS.has(text.slice(wordStart, wordEnd)) ? wordStart : street;
}

function emit(scan: ScanContext, start: number, end: number, complete: boolean): void {
  scan.emit({
    type: 'STREET_ADDRESS',
    start,
    end,
    detector: 'street-address',
    base: complete ? 0.65 : 0.5,
    checksum: undefined,
    context: INTERNATIONAL_ADDRESS_CONTEXT,
    needsContext: false,
    contextGiven: undefined,
    negativeApplies: true,
  });
}

export const streetAddressNameFirst: NumberDetector = {
  kind: 'number',
  id: 'street-address',
  minDigits: 1,
  types: ['STREET_ADDRESS'],
  onNumber(run, scan) {
    if (run.plus || run.paren || run.groupEnds[0]! - run.groupStarts[0]! > 4) return;
    const text = scan.text;
    const number = run.groupStarts[0]!;
    // Most numbers have no street around them: the word before is not capitalised and no French type follows.
    if (text.charCodeAt(number - 1) !== 32) return;
    let start = nameBefore(text, number);
    const numberEnd = houseNumberEnd(text, number);
    if (numberEnd === undefined) return;
    let end = numberEnd;
    if (start === undefined) {
      const after = nameAfter(text, numberEnd);
      if (after === undefined) return;
      start = number;
      end = after;
    }
    POSTCODE_AND_CITY.lastIndex = end;
    const complete = POSTCODE_AND_CITY.test(text);
    if (complete) end = POSTCODE_AND_CITY.lastIndex;
    // A match starts at most MAX_MATCH_BEFORE_ANCHOR before the number (what lets the composer re-scan locally).
    const withUnit = unitBefore(text, start);
    if (number - start > MAX_MATCH_BEFORE_ANCHOR) return;
    emit(scan, number - withUnit <= MAX_MATCH_BEFORE_ANCHOR ? withUnit : start, end, complete);
  },
};
