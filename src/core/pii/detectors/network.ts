/**
 * IP addresses (v4 from digit runs, v6 from hex groups) and MAC addresses (colon, dash or Cisco-dot notation).
 * Four dotted numbers are also how versions are written, so "version"/"build" before one lowers its score.
 */
import { contextList } from '../context.ts';
import type { NumberDetector, ScanContext, TextDetector, TokenDetector } from './detector.ts';

const IP_CONTEXT = contextList([
  'ip',
  'ips',
  'ipv4',
  'ipv6',
  'address',
  'server',
  'host',
  'router',
  'gateway',
  'vpn',
]);
const MAC_CONTEXT = contextList([
  'mac',
  'mac address',
  'hardware address',
  'device',
  'ethernet',
  'wifi',
  'wi-fi',
]);

export const ipv4Address: NumberDetector = {
  kind: 'number',
  id: 'ip-address',
  types: ['IP_ADDRESS'],
  minDigits: 4,
  onNumber(run, scan) {
    if (run.plus || run.groupStarts.length < 4) return;
    // "(192.168.1.10)": the scanner reads a '(' as a phone's area code; an address has a dot after its first group.
    if (run.paren && run.seps[0] !== '.') return;
    const text = scan.text;
    for (let g = 0; g < 4; g++) {
      if (g < 3 && run.seps[g] !== '.') return;
      const octet = text.slice(run.groupStarts[g], run.groupEnds[g]);
      if (octet.length > 3 || Number(octet) > 255 || (octet.length > 1 && octet[0] === '0')) return;
    }
    let end = run.groupEnds[3]!;
    if (run.seps[3] === '/') {
      // A network block ("192.168.1.0/24") names the customer's network as much as an address does.
      const prefix = text.slice(run.groupStarts[4], run.groupEnds[4]);
      if (run.groupStarts.length !== 5 || run.gluedToWord || prefix.length > 2 || Number(prefix) > 32) return;
      end = run.groupEnds[4]!;
    } else if (run.seps[3] === '.' || (run.groupStarts.length === 4 && run.gluedToWord)) return; // a 5-part version
    scan.emit({
      type: 'IP_ADDRESS',
      start: run.paren ? run.start + 1 : run.start,
      end,
      detector: 'ip-address',
      base: 0.6,
      checksum: undefined,
      context: IP_CONTEXT,
      needsContext: false,
      contextGiven: undefined,
      negativeApplies: true,
    });
  },
};

const HEX = /^[0-9A-Fa-f]{1,4}$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** RFC 4291 text form: eight groups, or fewer with one '::'; the last two may be written as IPv4. */
export function isIPv6(value: string): boolean {
  // Cheap rejection first: "14:22:07" has neither the eight groups nor a '::'.
  let colons = 0;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 58) colons++;
  if (colons < 7 && !value.includes('::')) return false;
  // The halves around '::' and their ':'-separated groups, read as offsets (no substrings).
  const gap = value.indexOf('::');
  if (gap >= 0 && value.indexOf('::', gap + 2) >= 0) return false;
  const halves = gap >= 0 ? 2 : 1;
  const firstEnd = gap >= 0 ? gap : value.length;
  const secondStart = gap >= 0 ? gap + 2 : value.length;
  // The last group overall is in the second half unless that half is empty.
  const lastHalfStart = secondStart < value.length ? secondStart : 0;
  const lastHalfEnd = secondStart < value.length ? value.length : firstEnd;
  let count = 0;
  for (let half = 0; half < halves; half++) {
    const from = half === 0 ? 0 : secondStart;
    const to = half === 0 ? firstEnd : value.length;
    if (from === to) continue; // an empty half has no groups
    let groupStart = from;
    for (let i = from; i <= to; i++) {
      if (i < to && value.charCodeAt(i) !== 58) continue;
      // The group [groupStart, i).
      const last = i === lastHalfEnd && from === lastHalfStart;
      if (last && hasDot(value, groupStart, i)) {
        if (!IPV4.test(value.slice(groupStart, i))) return false;
        count += 2;
      } else if (isHexGroup(value, groupStart, i)) count++;
      else return false;
      groupStart = i + 1;
    }
  }
  // "12:30:45" is a time: demand the full eight groups, or '::' with at least two groups beside it.
  // "::1" (one group after a leading '::', with a digit: "::bad" is a word) is the loopback address.
  if (halves === 2 && count === 1 && gap === 0) return /\d/.test(value);
  return halves === 2 ? count <= 7 && count >= 2 : count === 8;
}

function hasDot(value: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (value.charCodeAt(i) === 46) return true;
  return false;
}

/** HEX: one to four hex digits. */
function isHexGroup(value: string, from: number, to: number): boolean {
  if (to - from < 1 || to - from > 4) return false;
  for (let i = from; i < to; i++) {
    const code = value.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102)))
      return false;
  }
  return true;
}

