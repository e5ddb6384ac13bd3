/**
 * National identifiers, each with its check digit where one exists. All-digit ids of 8–12 digits look like any
 * other number (a 3-3-3 SIN is shaped like a TFN, a 3-3-4 NHS number like a US phone number), so they are only
 * reported with their context word ("NHS", "SIN", "TFN"); ids with letters or a distinctive layout are reported
 * on their own.
 */
import {
  auMedicare,
  auTfn,
  brCpf,
  esNif,
  itFiscalCode,
  luhn,
  mxCurp,
  nhsMod11,
  sgNricFin,
  verhoeff,
} from '../checksums.ts';
import { type ContextList, contextList } from '../context.ts';
import type { PiiType } from '../types.ts';
import { inUrl } from './cards.ts';
import {
  endsCleanly,
  groupDigits,
  matchShape,
  type NumberDetector,
  type NumericRun,
  type ScanContext,
  type Token,
  type TokenDetector,
} from './detector.ts';

/** Every spec lists every field, in this order: one hidden class, so emitNumericId reads them monomorphically. */
interface NumericIdSpec {
  type: PiiType;
  id: string;
  /** Accepted group layouts; a single unbroken group of the same length is accepted too. */
  shapes: ReadonlyArray<readonly number[]>;
  separators: string;
  check: { name: string; valid: (digits: string) => boolean } | undefined;
  context: ContextList;
  /** Formatted values are distinctive enough to report without context. */
  formattedAlone: boolean;
}

const NUMERIC_IDS: NumericIdSpec[] = [
  {
    type: 'UK_NHS',
    id: 'uk-nhs',
    shapes: [[3, 3, 4]],
    separators: ' -',
    check: { name: 'NHS mod 11', valid: nhsMod11 },
    context: contextList(['nhs', 'nhs number', 'national health', 'health service', 'patient']),
    formattedAlone: false,
  },
  {
    type: 'CA_SIN',
    id: 'ca-sin',
    shapes: [[3, 3, 3]],
    separators: ' -',
    check: { name: 'Luhn', valid: (d) => d[0] !== '0' && d[0] !== '8' && luhn(d) },
    context: contextList(['sin', 'social insurance', 'social insurance number', 'nas']),
    formattedAlone: false,
  },
  {
    type: 'AU_TFN',
    id: 'au-tfn',
    shapes: [
      [3, 3, 3],
      [3, 3, 2],
    ],
    separators: ' -',
    check: { name: 'TFN mod 11', valid: auTfn },
    context: contextList(['tfn', 'tax file', 'tax file number']),
    formattedAlone: false,
  },
  {
    type: 'AU_MEDICARE',
    id: 'au-medicare',
    shapes: [
      [4, 5, 1],
      [4, 5, 1, 1],
    ],
    separators: ' -',
    check: { name: 'Medicare', valid: auMedicare },
    context: contextList(['medicare', 'medicare card', 'medicare number']),
    formattedAlone: false,
  },
  {
    type: 'IN_AADHAAR',
    id: 'in-aadhaar',
    shapes: [[4, 4, 4]],
    separators: ' -',
    check: { name: 'Verhoeff', valid: (d) => d[0] !== '0' && d[0] !== '1' && verhoeff(d) },
    context: contextList(['aadhaar', 'aadhar', 'uidai', 'uid']),
    formattedAlone: true,
  },
  {
    type: 'PH_PHILSYS',
    id: 'ph-philsys',
    shapes: [[4, 4, 4, 4]],
    separators: ' -',
    check: undefined,
    context: contextList(['philsys', 'philid', 'psn', 'pcn', 'national id', 'phil id']),
    formattedAlone: false,
  },
  {
    type: 'PH_TIN',
    id: 'ph-tin',
    shapes: [
      [3, 3, 3, 3],
      [3, 3, 3],
    ],
    separators: '-',
    check: undefined,
    context: contextList(['tin', 'bir', 'tax identification', 'taxpayer identification']),
    formattedAlone: false,
  },
];

