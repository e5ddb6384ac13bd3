/**
 * What the audit may keep about a finding: its type, score, detector, length and a salted SHA-256 of the value —
 * enough to see that the same card was overridden three times, never enough to read it back. SHA-256 comes from
 * `crypto.subtle` (a global in Node 20 and in browsers); src/core is type-checked without DOM or Node types, so
 * the few members used are declared here.
 */
import type { Finding } from './types.ts';

interface SubtleDigest {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}
declare const crypto: { subtle: SubtleDigest };

/** UTF-8 bytes of a string (TextEncoder is not part of the ECMAScript library this module is checked against). */
export function utf8(value: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
  }
  return Uint8Array.from(bytes);
}

/** Hex SHA-256 of salt + value. The salt is per installation, so hashes cannot be compared across clients. */
export async function saltedHash(value: string, salt: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8(`${salt}\u0000${value}`));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface AuditFields {
  type: string;
  score: number;
  detector: string;
  length: number;
  hash: string;
}

/** The fields the audit records for a finding in `text`. The value itself is hashed here and goes no further. */
export async function auditFields(text: string, finding: Finding, salt: string): Promise<AuditFields> {
  const value = text.slice(finding.start, finding.end);
  return {
    type: finding.type,
    score: finding.score,
    detector: finding.detector,
    length: value.length,
    hash: await saltedHash(value, salt),
  };
}
