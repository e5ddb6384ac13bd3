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
import { MAX_MATCH_BEFORE_ANCHOR } from '../scanner.ts';
import type { NumberDetector, ScanContext } from './detector.ts';

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

const isUpper = (char: string) => char !== char.toLowerCase() && char === char.toUpperCase();
const isDigitCode = (code: number) => code >= 48 && code <= 57;
/** A letter of any script (accents included), an apostrophe, a dot or a hyphen: inside a word of a street name. */
const WORD_CHAR = /[\p{L}'’.\-/º]/u;
const isWordChar = (char: string | undefined) => char !== undefined && WORD_CHAR.test(char);

/** The word ending at `end` (exclusive), as [start, end), or undefined when there is none right there. */
function wordBefore(text: string, end: number): [number, number] | undefined {
  let start = end;
  while (start > 0 && end - start < 30 && isWordChar(text[start - 1])) start--;
  return start < end ? [start, end] : undefined;
}

function wordAfter(text: string, start: number): [number, number] | undefined {
  let end = start;
  while (end < text.length && end - start < 30 && isWordChar(text[end])) end++;
  return end > start ? [start, end] : undefined;
}

const isName = (word: string) => isUpper(word[0] ?? '') && /\p{L}/u.test(word);
const hasTypeSuffix = (word: string) => {
  const lower = word.toLowerCase();
  return isUpper(word[0] ?? '') && TYPE_SUFFIXES.some((suffix) => lower.endsWith(suffix) && lower !== suffix);
};

/** Where the street named before the house number at `number` starts: "Calle Mayor" in "Calle Mayor 5". */
function nameBefore(text: string, number: number): number | undefined {
  let at = number;
  // "Av. Paulista, 1578": a comma may sit between the name and the number.
  if (text[at - 1] === ' ') at--;
  else return undefined;
  if (text[at - 1] === ',') at--;
  let names = 0;
  for (let words = 0; words <= MAX_NAME_WORDS; words++) {
    const word = wordBefore(text, at);
    if (!word) return undefined;
    const value = text.slice(word[0], word[1]);
    if (words === 0 && hasTypeSuffix(value)) return word[0];
    // A type word right before the number is the name's ("Via del Corso 112"): the type comes before it.
    if (TYPE_WORDS.has(value) && names > 0) return word[0];
    if (isName(value)) names++;
    else if (!PARTICLES.has(value.toLowerCase())) return undefined;
    if (text[word[0] - 1] !== ' ') return undefined;
    at = word[0] - 1;
  }
  return undefined;
}

/** Where "10 rue de Rivoli" (the type after the number) ends, from the end of the house number. */
function nameAfter(text: string, from: number): number | undefined {
  let at = from;
  if (text[at] === ',') at++;
  if (text[at] !== ' ') return undefined;
  const type = wordAfter(text, at + 1);
  if (!type || !TYPE_AFTER_NUMBER.has(text.slice(type[0], type[1]))) return undefined;
  let end: number | undefined;
  at = type[1];
  for (let words = 0; words < MAX_NAME_WORDS && text[at] === ' '; words++) {
    const word = wordAfter(text, at + 1);
    if (!word) break;
    const value = text.slice(word[0], word[1]);
    if (isName(value)) end = word[1];
    else if (!PARTICLES.has(value.toLowerCase())) break;
    at = word[1];
  }
  return end;
}

/** The house number: "12", "12a", "12-14", "12 bis", "1578". Returns its end. */
function houseNumberEnd(text: string, start: number): number | undefined {
  let end = start;
  while (isDigitCode(text.charCodeAt(end)) && end - start < 5) end++;
  if (end === start || end - start > 4 || isDigitCode(text.charCodeAt(end))) return undefined;
  if (/[a-zA-Z]/.test(text[end] ?? '') && !/[\p{L}\d]/u.test(text[end + 1] ?? '')) end++;
  else if (text[end] === '-' && isDigitCode(text.charCodeAt(end + 1))) {
    end++;
    while (isDigitCode(text.charCodeAt(end))) end++;
  }
  if (text.startsWith(' bis', end) && !/[\p{L}\d]/u.test(text[end + 4] ?? '')) end += 4;
  if (/[\p{L}\d]/u.test(text[end] ?? '')) return undefined;
  return end;
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
  const unit = wordBefore(text, value - 1);
  return unit && UNIT_WORDS.has(text.slice(unit[0], unit[1])) ? unit[0] : street;
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
    const numberEnd = houseNumberEnd(text, number);
    if (numberEnd === undefined) return;
    let start = nameBefore(text, number);
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