/**
 * Per spec (same order as NUMERIC_IDS), the lengths a run's first group can have for one of its shapes to match
 * (the shape's first group, or the whole value unbroken), as a bit set: most runs are turned away with one test
 * instead of a matchShape each. ANY_FIRST_GROUP is their union, for runs no spec can match.
 */
const FIRST_GROUP_LENGTHS: readonly number[] = NUMERIC_IDS.map((spec) => {
  let bits = 0;
  for (const shape of spec.shapes) {
    bits |= 1 << shape[0]!;
    bits |= 1 << shape.reduce((sum, length) => sum + length, 0);
  }
  return bits;
});
const ANY_FIRST_GROUP = FIRST_GROUP_LENGTHS.reduce((all, bits) => all | bits, 0);

function emitNumericId(spec: NumericIdSpec, run: NumericRun, scan: ScanContext): void {
  for (const shape of spec.shapes) {
    const match = matchShape(scan.text, run, shape, spec.separators);
    if (!match) continue;
    if (spec.check && !spec.check.valid(match.digits)) continue;
    const formatted = match.kind === 'formatted';
    scan.emit({
      type: spec.type,
      start: run.groupStarts[0]!,
      end: match.end,
      detector: spec.id,
      base: formatted ? 0.5 : 0.4,
      checksum: spec.check?.name,
      context: spec.context,
      needsContext: !(formatted && spec.formattedAlone),
      contextGiven: undefined,
      negativeApplies: true,
    });
    return;
  }
}

export const numericNationalIds: NumberDetector = {
  kind: 'number',
  id: 'national-ids',
  types: NUMERIC_IDS.map((spec) => spec.type),
  minDigits: 8,
  onNumber(run, scan) {
    if (inUrl(scan.text, run.start) || run.plus || run.paren) return;
    const first = run.groupEnds[0]! - run.groupStarts[0]!;
    if (first > 30) return;
    const bit = 1 << first;
    if ((ANY_FIRST_GROUP & bit) === 0) return;
    for (let k = 0; k < NUMERIC_IDS.length; k++) {
      if ((FIRST_GROUP_LENGTHS[k]! & bit) !== 0) emitNumericId(NUMERIC_IDS[k]!, run, scan);
    }
  },
};

const CPF_CONTEXT = contextList(['cpf', 'cadastro', 'contribuinte']);

/** Brazilian CPF: "123.456.789-09" is distinctive; 11 plain digits need the word "CPF". */
export const brazilCpf: NumberDetector = {
  kind: 'number',
  id: 'br-cpf',
  minDigits: 11,
  types: ['BR_CPF'],
  onNumber(run, scan) {
    if (inUrl(scan.text, run.start) || run.plus || run.paren) return;
    const text = scan.text;
    let end = -1;
    let formatted = false;
    const starts = run.groupStarts;
    const ends = run.groupEnds;
    if (
      starts.length >= 4 &&
      ends[0]! - starts[0]! === 3 &&
      ends[1]! - starts[1]! === 3 &&
      ends[2]! - starts[2]! === 3 &&
      ends[3]! - starts[3]! === 2 &&
      run.seps[0] === '.' &&
      run.seps[1] === '.' &&
      run.seps[2] === '-' &&
      endsCleanly(run, 4) &&
      run.seps[3] !== '-' &&
      run.seps[3] !== '.'
    ) {
      end = ends[3]!;
      formatted = true;
    } else if (ends[0]! - starts[0]! === 11 && endsCleanly(run, 1)) {
      end = ends[0]!;
    }
    if (end < 0) return;
    const digits = formatted ? groupDigits(text, run, 0, 4) : text.slice(run.groupStarts[0], end);
    if (!brCpf(digits)) return;
    scan.emit({
      type: 'BR_CPF',
      start: run.groupStarts[0]!,
      end,
      detector: 'br-cpf',
      base: formatted ? 0.5 : 0.4,
      checksum: 'CPF mod 11',
      context: CPF_CONTEXT,
      needsContext: !formatted,
      contextGiven: undefined,
      negativeApplies: true,
    });
  },
};