const MAC_COLON = /[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}(?![\w:-])/y;
const MAC_DASH = /[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}(?![\w:-])/y;
// Dotted: a full stop after it ends the sentence; another group after it makes it something longer.
const MAC_DOT = /[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?!\w|\.\w)/y;
const IPV6_CHARS = /[0-9A-Fa-f:.]{2,45}/y;

/** [0-9A-Fa-f:.] */
function isIpv6Char(code: number): boolean {
  return (
    (code >= 48 && code <= 58) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102) || code === 46
  );
}

function stickyMatch(pattern: RegExp, text: string, start: number): number {
  pattern.lastIndex = start;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/** Offset of a ':' among the `span` characters from `from`, or -1 (bounded: never a search of the whole text). */
function colonWithin(text: string, from: number, span: number): number {
  for (let i = from; i < from + span && i < text.length; i++) if (text.charCodeAt(i) === 58) return i;
  return -1;
}

/** [A-Za-z0-9_] */
function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122) || code === 95;
}

/** "00:00:00:00:00:00" and "FF:FF:FF:FF:FF:FF" are placeholders and the broadcast address, not a device. */
function isPlaceholderMac(text: string, start: number, end: number): boolean {
  let zeros = true;
  let ones = true;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i) | 32;
    if (code === 58 || code === 45 || code === 46) continue; // separators (unchanged by | 32)
    if (code !== 48) zeros = false;
    if (code !== 102) ones = false;
  }
  return zeros || ones;
}

function emitMac(scan: ScanContext, start: number, end: number, base: number): void {
  if (isPlaceholderMac(scan.text, start, end)) return;
  scan.emit({
    type: 'MAC_ADDRESS',
    start,
    end,
    detector: 'mac-address',
    base,
    checksum: undefined,
    context: MAC_CONTEXT,
    needsContext: false,
    contextGiven: undefined,
    negativeApplies: true,
  });
}

/** A MAC address at `start` in any of its notations: true when one was read there (emitted unless a placeholder). */
function macAt(text: string, start: number, scan: ScanContext): boolean {
  const next = text.charCodeAt(start + 2);
  if ((next === 58 || next === 45) && text.charCodeAt(start + 5) === next) {
    const end = Math.max(stickyMatch(MAC_COLON, text, start), stickyMatch(MAC_DASH, text, start));
    if (end > 0) {
      emitMac(scan, start, end, 0.7);
      return true;
    }
  }
  if (text.charCodeAt(start + 4) === 46 && text.charCodeAt(start + 9) === 46) {
    const end = stickyMatch(MAC_DOT, text, start);
    if (end > 0) {
      emitMac(scan, start, end, 0.6);
      return true;
    }
  }
  return false;
}

/** The end of an IPv6 address's network prefix ("/64", at most 128) or zone ("%eth0") after `end`, if any. */
function ipv6Suffix(text: string, end: number): number {
  const mark = text.charCodeAt(end);
  let i = end + 1;
  if (mark === 47) {
    while (i < end + 4 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === end + 1 || Number(text.slice(end + 1, i)) > 128 || isWordCode(text.charCodeAt(i))) return end;
    return i;
  }
  if (mark === 37) {
    while (i < end + 17 && (isWordCode(text.charCodeAt(i)) || text.charCodeAt(i) === 46)) i++;
    while (i > end + 1 && text.charCodeAt(i - 1) === 46) i--;
    return i > end + 1 ? i : end;
  }
  return end;
}

function hexAddressAt(text: string, at: number, scan: ScanContext): void {
  let start = at;
  // "::1", "::ffff:192.0.2.1": the address starts with its '::'.
  if (text.charCodeAt(start - 1) === 58 && text.charCodeAt(start - 2) === 58) start -= 2;
  // Never a piece of something longer: "12345:db8::1" and "2001::db8::1" are not addresses, nor is any part of them.
  const before = text.charCodeAt(start - 1);
  if (isWordCode(before) || before === 58 || before === 46) return;
  if (start === at && macAt(text, start, scan)) return;
  // IPv6 groups are at most four hex digits: a ':' must come within five characters, then another one.
  const colon = colonWithin(text, start, 5);
  if (colon < 0 || colonWithin(text, colon + 1, 5) < 0) return;
  // What IPV6_CHARS would match, read without a match: fewer than seven colons and no '::' (a time, "14:22:07")
  // cannot be an IPv6 address, and trimming the end of the match could not change that.
  let colons = 0;
  let doubleColon = false;
  let end = start;
  while (end < start + 45 && end < text.length && isIpv6Char(text.charCodeAt(end))) {
    if (text.charCodeAt(end) === 58) {
      colons++;
      if (end > start && text.charCodeAt(end - 1) === 58) doubleColon = true;
    }
    end++;
  }
  if (colons < 7 && !doubleColon) return;
  IPV6_CHARS.lastIndex = start;
  const match = IPV6_CHARS.exec(text);
  if (!match?.[0].includes(':')) return;
  let value = match[0];
  while (value.endsWith('.') || (value.endsWith(':') && !value.endsWith('::'))) value = value.slice(0, -1);
  if (/[\w]/.test(text[start + value.length] ?? '') || !isIPv6(value)) return;
  scan.emit({
    type: 'IP_ADDRESS',
    start,
    end: ipv6Suffix(text, start + value.length),
    detector: 'ip-address',
    base: 0.7,
    checksum: undefined,
    context: IP_CONTEXT,
    needsContext: false,
    contextGiven: undefined,
    negativeApplies: true,
  });
}

