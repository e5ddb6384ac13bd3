/**
 * Check-digit algorithms shared by the detectors. Every function takes the identifier's significant characters
 * only (separators already removed) and answers "is this a well-formed identifier", never throws.
 *
 * A passed checksum is what separates a card number from a 16-digit invoice number, so these carry most of the
 * detectors' precision; each one is tested against published valid and invalid examples.
 */
import { countrySpecs, isValidIBAN } from 'ibantools';

const ZERO = 48;

function digitAt(value: string, index: number): number {
  return value.charCodeAt(index) - ZERO;
}

function allDigits(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const d = digitAt(value, i);
    if (d < 0 || d > 9) return false;
  }
  return value.length > 0;
}

/** Luhn (mod 10): payment cards, Canadian SIN. */
export function luhn(digits: string): boolean {
  if (!allDigits(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digitAt(digits, i);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Weighted sum of digits; the shape most national check digits share. */
function weightedSum(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += digitAt(digits, i) * (weights[i] ?? 0);
  return sum;
}

// The weights, built once (not an array literal per call: these run for every candidate number).
const ABA_WEIGHTS: readonly number[] = [3, 7, 1, 3, 7, 1, 3, 7, 1];
const NHS_WEIGHTS: readonly number[] = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const TFN_WEIGHTS_9: readonly number[] = [1, 4, 3, 7, 5, 8, 6, 9, 10];
const TFN_WEIGHTS_8: readonly number[] = [10, 7, 8, 4, 6, 3, 5, 1];
const MEDICARE_WEIGHTS: readonly number[] = [1, 3, 7, 9, 1, 3, 7, 9];

/** ABA routing transit number: 3-7-1 weights, mod 10. */
export function abaRouting(digits: string): boolean {
  if (digits.length !== 9 || !allDigits(digits)) return false;
  // The first two digits are a Federal Reserve district: 00-12, 21-32, 61-72 or 80.
  const prefix = digitAt(digits, 0) * 10 + digitAt(digits, 1);
  const district =
    prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  return district && weightedSum(digits, ABA_WEIGHTS) % 10 === 0;
}

/** UK NHS number: weights 10..2, mod 11; a remainder giving 10 is never issued. */
export function nhsMod11(digits: string): boolean {
  if (digits.length !== 10 || !allDigits(digits)) return false;
  const check = 11 - (weightedSum(digits, NHS_WEIGHTS) % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === digitAt(digits, 9);
}

/** Australian Tax File Number (8 or 9 digits), weighted mod 11. */
export function auTfn(digits: string): boolean {
  if (!allDigits(digits)) return false;
  if (digits.length === 9) return weightedSum(digits, TFN_WEIGHTS_9) % 11 === 0;
  if (digits.length === 8) return weightedSum(digits, TFN_WEIGHTS_8) % 11 === 0;
  return false;
}

/** Australian Medicare card number: 10 digits (11 with the issue number), first digit 2-6, 9th is the check. */
export function auMedicare(digits: string): boolean {
  if ((digits.length !== 10 && digits.length !== 11) || !allDigits(digits)) return false;
  const first = digitAt(digits, 0);
  if (first < 2 || first > 6) return false;
  return weightedSum(digits, MEDICARE_WEIGHTS) % 10 === digitAt(digits, 8);
}

const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Verhoeff: Indian Aadhaar. */
export function verhoeff(digits: string): boolean {
  if (!allDigits(digits)) return false;
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digitAt(digits, digits.length - 1 - i);
    c = VERHOEFF_D[c]?.[VERHOEFF_P[i % 8]?.[d] ?? 0] ?? 0;
  }
  return c === 0;
}

/** Computes the Verhoeff check digit for a payload (used to build synthetic test values). */
export function verhoeffCheckDigit(payload: string): number {
  for (let d = 0; d <= 9; d++) if (verhoeff(payload + d)) return d;
  return -1;
}

/** Brazilian CPF: two mod-11 check digits; repeated digits (111.111.111-11) are invalid. */
export function brCpf(digits: string): boolean {
  if (digits.length !== 11 || !allDigits(digits) || allSame(digits)) return false;
  return cpfCheck(digits, 9) === digitAt(digits, 9) && cpfCheck(digits, 10) === digitAt(digits, 10);
}

/** /^(\d)\1+$/ without a RegExp. */
function allSame(digits: string): boolean {
  for (let i = 1; i < digits.length; i++) if (digits.charCodeAt(i) !== digits.charCodeAt(0)) return false;
  return true;
}

/** The CPF check digit over the first `length` digits. */
function cpfCheck(digits: string, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += digitAt(digits, i) * (length + 1 - i);
  const rest = (sum * 10) % 11;
  return rest === 10 ? 0 : rest;
}

const NIF_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI/NIF (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter). */
export function esNif(value: string): boolean {
  const upper = value.toUpperCase();
  const prefix = 'XYZ'.indexOf(upper[0] ?? '');
  const number = prefix >= 0 ? `${prefix}${upper.slice(1, 8)}` : upper.slice(0, 8);
  if (upper.length !== 9 || !allDigits(number)) return false;
  return NIF_LETTERS[Number(number) % 23] === upper[8];
}

const IT_ODD: Record<string, number> = {};
{
  const oddValues = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
  ];
  for (let i = 0; i < 26; i++) {
    IT_ODD[String.fromCharCode(65 + i)] = oddValues[i] ?? 0;
    if (i < 10) IT_ODD[String(i)] = oddValues[i] ?? 0;
  }
}

function itEven(char: string): number {
  const code = char.charCodeAt(0);
  return code <= 57 ? code - ZERO : code - 65;
}

/** Italian codice fiscale: 16 characters, the last a check letter over odd/even position tables. */
export function itFiscalCode(value: string): boolean {
  const upper = value.toUpperCase();
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(upper)) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const char = upper[i] ?? '';
    // Positions are 1-based in the specification, so index 0 is "odd".
    sum += i % 2 === 0 ? (IT_ODD[char] ?? 0) : itEven(char);
  }
  return String.fromCharCode(65 + (sum % 26)) === upper[15];
}