const NINO_CONTEXT = contextList(['national insurance', 'ni', 'nino', 'ni number', 'insurance number']);
const PAN_CONTEXT = contextList(['pan', 'pan card', 'permanent account', 'income tax']);
const NIF_CONTEXT = contextList(['nif', 'nie', 'dni', 'documento', 'identidad', 'tax id']);
const FISCAL_CONTEXT = contextList(['codice fiscale', 'fiscal code', 'codice', 'cf']);
const CURP_CONTEXT = contextList(['curp']);
const NRIC_CONTEXT = contextList(['nric', 'fin', 'ic', 'identity card']);

/** Great Britain National Insurance number: two letters (some pairs never issued), six digits, A–D. */
const NINO = /[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/iy;
const isLetter = (code: number) => (code | 32) >= 97 && (code | 32) <= 122;
const NINO_NEVER_ISSUED = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);
const PAN = /^[A-Z]{3}[ABCFGHLJPTK][A-Z]\d{4}[A-Z]$/;
/**
 * A Spanish NIF or NIE as people type it: "12345678Z", "x1234567l", "12345678-Z", "X-1234567-L", and the DNI
 * number without its leading zero ("1234567L"). Read at the value's start, upper or lower case.
 */
const NIF_FORM = /([XYZ][- ]?)?(\d{7,8})-?([A-Z])(?![A-Za-z0-9])/iy;

function emitId(
  scan: ScanContext,
  token: Token,
  type: PiiType,
  id: string,
  context: ContextList,
  base: number,
  checksum?: string,
): void {
  scan.emit({
    type,
    start: token.start,
    end: token.end,
    detector: id,
    base,
    checksum,
    context,
    needsContext: false,
    contextGiven: undefined,
    negativeApplies: true,
  });
}

export const alphanumericNationalIds: TokenDetector = {
  kind: 'token',
  id: 'national-ids',
  types: ['UK_NINO', 'IN_PAN', 'ES_NIF', 'IT_FISCAL_CODE', 'MX_CURP', 'SG_NRIC_FIN'],
  // From a NINO's two letters ("AB 12 34 56 C") to a CURP's eighteen characters.
  minLength: 2,
  maxLength: 18,
  onToken(token, scan) {
    const value = token.value;
    const length = value.length;
    // A NINO starts with two letters: "v2", "12th" and most other short words stop at the first test.
    if (
      (length === 2 || length === 9) &&
      isLetter(value.charCodeAt(0)) &&
      isLetter(value.charCodeAt(1)) &&
      !NINO_NEVER_ISSUED.has(value.slice(0, 2).toUpperCase())
    ) {
      NINO.lastIndex = token.start;
      if (NINO.test(scan.text)) {
        // Typed in lower case with spaces ("ab 12 34 56 c"), it reads like words and numbers: only beside its label.
        const spacedLower = length === 2 && value.charCodeAt(0) >= 97;
        scan.emit({
          type: 'UK_NINO',
          start: token.start,
          end: NINO.lastIndex,
          detector: 'uk-nino',
          base: 0.6,
          checksum: undefined,
          context: NINO_CONTEXT,
          needsContext: spacedLower,
          contextGiven: undefined,
          negativeApplies: true,
        });
        return;
      }
    }
    if (token.digits === 0) return;
    if ((length === 8 || length === 9) && spanishNifAt(scan, token.start)) return;
    if (length === 9) {
      if (sgNricFin(value))
        emitId(scan, token, 'SG_NRIC_FIN', 'sg-nric-fin', NRIC_CONTEXT, 0.5, 'NRIC check letter');
    } else if (length === 10 && PAN.test(value)) {
      emitId(scan, token, 'IN_PAN', 'in-pan', PAN_CONTEXT, 0.6);
    } else if (length === 16 && itFiscalCode(value)) {
      emitId(
        scan,
        token,
        'IT_FISCAL_CODE',
        'it-fiscal-code',
        FISCAL_CONTEXT,
        0.5,
        'codice fiscale check letter',
      );
    } else if (length === 18 && mxCurp(value)) {
      emitId(scan, token, 'MX_CURP', 'mx-curp', CURP_CONTEXT, 0.5, 'CURP check digit');
    }
  },
};

