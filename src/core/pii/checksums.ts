/**
 * Check-digit algorithms shared by the detectors. Every function takes the identifier's significant characters
 * only (separators already removed) and answers "is this a well-formed identifier", never throws.
 *
 * A passed checksum is what separates a card number from a 16-digit invoice number, so these carry most of the
 * detectors' precision; each one is tested against published valid and invalid examples.
 */
import { isValidIBAN } from 'ibantools';

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

/** ABA routing transit number: 3-7-1 weights, mod 10. */
export function abaRouting(digits: string): boolean {
  if (digits.length !== 9 || !allDigits(digits)) return false;
  // The first two digits are a Federal Reserve district: 00-12, 21-32, 61-72 or 80.
  const prefix = Number(digits.slice(0, 2));
  const district =
    prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  return district && weightedSum(digits, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0;
}

/** UK NHS number: weights 10..2, mod 11; a remainder giving 10 is never issued. */
export function nhsMod11(digits: string): boolean {
  if (digits.length !== 10 || !allDigits(digits)) return false;
  const check = 11 - (weightedSum(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === digitAt(digits, 9);
}

/** Australian Tax File Number (8 or 9 digits), weighted mod 11. */
export function auTfn(digits: string): boolean {
  if (!allDigits(digits)) return false;
  if (digits.length === 9) return weightedSum(digits, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 === 0;
  if (digits.length === 8) return weightedSum(digits, [10, 7, 8, 4, 6, 3, 5, 1]) % 11 === 0;
  return false;
}

/** Australian Medicare card number: 10 digits (11 with the issue number), first digit 2-6, 9th is the check. */
export function auMedicare(digits: string): boolean {
  if ((digits.length !== 10 && digits.length !== 11) || !allDigits(digits)) return false;
  const first = digitAt(digits, 0);
  if (first < 2 || first > 6) return false;
  return weightedSum(digits, [1, 3, 7, 9, 1, 3, 7, 9]) % 10 === digitAt(digits, 8);
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
  if (digits.length !== 11 || !allDigits(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const check = (length: number) => {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += digitAt(digits, i) * (length + 1 - i);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  return check(9) === digitAt(digits, 9) && check(10) === digitAt(digits, 10);
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
  return isValidIBAN(value.toUpperCase());
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

const SHA256_K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const SHA256_INIT = new Uint32Array([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);
// Scratch state, allocated once: Base58Check runs the hash twice per candidate address.
const SHA256_H = new Uint32Array(8);
const SHA256_W = new Uint32Array(64);

/** SHA-256 of a byte array (synchronous; only used on the ~25 bytes of a Bitcoin address payload). */
export function sha256(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(Math.ceil((bytes.length + 9) / 64) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 4, bitLength >>> 0);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32));
  const h = SHA256_H;
  h.set(SHA256_INIT);
  const w = SHA256_W;
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(offset + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15] ?? 0;
      const b = w[i - 2] ?? 0;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = ((w[i - 16] ?? 0) + s0 + (w[i - 7] ?? 0) + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = [h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!];
    for (let i = 0; i < 64; i++) {
      const t1 =
        (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + SHA256_K[i]! + w[i]!) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    const sums = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = (h[i]! + sums[i]!) >>> 0;
  }
  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(i * 4, h[i]!);
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
const KECCAK_ROT = [
  0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
];

// Scratch state for keccakF, allocated once (the permutation runs 24 rounds per block).
const cLo = new Uint32Array(5);
const cHi = new Uint32Array(5);
const bLo = new Uint32Array(25);
const bHi = new Uint32Array(25);

function keccakF(lo: Uint32Array, hi: Uint32Array): void {
  for (const [rcLo, rcHi] of KECCAK_RC) {
    for (let x = 0; x < 5; x++) {
      cLo[x] = lo[x]! ^ lo[x + 5]! ^ lo[x + 10]! ^ lo[x + 15]! ^ lo[x + 20]!;
      cHi[x] = hi[x]! ^ hi[x + 5]! ^ hi[x + 10]! ^ hi[x + 15]! ^ hi[x + 20]!;
    }
    for (let x = 0; x < 5; x++) {
      const nLo = cLo[(x + 1) % 5]!;
      const nHi = cHi[(x + 1) % 5]!;
      const dLo = cLo[(x + 4) % 5]! ^ ((nLo << 1) | (nHi >>> 31));
      const dHi = cHi[(x + 4) % 5]! ^ ((nHi << 1) | (nLo >>> 31));
      for (let y = 0; y < 25; y += 5) {
        lo[x + y] = lo[x + y]! ^ dLo;
        hi[x + y] = hi[x + y]! ^ dHi;
      }
    }
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        const i = x + 5 * y;
        const r = KECCAK_ROT[i]!;
        const l = lo[i]!;
        const h = hi[i]!;
        let rl = l;
        let rh = h;
        if (r >= 32) {
          rl = (h << (r - 32)) | (l >>> (64 - r));
          rh = (l << (r - 32)) | (h >>> (64 - r));
        } else if (r > 0) {
          rl = (l << r) | (h >>> (32 - r));
          rh = (h << r) | (l >>> (32 - r));
        }
        const j = y + 5 * ((2 * x + 3 * y) % 5);
        bLo[j] = rl;
        bHi[j] = rh;
      }
    }
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        lo[x + y] = bLo[x + y]! ^ (~bLo[((x + 1) % 5) + y]! & bLo[((x + 2) % 5) + y]!);
        hi[x + y] = bHi[x + y]! ^ (~bHi[((x + 1) % 5) + y]! & bHi[((x + 2) % 5) + y]!);
      }
    }
    lo[0] = lo[0]! ^ rcLo;
    hi[0] = hi[0]! ^ rcHi;
  }
}

const KECCAK_LO = new Uint32Array(25);
const KECCAK_HI = new Uint32Array(25);

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