const CURP_ALPHABET = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';

/** Mexican CURP: 18 characters, the last a mod-10 check digit over the first 17. */
export function mxCurp(value: string): boolean {
  const upper = value.toUpperCase();
  if (!/^[A-Z][AEIOUX][A-Z]{2}\d{6}[HMX][A-Z]{2}[B-DF-HJ-NP-TV-Z]{3}[A-Z0-9]\d$/.test(upper)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CURP_ALPHABET.indexOf(upper[i] ?? '') * (18 - i);
  return (10 - (sum % 10)) % 10 === digitAt(upper, 17);
}

/** Singapore NRIC/FIN: prefix S/T/F/G/M, 7 digits, check letter. */
export function sgNricFin(value: string): boolean {
  const upper = value.toUpperCase();
  if (!/^[STFGM]\d{7}[A-Z]$/.test(upper)) return false;
  const prefix = upper[0];
  let sum = weightedSum(upper.slice(1, 8), [2, 7, 6, 5, 4, 3, 2]);
  if (prefix === 'T' || prefix === 'G') sum += 4;
  if (prefix === 'M') sum += 3;
  const remainder = sum % 11;
  const table =
    prefix === 'S' || prefix === 'T' ? 'JZIHGFEDCBA' : prefix === 'M' ? 'KLJNPQRTUWX' : 'XWUTRQPNMLK';
  const index = prefix === 'M' ? 10 - remainder : remainder;
  return table[index] === upper[8];
}

/** IBAN: per-country length and structure plus mod 97, via ibantools. Expects the electronic format. */
export function iban(value: string): boolean {
  const upper = value.toUpperCase();
  // ibantools' own first test, without the RegExp it builds per call: the country's IBAN length.
  if (countrySpecs[upper.slice(0, 2)]?.chars !== upper.length) return false;
  return isValidIBAN(upper);
}

/** ISO 7064 mod 97-10 over an alphanumeric string (letters count A=10 … Z=35). */
export function mod97(value: string): number {
  let remainder = 0;
  for (const char of value.toUpperCase()) {
    const code = char.charCodeAt(0);
    const chunk = code >= 65 ? String(code - 55) : char;
    for (const digit of chunk) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

// ---- Hashes used by cryptocurrency address checksums (synchronous, so detection stays synchronous) ----

const SHA256_K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const SHA256_INIT = new Int32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
// Scratch state, allocated once: Base58Check runs the hash twice per candidate address.
const SHA256_H = new Int32Array(8);
const SHA256_W = new Int32Array(64);

/** SHA-256 of a byte array (synchronous; only used on the ~25 bytes of a Bitcoin address payload). */
export function sha256(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(Math.ceil((bytes.length + 9) / 64) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const high = Math.floor(bitLength / 2 ** 32);
  const low = bitLength >>> 0;
  for (let k = 0; k < 4; k++) {
    padded[padded.length - 1 - k] = (low >>> (8 * k)) & 0xff;
    padded[padded.length - 5 - k] = (high >>> (8 * k)) & 0xff;
  }
  const h = SHA256_H;
  h.set(SHA256_INIT);
  const w = SHA256_W;
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const at = offset + i * 4;
      w[i] = (padded[at]! << 24) | (padded[at + 1]! << 16) | (padded[at + 2]! << 8) | padded[at + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15]!;
      const b = w[i - 2]!;
      const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
      const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const sigma1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + sigma1 + ((e & f) ^ (~e & g)) + SHA256_K[i]! + w[i]!) | 0;
      const sigma0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (sigma0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = h[0]! + a;
    h[1] = h[1]! + b;
    h[2] = h[2]! + c;
    h[3] = h[3]! + d;
    h[4] = h[4]! + e;
    h[5] = h[5]! + f;
    h[6] = h[6]! + g;
    h[7] = h[7]! + hh;
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    const word = h[i]!;
    out[i * 4] = (word >>> 24) & 0xff;
    out[i * 4 + 1] = (word >>> 16) & 0xff;
    out[i * 4 + 2] = (word >>> 8) & 0xff;
    out[i * 4 + 3] = word & 0xff;
  }
  return out;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BASE58_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE58.length; i++) BASE58_VALUE[BASE58.charCodeAt(i)] = i;

/** Decodes Base58 (Bitcoin alphabet); undefined on a character outside the alphabet. */
export function base58Decode(value: string): Uint8Array | undefined {
  // Every Base58 character carries log2(58) < 6 bits: the decoded size is bounded by 3/4 of the length, plus one.
  const bytes = new Uint8Array(Math.ceil((value.length * 3) / 4) + 1);
  let length = 0;
  for (let c = 0; c < value.length; c++) {
    const code = value.charCodeAt(c);
    let carry = code < 128 ? BASE58_VALUE[code]! : -1;
    if (carry < 0) return undefined;
    for (let i = 0; i < length; i++) {
      carry += bytes[i]! * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes[length++] = carry & 0xff;
      carry >>= 8;
    }
  }
  for (let i = 0; i < value.length && value.charCodeAt(i) === 49; i++) bytes[length++] = 0;
  return bytes.subarray(0, length).reverse();
}

/** Base58Check: the last 4 bytes are the first 4 of the double SHA-256 of the rest. */
export function base58Check(value: string): boolean {
  return base58CheckPayload(value) !== undefined;
}

/** The decoded bytes (version byte first, checksum included) of a valid Base58Check string, else undefined. */
export function base58CheckPayload(value: string): Uint8Array | undefined {
  const bytes = base58Decode(value);
  if (!bytes || bytes.length < 5) return undefined;
  const hash = sha256(sha256(bytes.subarray(0, bytes.length - 4)));
  for (let i = 0; i < 4; i++) if (hash[i] !== bytes[bytes.length - 4 + i]) return undefined;
  return bytes;
}

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/** Bech32 / Bech32m checksum (BIP 173 / BIP 350) for a lowercase or uppercase address. */
export function bech32(value: string): boolean {
  const lower = value.toLowerCase();
  if (lower !== value && value.toUpperCase() !== value) return false;
  const separator = lower.lastIndexOf('1');
  if (separator < 1 || separator + 7 > lower.length || lower.length > 90) return false;
  const hrp = lower.slice(0, separator);
  const data: number[] = [];
  for (const char of lower.slice(separator + 1)) {
    const v = BECH32.indexOf(char);
    if (v < 0) return false;
    data.push(v);
  }
  const generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  const step = (v: number) => {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= generator[i] ?? 0;
  };
  for (const char of hrp) step(char.charCodeAt(0) >>> 5);
  step(0);
  for (const char of hrp) step(char.charCodeAt(0) & 31);
  for (const v of data) step(v);
  return chk === 1 || chk === 0x2bc830a3;
}

// Keccak-f[1600] on 32-bit halves (no BigInt): EIP-55 checksums of Ethereum addresses need Keccak-256.
const KECCAK_RC = [
  [0x00000001, 0x00000000],
  [0x00008082, 0x00000000],
  [0x0000808a, 0x80000000],
  [0x80008000, 0x80000000],
  [0x0000808b, 0x00000000],
  [0x80000001, 0x00000000],
  [0x80008081, 0x80000000],
  [0x00008009, 0x80000000],
  [0x0000008a, 0x00000000],
  [0x00000088, 0x00000000],
  [0x80008009, 0x00000000],
  [0x8000000a, 0x00000000],
  [0x8000808b, 0x00000000],
  [0x0000008b, 0x80000000],
  [0x00008089, 0x80000000],
  [0x00008003, 0x80000000],
  [0x00008002, 0x80000000],
  [0x00000080, 0x80000000],
  [0x0000800a, 0x00000000],
  [0x8000000a, 0x80000000],
  [0x80008081, 0x80000000],
  [0x00008080, 0x80000000],
  [0x80000001, 0x00000000],
  [0x80008008, 0x80000000],
] as const;
// Rotation of lane x + 5y (rho), used by the generated code below:
//   0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14.

// Round constants as two 32-bit halves; the permutation below is unrolled over the 25 lanes, kept in locals.
const RC_LO = Int32Array.from(KECCAK_RC, ([rcLo]) => rcLo);
const RC_HI = Int32Array.from(KECCAK_RC, ([, rcHi]) => rcHi);

// Generated (lanes a{x + 5y}, rotations above, pi: lane x + 5y moves to y + 5((2x + 3y) mod 5)).
function keccakF(lo: Int32Array, hi: Int32Array): void {
  let a0l = lo[0]!;
  let a0h = hi[0]!;
  let a1l = lo[1]!;
  let a1h = hi[1]!;
  let a2l = lo[2]!;
  let a2h = hi[2]!;
  let a3l = lo[3]!;
  let a3h = hi[3]!;
  let a4l = lo[4]!;
  let a4h = hi[4]!;
  let a5l = lo[5]!;
  let a5h = hi[5]!;
  let a6l = lo[6]!;
  let a6h = hi[6]!;
  let a7l = lo[7]!;
  let a7h = hi[7]!;
  let a8l = lo[8]!;
  let a8h = hi[8]!;
  let a9l = lo[9]!;
  let a9h = hi[9]!;
  let a10l = lo[10]!;
  let a10h = hi[10]!;
  let a11l = lo[11]!;
  let a11h = hi[11]!;
  let a12l = lo[12]!;
  let a12h = hi[12]!;
  let a13l = lo[13]!;
  let a13h = hi[13]!;
  let a14l = lo[14]!;
  let a14h = hi[14]!;
  let a15l = lo[15]!;
  let a15h = hi[15]!;
  let a16l = lo[16]!;
  let a16h = hi[16]!;
  let a17l = lo[17]!;
  let a17h = hi[17]!;
  let a18l = lo[18]!;
  let a18h = hi[18]!;
  let a19l = lo[19]!;
  let a19h = hi[19]!;
  let a20l = lo[20]!;
  let a20h = hi[20]!;
  let a21l = lo[21]!;
  let a21h = hi[21]!;
  let a22l = lo[22]!;
  let a22h = hi[22]!;
  let a23l = lo[23]!;
  let a23h = hi[23]!;
  let a24l = lo[24]!;
  let a24h = hi[24]!;
  for (let round = 0; round < 24; round++) {
    // Theta.
    const c0l = a0l ^ a5l ^ a10l ^ a15l ^ a20l;
    const c0h = a0h ^ a5h ^ a10h ^ a15h ^ a20h;
    const c1l = a1l ^ a6l ^ a11l ^ a16l ^ a21l;
    const c1h = a1h ^ a6h ^ a11h ^ a16h ^ a21h;
    const c2l = a2l ^ a7l ^ a12l ^ a17l ^ a22l;
    const c2h = a2h ^ a7h ^ a12h ^ a17h ^ a22h;
    const c3l = a3l ^ a8l ^ a13l ^ a18l ^ a23l;
    const c3h = a3h ^ a8h ^ a13h ^ a18h ^ a23h;
    const c4l = a4l ^ a9l ^ a14l ^ a19l ^ a24l;
    const c4h = a4h ^ a9h ^ a14h ^ a19h ^ a24h;
    const d0l = c4l ^ ((c1l << 1) | (c1h >>> 31));
    const d0h = c4h ^ ((c1h << 1) | (c1l >>> 31));
    const d1l = c0l ^ ((c2l << 1) | (c2h >>> 31));
    const d1h = c0h ^ ((c2h << 1) | (c2l >>> 31));
    const d2l = c1l ^ ((c3l << 1) | (c3h >>> 31));
    const d2h = c1h ^ ((c3h << 1) | (c3l >>> 31));
    const d3l = c2l ^ ((c4l << 1) | (c4h >>> 31));
    const d3h = c2h ^ ((c4h << 1) | (c4l >>> 31));
    const d4l = c3l ^ ((c0l << 1) | (c0h >>> 31));
    const d4h = c3h ^ ((c0h << 1) | (c0l >>> 31));
    // Theta applied, then rho (rotation) and pi (lane i moves to PI_DEST[i]).
    const t0l = a0l ^ d0l;
    const t0h = a0h ^ d0h;
    const b0l = t0l;
    const b0h = t0h;
    const t5l = a5l ^ d0l;
    const t5h = a5h ^ d0h;
    const b16l = (t5h << 4) | (t5l >>> 28);
    const b16h = (t5l << 4) | (t5h >>> 28);
    const t10l = a10l ^ d0l;
    const t10h = a10h ^ d0h;
    const b7l = (t10l << 3) | (t10h >>> 29);
    const b7h = (t10h << 3) | (t10l >>> 29);
    const t15l = a15l ^ d0l;
    const t15h = a15h ^ d0h;
    const b23l = (t15h << 9) | (t15l >>> 23);
    const b23h = (t15l << 9) | (t15h >>> 23);
    const t20l = a20l ^ d0l;
    const t20h = a20h ^ d0h;
    const b14l = (t20l << 18) | (t20h >>> 14);
    const b14h = (t20h << 18) | (t20l >>> 14);
    const t1l = a1l ^ d1l;
    const t1h = a1h ^ d1h;
    const b10l = (t1l << 1) | (t1h >>> 31);
    const b10h = (t1h << 1) | (t1l >>> 31);
    const t6l = a6l ^ d1l;
    const t6h = a6h ^ d1h;
    const b1l = (t6h << 12) | (t6l >>> 20);
    const b1h = (t6l << 12) | (t6h >>> 20);
    const t11l = a11l ^ d1l;
    const t11h = a11h ^ d1h;
    const b17l = (t11l << 10) | (t11h >>> 22);
    const b17h = (t11h << 10) | (t11l >>> 22);
    const t16l = a16l ^ d1l;
    const t16h = a16h ^ d1h;
    const b8l = (t16h << 13) | (t16l >>> 19);
    const b8h = (t16l << 13) | (t16h >>> 19);
    const t21l = a21l ^ d1l;
    const t21h = a21h ^ d1h;
    const b24l = (t21l << 2) | (t21h >>> 30);
    const b24h = (t21h << 2) | (t21l >>> 30);
    const t2l = a2l ^ d2l;
    const t2h = a2h ^ d2h;
    const b20l = (t2h << 30) | (t2l >>> 2);
    const b20h = (t2l << 30) | (t2h >>> 2);
    const t7l = a7l ^ d2l;
    const t7h = a7h ^ d2h;
    const b11l = (t7l << 6) | (t7h >>> 26);
    const b11h = (t7h << 6) | (t7l >>> 26);
    const t12l = a12l ^ d2l;
    const t12h = a12h ^ d2h;
    const b2l = (t12h << 11) | (t12l >>> 21);
    const b2h = (t12l << 11) | (t12h >>> 21);
    const t17l = a17l ^ d2l;
    const t17h = a17h ^ d2h;
    const b18l = (t17l << 15) | (t17h >>> 17);
    const b18h = (t17h << 15) | (t17l >>> 17);
    const t22l = a22l ^ d2l;
    const t22h = a22h ^ d2h;
    const b9l = (t22h << 29) | (t22l >>> 3);
    const b9h = (t22l << 29) | (t22h >>> 3);
    const t3l = a3l ^ d3l;
    const t3h = a3h ^ d3h;
    const b5l = (t3l << 28) | (t3h >>> 4);
    const b5h = (t3h << 28) | (t3l >>> 4);
    const t8l = a8l ^ d3l;
    const t8h = a8h ^ d3h;
    const b21l = (t8h << 23) | (t8l >>> 9);
    const b21h = (t8l << 23) | (t8h >>> 9);
    const t13l = a13l ^ d3l;
    const t13h = a13h ^ d3h;
    const b12l = (t13l << 25) | (t13h >>> 7);
    const b12h = (t13h << 25) | (t13l >>> 7);
    const t18l = a18l ^ d3l;
    const t18h = a18h ^ d3h;
    const b3l = (t18l << 21) | (t18h >>> 11);
    const b3h = (t18h << 21) | (t18l >>> 11);
    const t23l = a23l ^ d3l;
    const t23h = a23h ^ d3h;
    const b19l = (t23h << 24) | (t23l >>> 8);
    const b19h = (t23l << 24) | (t23h >>> 8);
    const t4l = a4l ^ d4l;
    const t4h = a4h ^ d4h;
    const b15l = (t4l << 27) | (t4h >>> 5);
    const b15h = (t4h << 27) | (t4l >>> 5);
    const t9l = a9l ^ d4l;
    const t9h = a9h ^ d4h;
    const b6l = (t9l << 20) | (t9h >>> 12);
    const b6h = (t9h << 20) | (t9l >>> 12);
    const t14l = a14l ^ d4l;
    const t14h = a14h ^ d4h;
    const b22l = (t14h << 7) | (t14l >>> 25);
    const b22h = (t14l << 7) | (t14h >>> 25);
    const t19l = a19l ^ d4l;
    const t19h = a19h ^ d4h;
    const b13l = (t19l << 8) | (t19h >>> 24);
    const b13h = (t19h << 8) | (t19l >>> 24);
    const t24l = a24l ^ d4l;
    const t24h = a24h ^ d4h;
    const b4l = (t24l << 14) | (t24h >>> 18);
    const b4h = (t24h << 14) | (t24l >>> 18);
    // Chi.
    a0l = b0l ^ (~b1l & b2l);
    a0h = b0h ^ (~b1h & b2h);
    a1l = b1l ^ (~b2l & b3l);
    a1h = b1h ^ (~b2h & b3h);
    a2l = b2l ^ (~b3l & b4l);
    a2h = b2h ^ (~b3h & b4h);
    a3l = b3l ^ (~b4l & b0l);
    a3h = b3h ^ (~b4h & b0h);
    a4l = b4l ^ (~b0l & b1l);
    a4h = b4h ^ (~b0h & b1h);
    a5l = b5l ^ (~b6l & b7l);
    a5h = b5h ^ (~b6h & b7h);
    a6l = b6l ^ (~b7l & b8l);
    a6h = b6h ^ (~b7h & b8h);
    a7l = b7l ^ (~b8l & b9l);
    a7h = b7h ^ (~b8h & b9h);
    a8l = b8l ^ (~b9l & b5l);
    a8h = b8h ^ (~b9h & b5h);
    a9l = b9l ^ (~b5l & b6l);
    a9h = b9h ^ (~b5h & b6h);
    a10l = b10l ^ (~b11l & b12l);
    a10h = b10h ^ (~b11h & b12h);
    a11l = b11l ^ (~b12l & b13l);
    a11h = b11h ^ (~b12h & b13h);
    a12l = b12l ^ (~b13l & b14l);
    a12h = b12h ^ (~b13h & b14h);
    a13l = b13l ^ (~b14l & b10l);
    a13h = b13h ^ (~b14h & b10h);
    a14l = b14l ^ (~b10l & b11l);
    a14h = b14h ^ (~b10h & b11h);
    a15l = b15l ^ (~b16l & b17l);
    a15h = b15h ^ (~b16h & b17h);
    a16l = b16l ^ (~b17l & b18l);
    a16h = b16h ^ (~b17h & b18h);
    a17l = b17l ^ (~b18l & b19l);
    a17h = b17h ^ (~b18h & b19h);
    a18l = b18l ^ (~b19l & b15l);
    a18h = b18h ^ (~b19h & b15h);
    a19l = b19l ^ (~b15l & b16l);
    a19h = b19h ^ (~b15h & b16h);
    a20l = b20l ^ (~b21l & b22l);
    a20h = b20h ^ (~b21h & b22h);
    a21l = b21l ^ (~b22l & b23l);
    a21h = b21h ^ (~b22h & b23h);
    a22l = b22l ^ (~b23l & b24l);
    a22h = b22h ^ (~b23h & b24h);
    a23l = b23l ^ (~b24l & b20l);
    a23h = b23h ^ (~b24h & b20h);
    a24l = b24l ^ (~b20l & b21l);
    a24h = b24h ^ (~b20h & b21h);
    // Iota.
    a0l ^= RC_LO[round]!;
    a0h ^= RC_HI[round]!;
  }
  lo[0] = a0l;
  hi[0] = a0h;
  lo[1] = a1l;
  hi[1] = a1h;
  lo[2] = a2l;
  hi[2] = a2h;
  lo[3] = a3l;
  hi[3] = a3h;
  lo[4] = a4l;
  hi[4] = a4h;
  lo[5] = a5l;
  hi[5] = a5h;
  lo[6] = a6l;
  hi[6] = a6h;
  lo[7] = a7l;
  hi[7] = a7h;
  lo[8] = a8l;
  hi[8] = a8h;
  lo[9] = a9l;
  hi[9] = a9h;
  lo[10] = a10l;
  hi[10] = a10h;
  lo[11] = a11l;
  hi[11] = a11h;
  lo[12] = a12l;
  hi[12] = a12h;
  lo[13] = a13l;
  hi[13] = a13h;
  lo[14] = a14l;
  hi[14] = a14h;
  lo[15] = a15l;
  hi[15] = a15h;
  lo[16] = a16l;
  hi[16] = a16h;
  lo[17] = a17l;
  hi[17] = a17h;
  lo[18] = a18l;
  hi[18] = a18h;
  lo[19] = a19l;
  hi[19] = a19h;
  lo[20] = a20l;
  hi[20] = a20h;
  lo[21] = a21l;
  hi[21] = a21h;
  lo[22] = a22l;
  hi[22] = a22h;
  lo[23] = a23l;
  hi[23] = a23h;
  lo[24] = a24l;
  hi[24] = a24h;
}

const KECCAK_LO = new Int32Array(25);
const KECCAK_HI = new Int32Array(25);

/** Keccak-256 (the pre-standard padding Ethereum uses) of a short ASCII string (at most 135 characters). */
export function keccak256(ascii: string): Uint8Array {
  const rate = 136;
  if (ascii.length >= rate) throw new RangeError('keccak256 here hashes single-block inputs only');
  const lo = KECCAK_LO.fill(0);
  const hi = KECCAK_HI.fill(0);
  const byteAt = (i: number) =>
    (i < ascii.length ? ascii.charCodeAt(i) & 0xff : 0) ^
    (i === ascii.length ? 0x01 : 0) ^
    (i === rate - 1 ? 0x80 : 0);
  for (let lane = 0; lane < rate / 8; lane++) {
    const b = lane * 8;
    lo[lane] = byteAt(b) | (byteAt(b + 1) << 8) | (byteAt(b + 2) << 16) | (byteAt(b + 3) << 24);
    hi[lane] = byteAt(b + 4) | (byteAt(b + 5) << 8) | (byteAt(b + 6) << 16) | (byteAt(b + 7) << 24);
  }
  keccakF(lo, hi);
  const out = new Uint8Array(32);
  for (let lane = 0; lane < 4; lane++) {
    for (let k = 0; k < 4; k++) {
      out[lane * 8 + k] = (lo[lane]! >>> (8 * k)) & 0xff;
      out[lane * 8 + 4 + k] = (hi[lane]! >>> (8 * k)) & 0xff;
    }
  }
  return out;
}

/** EIP-55 mixed-case checksum of an Ethereum address (`0x` + 40 hex digits). */
export function eip55(address: string): boolean {
  const hex = address.slice(2);
  const hash = keccak256(hex.toLowerCase());
  for (let i = 0; i < 40; i++) {
    const char = hex[i] ?? '';
    if (char >= '0' && char <= '9') continue;
    const nibble = ((hash[i >> 1] ?? 0) >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    if (nibble >= 8 !== (char >= 'A' && char <= 'F')) return false;
  }
  return true;
}