/**
 * A Spanish NIF/NIE in any of the forms NIF_FORM reads, starting at `start` (its check letter decides). True when
 * one was reported.
 */
function spanishNifAt(scan: ScanContext, start: number): boolean {
  NIF_FORM.lastIndex = start;
  const form = NIF_FORM.exec(scan.text);
  if (!form) return false;
  const prefix = form[1]?.[0]?.toUpperCase() ?? '';
  const digits = form[2]!;
  // An NIE has seven digits after its letter; a DNI eight, or seven when its leading zero was left out.
  if (prefix && digits.length !== 7) return false;
  const value = `${prefix}${prefix ? digits : digits.padStart(8, '0')}${form[3]!.toUpperCase()}`;
  if (!esNif(value)) return false;
  scan.emit({
    type: 'ES_NIF',
    start,
    end: NIF_FORM.lastIndex,
    detector: 'es-nif',
    base: 0.5,
    checksum: 'NIF letter',
    context: NIF_CONTEXT,
    needsContext: false,
    contextGiven: undefined,
    negativeApplies: true,
  });
  return true;
}

/**
 * NIFs the token detector cannot see whole: "12345678-Z" (the digits are a number, the letter a word of its own)
 * and "X-1234567-L" (the prefix letter is a word without a digit).
 */
export const spanishNifFromNumber: NumberDetector = {
  kind: 'number',
  id: 'es-nif',
  types: ['ES_NIF'],
  minDigits: 7,
  onNumber(run, scan) {
    if (run.plus || run.paren || run.gluedToWord || run.groupStarts.length !== 1) return;
    const length = run.groupEnds[0]! - run.groupStarts[0]!;
    if (length !== 7 && length !== 8) return;
    const text = scan.text;
    const after = text.charCodeAt(run.groupEnds[0]!);
    // Only where the letter is set apart: "12345678Z" is a word, which the token detector reads.
    if (after !== 45) return;
    // "X-1234567-L", "x 1234567-l": the NIE letter before the digits.
    const letter = run.groupStarts[0]! - 2;
    const prefixed =
      (run.before === '-' || run.before === ' ') &&
      'XYZxyz'.includes(text[letter] ?? '#') &&
      !isLetter(text.charCodeAt(letter - 1)) &&
      !(text.charCodeAt(letter - 1) >= 48 && text.charCodeAt(letter - 1) <= 57);
    if (prefixed && spanishNifAt(scan, letter)) return;
    spanishNifAt(scan, run.groupStarts[0]!);
  },
};

const AADHAAR_CONTEXT = contextList(['aadhaar', 'aadhar', 'uidai', 'uid']);
const AADHAAR_COLONS = /\d{4}:\d{4}:\d{4}(?![\d:])/y;

/** "2345:6789:0123": an Aadhaar written with colons, which the scanner does not read as one number. */
export const aadhaarWithColons: NumberDetector = {
  kind: 'number',
  id: 'in-aadhaar',
  types: ['IN_AADHAAR'],
  minDigits: 4,
  onNumber(run, scan) {
    const start = run.groupStarts[0]!;
    if (run.plus || run.paren || run.groupEnds[0]! - start !== 4) return;
    if (scan.text.charCodeAt(start + 4) !== 58 || inUrl(scan.text, run.start)) return;
    AADHAAR_COLONS.lastIndex = start;
    if (!AADHAAR_COLONS.test(scan.text)) return;
    const digits = scan.text.slice(start, start + 14).replaceAll(':', '');
    if (digits[0] === '0' || digits[0] === '1' || !verhoeff(digits)) return;
    scan.emit({
      type: 'IN_AADHAAR',
      start,
      end: start + 14,
      detector: 'in-aadhaar',
      base: 0.5,
      checksum: 'Verhoeff',
      context: AADHAAR_CONTEXT,
      needsContext: false,
      contextGiven: undefined,
      negativeApplies: true,
    });
  },
};
