/**
 * Email addresses (found from their '@') and phone numbers (digit runs validated by libphonenumber-js with the
 * client's default region, using the full metadata so that "valid" means a real numbering plan, not a length).
 *
 * Phone numbers are where other tools' false positives come from — order numbers, date-stamped ids, card
 * numbers — so the cheap structural rejections run first and libphonenumber (tens of microseconds a call) only
 * sees runs that are formatted like a phone number, or bare digits with a phone word next to them.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { isSupportedCountry, Metadata, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { type ContextList, contextList, hasContextBefore } from '../context.ts';
import { inUrl } from './cards.ts';
import type { AtDetector, NumberDetector, NumericRun, ScanContext } from './detector.ts';

const EMAIL_CONTEXT = contextList(['email', 'e-mail', 'mail', 'contact']);
const MAX_LOCAL_PART = 64;
const MAX_DOMAIN = 253;

const isAlnum = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const isLocalChar = (code: number) =>
  isAlnum(code) || code === 46 || code === 95 || code === 37 || code === 43 || code === 45; // . _ % + -
const isDomainChar = (code: number) => isAlnum(code) || code === 46 || code === 45;
/** Labels, then a top-level domain of letters or an internationalised one in its punycode form ("xn--p1ai"). */
const DOMAIN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9-]{1,59})$/;

export const emailAddress: AtDetector = {
  kind: 'at',
  id: 'email',
  types: ['EMAIL_ADDRESS'],
  onAt(at, scan) {
    const text = scan.text;
    let start = at;
    while (start > 0 && at - start < MAX_LOCAL_PART && isLocalChar(text.charCodeAt(start - 1))) start--;
    if (start > 0 && isLocalChar(text.charCodeAt(start - 1))) return; // local part longer than allowed
    while (start < at && !isAlnum(text.charCodeAt(start))) start++;
    if (start === at) return;
    let end = at + 1;
    while (end < text.length && end - at <= MAX_DOMAIN && isDomainChar(text.charCodeAt(end))) end++;
    while (end > at + 1 && !isAlnum(text.charCodeAt(end - 1))) end--; // "mail me at a@b.com."
    if (!DOMAIN.test(text.slice(at + 1, end))) return;
    scan.emit({
      type: 'EMAIL_ADDRESS',
      start,
      end,
      detector: 'email',
      base: 0.9,
      checksum: undefined,
      context: EMAIL_CONTEXT,
      needsContext: false,
      contextGiven: undefined,
      negativeApplies: false,
    });
  },
};

const PHONE_CONTEXT = contextList([
  'phone',
  'tel',
  'telephone',
  'call',
  'called',
  'calling',
  'mobile',
  'cell',
  'cellphone',
  'reach',
  'text',
  'whatsapp',
  'fax',
  'contact',
  'ring',
  'sms',
  'landline',
  'phone number',
  // The same words in the languages of the support floors Deskmate serves (a customer writes in their own):
  // Spanish, Portuguese, French, German, Italian, Dutch.
  'teléfono',
  'telefono',
  'móvil',
  'movil',
  'celular',
  'llámame',
  'llamame',
  'llámeme',
  'llame',
  'llamar',
  'telefone',
  'ligue',
  'ligar',
  'téléphone',
  'portable',
  'appelez',
  'appeler',
  'rappeler',
  'telefon',
  'telefonnummer',
  'handy',
  'handynummer',
  'anrufen',
  'rückruf',
  'erreichbar',
  'cellulare',
  'chiamare',
  'chiamami',
  'telefoon',
  'bellen',
  'mobiel',
]);

