/**
 * What makes an identifier the same customer's, whatever way it is written: the key a value is remembered and
 * looked up by. Keys never leave the page's memory: the customer memory holds salted hashes of them (memory.ts).
 * - e-mail: the address in lower case;
 * - phone: its last 9 digits ("+44 20 7946 0958" and "020 7946 0958" are one number, so are "(212) 555-0187" and
 *   "+1 212-555-0187");
 * - card: the issuer and the last four digits ("visa ending 4242" is what agents and customers compare);
 * - street address and name: the words in lower case without accents (an agent types "Jose" for "José");
 * - any other type the policy lists (order and account numbers, IBANs, ids): its letters and digits in upper case.
 */

/** The customer's full name as the ticket shows it: a type of its own (no detector finds names in text). */
export const CUSTOMER_NAME = 'CUSTOMER_NAME';

/** Remembered unless the policy lists its own: what identifies a customer and is pasted into the wrong reply. */
export const DEFAULT_REMEMBERED_TYPES: readonly string[] = [
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'CREDIT_CARD',
  'IBAN_CODE',
  'STREET_ADDRESS',
  CUSTOMER_NAME,
];

/** Digits of a phone number that identify it across national and international writing. */
const PHONE_DIGITS = 9;
/** A key shorter than this (after normalising) identifies nobody ("A-12"). */
const MIN_ID_CHARS = 4;

/** Lower case, accents off, every run of other characters one space, trimmed. */
export function foldWords(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The card's issuer by its leading digits (coarse: enough to tell two cards with the same last four apart). */
export function cardIssuer(digits: string): string {
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  if (digits[0] === '4') return 'visa';
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  if (two === 34 || two === 37) return 'amex';
  if (four === 6011 || two === 65 || (four >= 6440 && four <= 6499)) return 'discover';
  if (four >= 3528 && four <= 3589) return 'jcb';
  if (two === 36 || two === 38 || two === 39 || (four >= 3000 && four <= 3059)) return 'diners';
  if (two === 62) return 'unionpay';
  return `card${digits[0]}`;
}

/** The key of a customer's full name: two to six words of letters (a single given name identifies nobody). */
export function nameKey(name: string): string | undefined {
  // Word by word, so that "O'Brien-Smith" is one word ("obriensmith"), as the agent sees it.
  const words = name
    .trim()
    .split(/\s+/)
    .map((word) => foldWords(word).replace(/ /g, ''))
    .filter(Boolean);
  if (words.length < 2 || words.length > 6) return undefined;
  if (words.some((word) => word.length < 2 || /\d/.test(word))) return undefined;
  return `${CUSTOMER_NAME}:${words.join(' ')}`;
}

/** The ASCII digits of a value, in order (a loop: cheaper than a regular expression on every keystroke). */
function digitsOf(value: string): string {
  let digits = '';
  for (let at = 0; at < value.length; at++) {
    const code = value.charCodeAt(at);
    if (code >= 48 && code <= 57) digits += value[at];
  }
  return digits;
}

/** The key a value of `type` is remembered by, or undefined when it identifies nobody. */
export function identifierKey(type: string, value: string): string | undefined {
  switch (type) {
    case 'EMAIL_ADDRESS': {
      const address = value.trim().toLowerCase();
      return address.includes('@') ? `${type}:${address}` : undefined;
    }
    case 'PHONE_NUMBER': {
      const digits = digitsOf(value);
      return digits.length >= 7 ? `${type}:${digits.slice(-PHONE_DIGITS)}` : undefined;
    }
    case 'CREDIT_CARD': {
      const digits = digitsOf(value);
      return digits.length >= 12 ? `${type}:${cardIssuer(digits)}:${digits.slice(-4)}` : undefined;
    }
    case 'STREET_ADDRESS': {
      const words = foldWords(value);
      return words.includes(' ') ? `${type}:${words}` : undefined;
    }
    case CUSTOMER_NAME:
      return nameKey(value);
    default: {
      const id = value.toUpperCase().replace(/[^0-9A-Z]+/g, '');
      return id.length >= MIN_ID_CHARS ? `${type}:${id}` : undefined;
    }
  }
}

export interface NameSpan {
  start: number;
  end: number;
  key: string;
}

/**
 * Two or more capitalised words on one line, one space (or tab) apart, not glued to a letter or digit before
 * ("iPhone Pro" is not a name): a run that may hold a person's full name. One regular expression over the whole
 * reply: the engine's scan is many times faster than a loop over its characters in script.
 */
const NAME_RUN = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{M}'’-]*(?:[ \t]\p{Lu}[\p{L}\p{M}'’-]*)+/gu;
const NAME_WORD = /\p{Lu}[\p{L}\p{M}'’-]*/gu;
/** Runs of capitalised words this long or longer are headings or shouting, still scanned by 2 to 4 words. */
const MAX_NAME_WORDS = 4;

/**
 * The spans of `text` that may be a person's full name: every two to four consecutive capitalised words on one
 * line, one space apart ("Dear Jane Doe" gives "Dear Jane", "Jane Doe" and "Dear Jane Doe"). The caller looks
 * each key up; names are never detected on their own, only recognised as a remembered customer's.
 */
export function nameSpans(text: string): NameSpan[] {
  const spans: NameSpan[] = [];
  NAME_RUN.lastIndex = 0;
  for (let run = NAME_RUN.exec(text); run; run = NAME_RUN.exec(text)) {
    const words: Array<{ start: number; end: number }> = [];
    NAME_WORD.lastIndex = 0;
    for (let word = NAME_WORD.exec(run[0]); word; word = NAME_WORD.exec(run[0]))
      words.push({ start: run.index + word.index, end: run.index + word.index + word[0].length });
    for (let first = 0; first < words.length; first++) {
      for (let last = first + 1; last < words.length && last - first < MAX_NAME_WORDS; last++) {
        const start = words[first]!.start;
        const end = words[last]!.end;
        const key = nameKey(text.slice(start, end));
        if (key) spans.push({ start, end, key });
      }
    }
  }
  return spans;
}