/** Addresses whose first group is all digits ("00:1A:…", "2001:db8::1") arrive as numbers. */
export const hexAddressFromNumber: NumberDetector = {
  kind: 'number',
  id: 'hex-address',
  types: ['MAC_ADDRESS', 'IP_ADDRESS'],
  minDigits: 1,
  onNumber(run, scan) {
    if (run.plus || run.paren) return;
    const after = scan.text.charCodeAt(run.groupEnds[0]!);
    const afterDoubleColon = scan.text.startsWith('::', run.start - 2);
    if (after === 58 || after === 45 || after === 46 || run.gluedToWord || afterDoubleColon) {
      if (run.groupStarts.length === 1 && run.gluedToWord) return; // a mixed token: the token detector has it
      hexAddressAt(scan.text, run.start, scan);
    }
  },
};

/** Addresses whose first group has a letter ("fe80::1", "a4:5e:60:…"). */
export const hexAddressFromToken: TokenDetector = {
  kind: 'token',
  id: 'hex-address',
  types: ['MAC_ADDRESS', 'IP_ADDRESS'],
  // One hex group: "fe80", "a4", "E".
  minLength: 1,
  maxLength: 4,
  onToken(token, scan) {
    // The separator after the group first: most short words ("12th", "1st") are followed by a space.
    const after = scan.text.charCodeAt(token.end);
    if ((after === 58 || after === 45 || after === 46) && HEX.test(token.value)) {
      hexAddressAt(scan.text, token.start, scan);
    }
  },
};

/**
 * MAC addresses written with hex letters only ("AA:BB:CC:DD:EE:FF", "aabb.ccdd.eeff"): no digit brings them to
 * the scanner's anchors, so the whole text is looked through — from each ':' '-' or '.' with hex letters on both
 * sides (indexOf, a few character tests each), the address confirmed by a sticky pattern. Addresses with a digit
 * anywhere are the anchored detectors' (hexAddressFromNumber/FromToken).
 */
const LETTERS_ONLY_COLON_OR_DASH = /[A-Fa-f]{2}([:-])[A-Fa-f]{2}(?:\1[A-Fa-f]{2}){4}(?![\w:-])/y;
const LETTERS_ONLY_DOTTED = /[A-Fa-f]{4}\.[A-Fa-f]{4}\.[A-Fa-f]{4}(?!\w|\.\w)/y;
const isHexLetterCode = (code: number) => (code | 32) >= 97 && (code | 32) <= 102;

function lettersOnlyFrom(scan: ScanContext, separator: string, groupLength: number, pattern: RegExp): void {
  const text = scan.text;
  // A first separator: the address starts `groupLength` before it.
  for (let at = text.indexOf(separator); at !== -1; at = text.indexOf(separator, at + 1)) {
    const start = at - groupLength;
    if (start < 0 || !isHexLetterCode(text.charCodeAt(at + 1)) || !isHexLetterCode(text.charCodeAt(start)))
      continue;
    const before = text.charCodeAt(start - 1);
    if (isWordCode(before) || before === 58 || before === 45 || before === 46) continue;
    pattern.lastIndex = start;
    if (!pattern.test(text)) continue;
    emitMac(scan, start, pattern.lastIndex, groupLength === 2 ? 0.7 : 0.6);
    at = pattern.lastIndex;
  }
}

export const lettersOnlyMac: TextDetector = {
  kind: 'text',
  id: 'mac-address',
  types: ['MAC_ADDRESS'],
  scanText(scan) {
    lettersOnlyFrom(scan, ':', 2, LETTERS_ONLY_COLON_OR_DASH);
    lettersOnlyFrom(scan, '-', 2, LETTERS_ONLY_COLON_OR_DASH);
    lettersOnlyFrom(scan, '.', 4, LETTERS_ONLY_DOTTED);
  },
};