function plausibleDate(year: number, month: number, day: number): boolean {
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** The value of the `length` digits at `from` (the run's groups are digits only). */
function digitsValue(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/** "20240315" or "2024-03-15…": a date at the front makes a date-stamped id or a date, never a phone number. */
function startsWithDate(text: string, run: NumericRun): boolean {
  const start = run.groupStarts[0]!;
  const length = run.groupEnds[0]! - start;
  if (length >= 8) {
    return plausibleDate(
      digitsValue(text, start, 4),
      digitsValue(text, start + 4, 2),
      digitsValue(text, start + 6, 2),
    );
  }
  if (length !== 4 || run.groupStarts.length < 3) return false;
  const month = run.groupStarts[1]!;
  const day = run.groupStarts[2]!;
  return (
    run.groupEnds[1]! - month === 2 &&
    run.groupEnds[2]! - day === 2 &&
    plausibleDate(digitsValue(text, start, 4), digitsValue(text, month, 2), digitsValue(text, day, 2))
  );
}

/** A reference with a letter prefix ("ORD-48213377", "INV/2024/0042") or a '#': an id. */
function afterIdPrefix(text: string, run: NumericRun): boolean {
  if (run.before === '#') return true;
  if (run.before !== '-' && run.before !== '/' && run.before !== '_') return false;
  const code = text.charCodeAt(run.start - 2);
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** National number lengths of a region, with and without its trunk prefix ("0", "1"), from libphonenumber's metadata. */
interface NationalPlan {
  lengths: ReadonlySet<number>;
  trunkPrefix: string | undefined;
}
const plans = new Map<string, NationalPlan | undefined>();
/** The region asked for last and its plan: a scan asks for one region thousands of times. */
let lastRegion = '';
let lastPlan: NationalPlan | undefined;

function nationalPlan(region: string): NationalPlan | undefined {
  if (region === lastRegion) return lastPlan;
  if (!plans.has(region)) {
    let plan: NationalPlan | undefined;
    if (isSupportedCountry(region)) {
      const metadata = new Metadata();
      metadata.selectNumberingPlan(region);
      const numbering = metadata.numberingPlan as
        | { possibleLengths(): number[]; nationalPrefix?: () => string | undefined }
        | undefined;
      if (numbering)
        plan = { lengths: new Set(numbering.possibleLengths()), trunkPrefix: numbering.nationalPrefix?.() };
    }
    plans.set(region, plan);
  }
  lastRegion = region;
  lastPlan = plans.get(region);
  return lastPlan;
}

/** Whether `digits` can be a national number of the region by length alone: a cheap filter before parsing. */
function nationalLengthFits(text: string, start: number, digits: number, region: string): boolean {
  const plan = nationalPlan(region);
  if (!plan) return true;
  if (plan.lengths.has(digits)) return true;
  const first = text[start] === '(' ? text[start + 1] : text[start];
  return plan.trunkPrefix !== undefined && first === plan.trunkPrefix && plan.lengths.has(digits - 1);
}

/** Parsing costs tens of microseconds; a thread quotes the same number many times. Kept per region. */
const validity = new Map<string, Map<string, boolean>>();
const VALIDITY_CACHE_SIZE = 4096;

function isValidPhone(candidate: string, region: string): boolean {
  let cache = validity.get(region);
  if (cache === undefined) {
    cache = new Map();
    validity.set(region, cache);
  }
  let valid = cache.get(candidate);
  if (valid === undefined) {
    valid = parsePhoneNumberFromString(candidate, region as CountryCode)?.isValid() ?? false;
    if (cache.size >= VALIDITY_CACHE_SIZE) cache.clear();
    cache.set(candidate, valid);
  }
  return valid;
}

function onlyDots(seps: readonly string[]): boolean {
  for (const sep of seps) if (sep !== '.') return false;
  return true;
}

const MAX_PHONE_DIGITS = 15;
const MAX_NATIONAL_DIGITS = 12;
const MIN_PHONE_DIGITS = 7;

export const phoneNumber: NumberDetector = {
  kind: 'number',
  id: 'phone',
  minDigits: 7,
  types: ['PHONE_NUMBER'],
  onNumber(run, scan) {
    const text = scan.text;
    if (inUrl(scan.text, run.start) || afterIdPrefix(text, run) || startsWithDate(text, run)) return;
    // Only '.'-joined groups: a decimal, a version or an IP address.
    if (run.seps.length > 0 && run.seps.length !== 2 && onlyDots(run.seps)) return;
    const maxDigits = run.plus ? MAX_PHONE_DIGITS : MAX_NATIONAL_DIGITS;
    // The two longest readings (group counts) that fit: no array per run.
    let longest = 0;
    let next = 0;
    let digits = 0;
    for (let k = 1; k <= run.groupStarts.length; k++) {
      digits += run.groupEnds[k - 1]! - run.groupStarts[k - 1]!;
      if (digits > maxDigits) break;
      if (digits < MIN_PHONE_DIGITS || (k === run.groupStarts.length && run.gluedToWord)) continue;
      if (run.plus || nationalLengthFits(text, run.start, digits, scan.region)) {
        next = longest;
        longest = k;
      }
    }
    // Try the longest reading first, then one group shorter ("212-555-0142 2 items").
    for (let attempt = 0; attempt < 2; attempt++) {
      const k = attempt === 0 ? longest : next;
      if (k === 0) break;
      const formatted = run.plus || run.paren || k > 1;
      if (!formatted && !hasContextBefore(text, run.start, PHONE_CONTEXT, scan.window)) return;
      const end = run.groupEnds[k - 1]!;
      if (!isValidPhone(text.slice(run.start, end), scan.region)) continue;
      emitPhone(scan, run.start, end, run.plus || run.paren ? 0.7 : formatted ? 0.6 : 0.4);
      return;
    }
    if (!run.plus) phoneElsewhere(run, scan);
  },
};

function emitPhone(scan: ScanContext, start: number, end: number, base: number): void {
  scan.emit({
    type: 'PHONE_NUMBER',
    start,
    end,
    detector: 'phone',
    base,
    checksum: undefined,
    context: PHONE_CONTEXT,
    needsContext: false,
    contextGiven: undefined,
    negativeApplies: true,
  });
}

/** Words that name the country of the number that follows ("my Japanese number is 090-…"). */
const REGION_WORDS: ReadonlyArray<{ region: string; words: ContextList }> = (
  [
    ['JP', ['japanese', 'japan']],
    ['GB', ['uk', 'british', 'england', 'english']],
    ['DE', ['german', 'germany', 'deutsche']],
    ['FR', ['french', 'france']],
    ['ES', ['spanish', 'spain']],
    ['IT', ['italian', 'italy']],
    ['NL', ['dutch', 'netherlands']],
    ['IN', ['indian', 'india']],
    ['AU', ['australian', 'australia']],
    ['CA', ['canadian', 'canada']],
    ['MX', ['mexican', 'mexico']],
    ['BR', ['brazilian', 'brazil']],
    ['PH', ['filipino', 'philippine', 'philippines']],
    ['CN', ['chinese', 'china']],
    ['KR', ['korean', 'korea']],
    ['US', ['american', 'usa', 'us']],
  ] as const
).map(([region, words]) => ({ region, words: contextList(words) }));
/** Tried beside a phone word after the client's own regions: where most customers of outsourced support call from. */
const COMMON_REGIONS = ['US', 'GB', 'IN', 'PH', 'DE', 'FR', 'ES', 'IT', 'MX', 'BR', 'AU', 'CA', 'JP'];
/** "number" after a country's name: "my Japanese number is …". */
const NUMBER_WORDS = contextList(['number', 'no', 'num', 'nr']);
/** A phone number with only a phone word for it, no valid numbering plan: a typo'd number is still the customer's. */
const UNASSIGNED_BASE = 0.3;

/**
 * A number that is no valid phone number of the client's region, where the words before it say it is one: another
 * country's national format ("my Japanese number is 090-1234-5678": the country named first, then the policy's
 * `phoneRegions`, then common ones), else, beside an explicit phone word, a phone-shaped number at a low score.
 * Runs only with such words before the number, so the plain numbers of a ticket never get here.
 */
function phoneElsewhere(run: NumericRun, scan: ScanContext): void {
  const text = scan.text;
  // The cheap tests first: most numbers that get here (order numbers, amounts) have neither word before them.
  const phoneWord = hasContextBefore(text, run.start, PHONE_CONTEXT, scan.window);
  if (!phoneWord && !hasContextBefore(text, run.start, NUMBER_WORDS, scan.window)) return;
  const named = REGION_WORDS.find(({ words }) =>
    hasContextBefore(text, run.start, words, scan.window),
  )?.region;
  if (!phoneWord && !named) return;
  // The longest phone-shaped reading: 7 to 12 digits, not glued to a word.
  let groups = 0;
  let digits = 0;
  let readingDigits = 0;
  for (let k = 1; k <= run.groupStarts.length; k++) {
    digits += run.groupEnds[k - 1]! - run.groupStarts[k - 1]!;
    if (digits > MAX_NATIONAL_DIGITS) break;
    if (digits < MIN_PHONE_DIGITS || (k === run.groupStarts.length && run.gluedToWord)) continue;
    groups = k;
    readingDigits = digits;
  }
  if (groups === 0) return;
  const end = run.groupEnds[groups - 1]!;
  const value = text.slice(run.start, end);
  const regions = new Set([...(named ? [named] : []), ...(scan.phoneRegions ?? []), ...COMMON_REGIONS]);
  regions.delete(scan.region);
  for (const region of regions) {
    if (isValidPhone(value, region)) {
      emitPhone(scan, run.start, end, run.paren || groups > 1 ? 0.6 : 0.4);
      return;
    }
  }
  // Grouped like a phone number (or long enough to be one) right after a phone word.
  if (phoneWord && (groups > 1 || run.paren || readingDigits >= 10))
    emitPhone(scan, run.start, end, UNASSIGNED_BASE);
}
